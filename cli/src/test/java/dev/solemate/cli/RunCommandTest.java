package dev.solemate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code solemate run}: plain output, exit codes and one-line errors. */
@Timeout(60)
class RunCommandTest {

    @TempDir
    Path dir;

    @Test
    void playsBedtimeOnTheSimulatorWithOneLinePerStepAndEndsAtZero() {
        CliRunner.Result r = CliRunner.run("run", "bedtime", "--speed", "1000", "--plain");

        assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitCodes.OK);
        String[] lines = r.out().split("\n");
        assertThat(lines[0]).startsWith("Playing bedtime (").contains("[sim:] at 1000x");
        assertThat(lines[1]).startsWith("[00:00] step 1/");
        assertThat(lines).anyMatch(l -> l.matches("\\[\\d\\d:\\d\\d] step \\d+/\\d+ .+"));
        assertThat(lines[lines.length - 1]).startsWith("Finished after ").endsWith("the device is at zero.");
    }

    @Test
    void unknownRoutineIsAUsageErrorListingTheBuiltIns() {
        CliRunner.Result r = CliRunner.run("run", "no-such-routine");

        assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).startsWith("solemate: ").contains("no-such-routine").contains("bedtime");
        assertThat(r.err().strip().lines()).hasSize(1);
    }

    @Test
    void brokenRoutineFileExitsWithThreeAndNamesTheFileAndPlace() throws Exception {
        Path file = dir.resolve("broken.json");
        Files.writeString(file, "{\n  \"name\": \"x\",\n  \"steps\": [\n");

        CliRunner.Result r = CliRunner.run("run", file.toString());

        assertThat(r.exitCode()).isEqualTo(ExitCodes.INVALID_FILE);
        assertThat(r.err()).startsWith("solemate: " + file).contains(":");
        assertThat(r.err().strip().lines()).hasSize(1);
    }

    @Test
    void unknownDeviceSchemeListsTheInstalledOnes() {
        CliRunner.Result r = CliRunner.run("run", "bedtime", "--device", "bluetooth:AA:BB");

        assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("no driver for scheme 'bluetooth:'").contains("sim:");
    }

    @Test
    void comfortOutOfRangeIsRefusedBeforeAnythingRuns() {
        CliRunner.Result r = CliRunner.run("run", "bedtime", "--comfort", "140");

        assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).isEqualTo("solemate: --comfort 140 is out of range (expected 1 to 100)\n");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void unknownOptionIsAUsageErrorWithAHint() {
        CliRunner.Result r = CliRunner.run("run", "bedtime", "--sped", "60");

        assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("--sped").contains("try 'solemate run --help'");
    }
}
