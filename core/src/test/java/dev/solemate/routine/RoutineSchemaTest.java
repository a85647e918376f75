package dev.solemate.routine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.solemate.device.Technique;
import dev.solemate.device.Zone;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The JSON Schema shipped for editors says what the parser accepts. */
@Timeout(10)
class RoutineSchemaTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static JsonNode schema() throws Exception {
        return MAPPER.readTree(Routines.schema());
    }

    @Test
    void docsCopyIsTheClassPathCopy() throws Exception {
        assertThat(Files.readString(Path.of("..", "docs", "routine.schema.json"), StandardCharsets.UTF_8))
                .as("docs/routine.schema.json and %s must be identical", Routines.SCHEMA_RESOURCE)
                .isEqualTo(Routines.schema());
    }

    @Test
    void schemaIsDraft2020WithAnId() throws Exception {
        assertThat(schema().get("$schema").asText()).isEqualTo("https://json-schema.org/draft/2020-12/schema");
        assertThat(schema().get("$id").asText()).isEqualTo("https://solemate.dev/schemas/routine.schema.json");
    }

    @Test
    void zonesAndTechniquesAreTheEnums() throws Exception {
        JsonNode defs = schema().get("$defs");
        List<String> zones = new ArrayList<>(List.of("all"));
        for (Zone zone : Zone.values()) {
            zones.add(zone.id());
        }
        List<String> techniques = new ArrayList<>();
        for (Technique technique : Technique.values()) {
            techniques.add(technique.id());
        }
        assertThat(texts(defs.at("/step/properties/zones/propertyNames/enum"))).isEqualTo(zones);
        assertThat(texts(defs.at("/action/properties/technique/enum"))).isEqualTo(techniques);
    }

    @Test
    void limitsMatchTheModel() throws Exception {
        JsonNode defs = schema().get("$defs");
        assertThat(defs.at("/blocks/maxItems").asInt()).isEqualTo(Routine.MAX_BLOCKS);
        assertThat(defs.at("/repeat/properties/repeat/maximum").asInt()).isEqualTo(Repeat.MAX_TIMES);
        assertThat(defs.at("/name/maxLength").asInt()).isEqualTo(Routine.MAX_NAME_LENGTH);
        assertThat(defs.at("/heat/oneOf/0/minimum").asInt()).isEqualTo(Heat.MIN_CELSIUS);
        assertThat(defs.at("/heat/oneOf/0/maximum").asInt()).isEqualTo(Heat.MAX_CELSIUS);
    }

    @Test
    void durationPatternAcceptsWhatTheParserAccepts() throws Exception {
        Pattern pattern = Pattern.compile(schema().at("/$defs/duration/oneOf/1/pattern").asText());
        for (String ok : List.of("90s", "2m", "1m30s", "1h", "500ms", "1.5s", "1h2m3s", "1m500ms")) {
            assertThat(pattern.matcher(ok).matches()).as(ok).isTrue();
            HumanDuration.parse(ok);
        }
        for (String bad : List.of("2 minutes", "-5s", "1.5m", "ms")) {
            assertThat(pattern.matcher(bad).matches()).as(bad).isFalse();
        }
    }

    @Test
    void builtInRoutinesPointEditorsAtTheSchema() {
        for (String name : Routines.builtIn().keySet()) {
            assertThat(Routines.resource(Routines.BUILT_IN_DIR + name + ".json"))
                    .contains("\"$schema\": \"https://solemate.dev/schemas/routine.schema.json\"");
        }
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
