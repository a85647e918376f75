package dev.solemate.routine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.solemate.device.Technique;
import dev.solemate.device.Zone;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The examples in docs/routines.md are real: the routines parse, the error message is exact, the builder matches. */
@Timeout(10)
class RoutineDocsTest {

    private static final Pattern BLOCK = Pattern.compile("(<!-- invalid -->\\n)?```(json|text)\\n(.*?)```", Pattern.DOTALL);

    private record Block(boolean invalid, String kind, String body) {
    }

    private static List<Block> blocks() throws Exception {
        String doc = Files.readString(Path.of("..", "docs", "routines.md"), StandardCharsets.UTF_8);
        List<Block> blocks = new ArrayList<>();
        Matcher m = BLOCK.matcher(doc);
        while (m.find()) {
            blocks.add(new Block(m.group(1) != null, m.group(2), m.group(3)));
        }
        return blocks;
    }

    private static boolean isWholeRoutine(String json) throws Exception {
        if (!json.trim().startsWith("{")) {
            return false;
        }
        JsonNode node = new ObjectMapper().readTree(json);
        return node.has("name") && node.has("steps");
    }

    @Test
    void everyWholeRoutineInTheDocsParsesAndTheInvalidOneGivesTheDocumentedMessage() throws Exception {
        List<Block> blocks = blocks();
        int valid = 0;
        int invalid = 0;
        for (int i = 0; i < blocks.size(); i++) {
            Block block = blocks.get(i);
            if (!block.kind().equals("json") || !isWholeRoutine(block.body())) {
                continue;
            }
            if (block.invalid()) {
                String expected = blocks.get(i + 1).body().trim();
                assertThatThrownBy(() -> Routines.parse("too-much.json", block.body())).hasMessage(expected);
                invalid++;
            } else {
                Routines.parse("docs", block.body());
                valid++;
            }
        }
        assertThat(valid).isGreaterThanOrEqualTo(1);
        assertThat(invalid).isEqualTo(1);
    }

    @Test
    void theBuilderExampleMakesTheFirstExampleRoutine() throws Exception {
        Routine evening = Routine.builder("evening")
                .description("A short wind-down: warm up, work the arch and heel, cool down.")
                .heat(38)
                .step("warm-up", Duration.ofMinutes(2), s -> s.allZones(Technique.KNEAD, Shape.ramp(10, 25)))
                .repeat(3, r -> r
                        .step("arch", Duration.ofSeconds(40), s -> s.zone(Zone.ARCH, Technique.ROLL, 35))
                        .step("heel", Duration.ofSeconds(40), s -> s
                                .zone(Zone.HEEL, Technique.PRESS, Shape.pulse(20, 45, Duration.ofSeconds(4)))))
                .step("cool-down", Duration.ofSeconds(90), s -> s
                        .allZones(Technique.KNEAD, Shape.ramp(20, 5))
                        .heatOff())
                .build();
        Block first = blocks().stream().filter(b -> b.kind().equals("json")).findFirst().orElseThrow();
        assertThat(evening).isEqualTo(Routines.parse("evening.json", first.body()));
        assertThat(evening.duration()).isEqualTo(Duration.ofMinutes(7).plusSeconds(30));
    }

    @Test
    void theLoadingSnippetRunsAsWritten(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        String json = blocks().stream().filter(b -> b.kind().equals("json")).findFirst().orElseThrow().body();
        Files.writeString(dir.resolve("evening.json"), json);
        // The snippet's lines, with the file where the test put it:
        Routine routine = Routines.resolve("bedtime");            // a built-in name or a .json file
        Routine mine = Routines.load(dir.resolve("evening.json")); // InvalidFileException when it is bad
        Routine text = Routines.parse("<stdin>", json);           // the label names the input in errors
        java.util.Map<String, Routine> all = Routines.builtIn();  // bedtime, quick-unwind, plantar-relief, circulation
        assertThat(routine.name()).isEqualTo("bedtime");
        assertThat(mine).isEqualTo(text);
        assertThat(all.keySet()).containsExactly("bedtime", "quick-unwind", "plantar-relief", "circulation");
        assertThat(Routines.resolve(dir.resolve("evening.json").toString())).isEqualTo(mine);
    }

    @Test
    void theListingExcerptIsTheRealBedtimeListing() throws Exception {
        String listing = RoutineCompiler.compile(Routines.builtIn("bedtime"),
                dev.solemate.device.DeviceProfiles.builtIn("shiatsu-4zone")).listing();
        Block excerpt = blocks().stream().filter(b -> b.body().startsWith("# bedtime on")).findFirst().orElseThrow();
        for (String line : excerpt.body().split("\n")) {
            if (!line.equals("...")) {
                assertThat(listing).contains(line + "\n");
            }
        }
    }
}
