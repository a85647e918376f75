package dev.solemate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code solemate routines} and {@code solemate validate}. */
class RoutinesAndValidateTest {

    @TempDir
    Path dir;

    @Test
    void routinesListsEveryBuiltInWithItsDuration() {
        CliRunner.Result r = CliRunner.run("routines");

        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).containsPattern("(?m)^bedtime +1[45]:\\d\\d  ")
                .containsPattern("(?m)^quick-unwind +0[45]:\\d\\d  ")
                .contains("plantar-relief").contains("circulation");
    }

    @Test
    void validateAcceptsAGoodFileAndShowsHowEachProfileAdaptsIt() throws Exception {
        Path file = dir.resolve("evening.json");
        Files.writeString(file, """
                {
                  "name": "evening",
                  "description": "A short test routine.",
                  "steps": [
                    { "name": "arch", "duration": "1m", "zones": { "arch": { "technique": "knead", "intensity": 40 } } }
                  ]
                }
                """);

        CliRunner.Result r = CliRunner.run("validate", file.toString());

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).startsWith(file + ": routine 'evening' is valid, 01:00 long")
                .contains("shiatsu-4zone").contains("budget-2zone").contains("aircomp-5zone");
    }

    @Test
    void validateRejectsIntensity140WithTheLineAndPath() throws Exception {
        Path file = dir.resolve("hot.json");
        Files.writeString(file, """
                {
                  "name": "hot",
                  "description": "Too strong.",
                  "steps": [
                    { "name": "arch", "duration": "1m", "zones": { "arch": { "technique": "knead", "intensity": 140 } } }
                  ]
                }
                """);

        CliRunner.Result r = CliRunner.run("validate", file.toString());

        assertThat(r.exitCode()).isEqualTo(ExitCodes.INVALID_FILE);
        assertThat(r.err()).startsWith("solemate: " + file + ":5:").contains("$.steps[0].zones.arch.intensity")
                .contains("140");
    }
}
