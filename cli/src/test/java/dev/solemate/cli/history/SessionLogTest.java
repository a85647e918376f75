package dev.solemate.cli.history;

import static org.assertj.core.api.Assertions.assertThat;

import dev.solemate.player.PlaybackEnding;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(10)
class SessionLogTest {

    @TempDir
    Path dir;

    static SessionRecord session(String start, String routine, long seconds, PlaybackEnding ending) {
        return session(start, routine, seconds, ending, "serial:/dev/ttyUSB0");
    }

    static SessionRecord session(String start, String routine, long seconds, PlaybackEnding ending, String device) {
        return new SessionRecord(OffsetDateTime.parse(start), routine, device, "shiatsu-4zone",
                Duration.ofSeconds(seconds), ending, ending == PlaybackEnding.STOPPED ? "stopped by user" : ending.id());
    }

    @Test
    void appendedSessionsReadBackInOrderAsOneJsonLineEach() throws IOException {
        SessionLog log = new SessionLog(dir.resolve("state/history.jsonl"));
        SessionRecord first = session("2026-11-23T21:30:05+01:00", "bedtime", 900, PlaybackEnding.COMPLETED);
        SessionRecord second = session("2026-11-24T22:10:00+01:00", "quick-unwind", 95, PlaybackEnding.STOPPED);

        log.append(first);
        log.append(second);

        assertThat(log.read().records()).containsExactly(first, second);
        assertThat(log.read().warnings()).isEmpty();
        assertThat(Files.readAllLines(log.file())).containsExactly(
                "{\"start\":\"2026-11-23T21:30:05+01:00\",\"routine\":\"bedtime\",\"device\":\"serial:/dev/ttyUSB0\","
                        + "\"profile\":\"shiatsu-4zone\",\"playedSeconds\":900.0,\"ending\":\"completed\",\"reason\":\"completed\"}",
                "{\"start\":\"2026-11-24T22:10+01:00\",\"routine\":\"quick-unwind\",\"device\":\"serial:/dev/ttyUSB0\","
                        + "\"profile\":\"shiatsu-4zone\",\"playedSeconds\":95.0,\"ending\":\"stopped\",\"reason\":\"stopped by user\"}");
    }

    @Test
    void aTornLastLineFromACrashIsSkippedWithAWarningAndTheNextRecordStartsOnItsOwnLine() throws IOException {
        SessionLog log = new SessionLog(dir.resolve("history.jsonl"));
        SessionRecord before = session("2026-11-23T21:30:05+01:00", "bedtime", 900, PlaybackEnding.COMPLETED);
        log.append(before);
        String whole = SessionLog.toJson(session("2026-11-24T21:30:05+01:00", "bedtime", 900, PlaybackEnding.COMPLETED));
        Files.writeString(log.file(), whole.substring(0, 40), StandardCharsets.UTF_8, StandardOpenOption.APPEND);

        SessionLog.Contents torn = log.read();
        assertThat(torn.records()).containsExactly(before);
        assertThat(torn.warnings()).singleElement().asString()
                .endsWith("history.jsonl:2: skipped a torn last line (40 characters; the program probably stopped while writing it)");

        SessionRecord after = session("2026-11-25T21:30:05+01:00", "circulation", 600, PlaybackEnding.COMPLETED);
        log.append(after);
        SessionLog.Contents repaired = log.read();
        assertThat(repaired.records()).containsExactly(before, after);
        assertThat(repaired.warnings()).singleElement().asString()
                .endsWith("history.jsonl:2: skipped a torn line (40 characters; the program probably stopped while writing it)");
    }

    @Test
    void aLineThatIsNotARecordIsSkippedWithItsLineNumber() throws IOException {
        SessionLog log = new SessionLog(dir.resolve("history.jsonl"));
        Files.writeString(log.file(), "{\"start\":\"2026-11-23T21:30:05+01:00\"}\n");
        SessionRecord after = session("2026-11-25T21:30:05+01:00", "circulation", 600, PlaybackEnding.COMPLETED);
        log.append(after);

        SessionLog.Contents contents = log.read();
        assertThat(contents.records()).containsExactly(after);
        assertThat(contents.warnings()).singleElement().asString()
                .endsWith("history.jsonl:1: skipped a line that is not a session record (missing field 'routine')");
    }

    @Test
    void aMissingFileIsAnEmptyHistory() throws IOException {
        SessionLog.Contents contents = new SessionLog(dir.resolve("nothing/history.jsonl")).read();
        assertThat(contents.records()).isEmpty();
        assertThat(contents.warnings()).isEmpty();
    }

    @Test
    void stateDirectoryFollowsOverrideThenXdgThenHome() {
        assertThat(StateDirectory.resolve(Map.of("SOLEMATE_STATE_DIR", "/t/s", "XDG_STATE_HOME", "/x"), "/home/a"))
                .isEqualTo(Path.of("/t/s"));
        assertThat(StateDirectory.resolve(Map.of("XDG_STATE_HOME", "/x"), "/home/a")).isEqualTo(Path.of("/x/solemate"));
        assertThat(StateDirectory.resolve(Map.of("XDG_STATE_HOME", "relative"), "/home/a"))
                .isEqualTo(Path.of("/home/a/.local/state/solemate"));
        assertThat(StateDirectory.resolve(Map.of(), "/home/a")).isEqualTo(Path.of("/home/a/.local/state/solemate"));
    }
}
