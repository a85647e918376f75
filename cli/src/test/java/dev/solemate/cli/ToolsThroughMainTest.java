package dev.solemate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.solemate.cli.history.SessionLog;
import dev.solemate.cli.history.SessionRecord;
import dev.solemate.cli.history.SessionEnding;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The tools as the solemate command wires them: exit codes and one-line errors through Main. */
@Timeout(30)
class ToolsThroughMainTest {

    @TempDir
    Path dir;

    @Test
    void plotOfAnUnknownRoutineIsAUsageErrorNamingTheKnownOnes() {
        CliRunner.Result r = CliRunner.run("plot", "bedtme", "--output", dir.resolve("x.svg").toString());

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).startsWith("solemate: unknown routine 'bedtme' (expected one of: bedtime,").hasLineCount(1);
    }

    @Test
    void plotOfABrokenFileExitsThreeWithThePlaceInTheFile() throws Exception {
        Path routine = dir.resolve("broken.json");
        Files.writeString(routine, "{\"name\": \"x\", \"steps\": [\n  {\"name\": \"a\", \"duration\": \"1m\",\n"
                + "   \"zones\": {\"arch\": {\"technique\": \"knead\", \"intensity\": 140}}}]}\n");

        CliRunner.Result r = CliRunner.run("plot", routine.toString(), "--output", dir.resolve("x.svg").toString());

        assertThat(r.exitCode()).isEqualTo(3);
        assertThat(r.err()).startsWith("solemate: " + routine + ":3:").hasLineCount(1);
        assertThat(dir.resolve("x.svg")).doesNotExist();
    }

    @Test
    void everySubcommandAnswersVersion() {
        for (String command : new String[] {"plot", "control", "history", "doctor", "run"}) {
            CliRunner.Result r = CliRunner.run(command, "--version");

            assertThat(r.exitCode()).as(command).isZero();
            assertThat(r.out()).as(command).startsWith("solemate 0.1.0");
        }
    }

    @Test
    void controlOnAnUnknownSchemeIsAUsageError() {
        CliRunner.Result r = CliRunner.run("control", "--device", "bogus:x", "--lines");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).startsWith("solemate: no driver for scheme 'bogus:'").hasLineCount(1);
    }

    @Test
    void aRunIsRecordedInTheHistory() throws Exception {
        assertThat(System.getenv("SOLEMATE_STATE_DIR")).as("SOLEMATE_STATE_DIR (set by the cli module's"
                + " surefire configuration, so tests never write to the user's own history)").isNotNull();
        CliRunner.Result r = CliRunner.run("run", "quick-unwind", "--speed", "1000", "--device", "sim:?name=history-test");

        assertThat(r.exitCode()).isZero();
        List<SessionRecord> records = SessionLog.forUser().read().records();
        SessionRecord last = records.get(records.size() - 1);
        assertThat(last.routine()).isEqualTo("quick-unwind");
        assertThat(last.device()).isEqualTo("sim:?name=history-test");
        assertThat(last.ending()).isEqualTo(SessionEnding.COMPLETED);
        assertThat(CliRunner.run("history", "--json").out()).contains("\"device\":\"sim:?name=history-test\"");
    }
}
