package dev.solemate.cli.history;

import static dev.solemate.cli.history.SessionLogTest.session;
import static org.assertj.core.api.Assertions.assertThat;

import dev.solemate.cli.CommandRun;
import dev.solemate.player.PlaybackEnding;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(10)
class HistoryCommandTest {

    private static final Clock NOW = Clock.fixed(Instant.parse("2026-11-25T18:00:00Z"), ZoneId.of("Europe/Paris"));

    @TempDir
    Path dir;
    SessionLog log;

    @BeforeEach
    void setUp() {
        log = new SessionLog(dir.resolve("history.jsonl"));
    }

    private CommandRun history(String... args) {
        return CommandRun.of(new HistoryCommand(NOW, log), args);
    }

    @Test
    void showsRecentSessionsNewestFirstAndTheStreak() throws IOException {
        log.append(session("2026-11-01T21:00:00+01:00", "bedtime", 900, PlaybackEnding.COMPLETED));
        log.append(session("2026-11-23T21:30:00+01:00", "bedtime", 900, PlaybackEnding.COMPLETED));
        log.append(session("2026-11-25T00:15:00+01:00", "quick-unwind", 190, PlaybackEnding.STOPPED));

        CommandRun run = history();

        assertThat(run.exitCode()).isZero();
        assertThat(run.err()).isEmpty();
        assertThat(run.out()).isEqualTo("""
                Sessions of the last 14 evenings:
                  Wed 25 Nov 00:15  quick-unwind        3:10  stopped    serial:/dev/ttyUSB0  stopped by user
                  Mon 23 Nov 21:30  bedtime            15:00  completed  serial:/dev/ttyUSB0

                Last 14 evenings: ···········●●○  (● a session, · none, ○ tonight so far; tonight last)
                Streak: 2 evenings in a row (since Mon 23 Nov); tonight not yet.
                """);
    }

    @Test
    void sessionsOnTheSimulatorAreListedButDoNotCountTowardTheStreak() throws IOException {
        log.append(session("2026-11-24T21:30:00+01:00", "bedtime", 900, PlaybackEnding.COMPLETED));
        log.append(session("2026-11-25T19:00:00+01:00", "bedtime", 900, PlaybackEnding.COMPLETED, "sim:"));

        CommandRun run = history("--days", "3");

        assertThat(run.out()).isEqualTo("""
                Sessions of the last 3 evenings:
                  Wed 25 Nov 19:00  bedtime            15:00  completed  sim:
                  Tue 24 Nov 21:30  bedtime            15:00  completed  serial:/dev/ttyUSB0
                  (sessions on the simulator, sim:, are practice: listed, not counted in the streak)

                Last 3 evenings: ·●○  (● a session, · none, ○ tonight so far; tonight last)
                Streak: 1 evening (since Tue 24 Nov); tonight not yet.
                """);
    }

    @Test
    void jsonListsSessionsWithTheirEveningAndTheStreak() throws IOException {
        log.append(session("2026-11-25T19:00:00+01:00", "bedtime", 900, PlaybackEnding.COMPLETED));

        CommandRun run = history("--json", "--days", "2");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).isEqualTo("{\"streak\":{\"evenings\":1,\"since\":\"2026-11-25\",\"tonight\":true},"
                + "\"sessions\":[{\"start\":\"2026-11-25T19:00+01:00\",\"evening\":\"2026-11-25\",\"routine\":\"bedtime\","
                + "\"device\":\"serial:/dev/ttyUSB0\",\"profile\":\"shiatsu-4zone\",\"playedSeconds\":900.0,\"ending\":\"completed\","
                + "\"reason\":\"completed\"}],\"warnings\":[]}\n");
    }

    @Test
    void anEmptyHistorySaysHowToStartOne() {
        CommandRun run = history();

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).isEqualTo("No sessions yet. Play one with: solemate run bedtime\n");
    }

    @Test
    void aTornLineIsReportedOnStderrAndTheRestIsShown() throws IOException {
        log.append(session("2026-11-24T21:30:00+01:00", "bedtime", 900, PlaybackEnding.COMPLETED));
        Files.writeString(log.file(), "{\"start\":\"2026-11-25", StandardCharsets.UTF_8, StandardOpenOption.APPEND);

        CommandRun run = history();

        assertThat(run.exitCode()).isZero();
        assertThat(run.err()).startsWith("solemate: warning: ").contains("skipped a torn last line");
        assertThat(run.out()).contains("bedtime").contains("Streak: 1 evening (since Tue 24 Nov); tonight not yet.");
    }

    @Test
    void daysOutOfRangeIsAUsageError() {
        CommandRun run = history("--days", "0");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--days 0 is out of range (expected 1 to 3660)");
    }

    @Test
    void helpShowsAnExample() {
        CommandRun run = history("--help");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("Examples:").contains("solemate history --days 30 --json");
    }
}
