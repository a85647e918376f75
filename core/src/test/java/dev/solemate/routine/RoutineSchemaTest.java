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
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The JSON Schema shipped for editors says what the parser accepts: checked with a real draft
 * 2020-12 validator on the built-in routines and on files the parser rejects.
 */
@Timeout(20)
class RoutineSchemaTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Schema VALIDATOR = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
            .getSchema(Routines.schema(), InputFormat.JSON);

    /** What the schema finds wrong in {@code json}; empty when it is valid. */
    static List<Error> schemaErrors(String json) {
        return VALIDATOR.validate(json, InputFormat.JSON);
    }

    @Test
    void everyBuiltInRoutineIsValidAgainstTheSchema() {
        for (String name : Routines.builtIn().keySet()) {
            assertThat(schemaErrors(Routines.resource(Routines.BUILT_IN_DIR + name + ".json"))).as(name).isEmpty();
        }
    }

    private static final String STEP = "{ \"name\": \"a\", \"duration\": %s, \"zones\": { %s } }";

    private static String routine(String duration, String zones) {
        return "{ \"name\": \"x\", \"steps\": [ " + STEP.formatted(duration, zones) + " ] }";
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "{ \"name\": \"x\", \"steps\": [] }",
        "{ \"steps\": [ { \"name\": \"a\", \"duration\": 5 } ] }",
        "{ \"name\": \"x\", \"descripton\": \"y\", \"steps\": [ { \"name\": \"a\", \"duration\": 5 } ] }",
        "{ \"name\": \"x\", \"heat\": 70, \"steps\": [ { \"name\": \"a\", \"duration\": 5 } ] }",
        "{ \"name\": \"x\", \"steps\": [ { \"repeat\": 0, \"steps\": [ { \"name\": \"a\", \"duration\": 5 } ] } ] }",
        "{ \"name\": \"x\", \"steps\": [ { \"name\": \"a\", \"duration\": \"-5s\" } ] }",
        "{ \"name\": \"x\", \"steps\": [ { \"name\": \"a\", \"duration\": 0 } ] }",
        "{ \"name\": \"x\", \"steps\": [ { \"name\": \"a\", \"duration\": 0.5 } ] }",
        "{ \"name\": \"x\", \"steps\": [ { \"name\": \"a\", \"duration\": \"two minutes\" } ] }",
        "{ \"name\": \"x\", \"steps\": [ { \"name\": \"a\" } ] }",
    })
    void schemaRejectsStructurallyBadRoutinesLikeTheParser(String json) {
        assertThat(schemaErrors(json)).as("schema errors").isNotEmpty();
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> Routines.parse("x.json", json)))
                .as("parser").isInstanceOf(dev.solemate.json.InvalidFileException.class);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "\"heal\": { \"technique\": \"knead\", \"intensity\": 20 }",
        "\"arch\": { \"technique\": \"rub\", \"intensity\": 20 }",
        "\"arch\": { \"technique\": \"knead\", \"intensity\": 140 }",
        "\"arch\": { \"technique\": \"knead\", \"intensity\": { \"from\": 10 } }",
        "\"arch\": { \"technique\": \"knead\", \"intensity\": \"high\" }",
        "\"arch\": { \"technique\": \"knead\" }",
        "\"arch\": { \"technique\": \"knead\", \"intensity\": 20, \"speed\": 2 }",
        "\"arch\": { \"technique\": \"press\", \"intensity\": { \"pulse\": { \"low\": 1, \"high\": 2, \"period\": 0.5 } } }",
        "\"arch\": { \"technique\": \"press\", \"intensity\": { \"pulse\": { \"low\": 1, \"high\": 2 } } }",
    })
    void schemaRejectsBadZoneActionsLikeTheParser(String zones) {
        String json = routine("60", zones);
        assertThat(schemaErrors(json)).as("schema errors").isNotEmpty();
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> Routines.parse("x.json", json)))
                .as("parser").isInstanceOf(dev.solemate.json.InvalidFileException.class);
    }

    @Test
    void schemaAcceptsEveryFriendlyForm() {
        String json = routine("\"1m30s\"", "\"all\": { \"technique\": \"knead\", \"intensity\": 10 },"
                + " \"arch\": { \"technique\": \"roll\", \"intensity\": { \"from\": 10, \"to\": 30.5 } },"
                + " \"heel\": { \"technique\": \"press\", \"intensity\": { \"pulse\": { \"low\": 10, \"high\": 40,"
                + " \"period\": \"4s\" } } }");
        assertThat(schemaErrors(json)).isEmpty();
        Routines.parse("x.json", json);
    }

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
        for (String ok : List.of("90s", "2m", "1m30s", "1h", "500ms", "1.5s", "1h2m3s", "1m500ms", "90", "2.5")) {
            assertThat(pattern.matcher(ok).matches()).as(ok).isTrue();
            HumanDuration.parse(ok);
        }
        for (String bad : List.of("2 minutes", "-5s", "1.5m", "ms", "1.2345")) {
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
