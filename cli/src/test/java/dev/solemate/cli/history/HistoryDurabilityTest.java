package dev.solemate.cli.history;

import static org.assertj.core.api.Assertions.assertThat;

import dev.solemate.cli.ExitCodes;
import dev.solemate.cli.Main;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * A session is in the history however the run ends: killed with kill -9 (shown as interrupted, with
 * when it was last seen alive), stopped by SIGTERM (recorded as terminated by the run itself). The
 * real program runs in a child JVM with its own state folder, and gets the real signals.
 */
@EnabledOnOs({OS.LINUX, OS.MAC})
class HistoryDurabilityTest {

    @TempDir
    Path state;

    private Process startRun() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        ProcessBuilder builder = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "run", "bedtime", "--plain", "--device", "sim:")
                .redirectErrorStream(true);
        builder.environment().put("SOLEMATE_STATE_DIR", state.resolve("solemate").toString());
        return builder.start();
    }

    /** Reads the child's output until the routine plays, then sends {@code signal}; returns every line. */
    private static List<String> signalWhenPlaying(Process process, String signal) throws Exception {
        List<String> lines = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                lines.add(line);
                if (line.startsWith("[00:00] step 1/")) {
                    new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).start().waitFor();
                }
            }
        }
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return lines;
    }

    private SessionLog log() {
        return new SessionLog(state.resolve("solemate").resolve(SessionLog.FILE_NAME));
    }

    @Test
    @Timeout(60)
    void aRunKilledWithKill9IsShownInterruptedWithWhenItWasLastSeen() throws Exception {
        Process process = startRun();
        OffsetDateTime before = OffsetDateTime.now().minusSeconds(1);
        List<String> lines = signalWhenPlaying(process, "KILL");

        assertThat(process.exitValue()).as(String.join("\n", lines)).isEqualTo(137);
        List<SessionRecord> records = log().read().records();
        assertThat(records).hasSize(1);
        SessionRecord r = records.get(0);
        assertThat(r.routine()).isEqualTo("bedtime");
        assertThat(r.ending()).isEqualTo(SessionEnding.INTERRUPTED);
        assertThat(r.lastSeen()).hasValueSatisfying(seen -> assertThat(seen).isAfter(before));
        assertThat(r.reason()).contains("interrupted");

        CliOutput shown = history();
        assertThat(shown.text()).contains("interrupted").contains("last seen alive");
    }

    @Test
    @Timeout(60)
    void sigtermStopsTheDeviceAndRecordsTerminated() throws Exception {
        Process process = startRun();
        List<String> lines = signalWhenPlaying(process, "TERM");

        assertThat(process.exitValue()).as(String.join("\n", lines)).isEqualTo(ExitCodes.TERMINATED);
        assertThat(lines.get(lines.size() - 1)).endsWith("the device is at zero.");
        List<SessionRecord> records = log().read().records();
        assertThat(records).hasSize(1);
        assertThat(records.get(0).ending()).isEqualTo(SessionEnding.TERMINATED);
        assertThat(records.get(0).reason()).isEqualTo("terminated (SIGTERM)");
    }

    @Test
    @Timeout(60)
    void theHistoryIsPrivateToItsOwner() throws Exception {
        Process process = startRun();
        signalWhenPlaying(process, "TERM");

        Path dir = state.resolve("solemate");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(SessionLog.FILE_NAME))))
                .isEqualTo("rw-------");
    }

    @Test
    void aPlayingSessionNotHeardOfForLongIsInterruptedAndARecentOneStillPlays() throws Exception {
        Path file = state.resolve("h.jsonl");
        OffsetDateTime start = OffsetDateTime.of(2026, 12, 4, 21, 0, 0, 0, ZoneOffset.UTC);
        SessionRecord playing = new SessionRecord(start, "bedtime", "serial:/dev/ttyUSB0", "shiatsu-4zone",
                Duration.ofSeconds(40), SessionEnding.PLAYING, "playing", Optional.of("a"), Optional.of(start.plusSeconds(40)));
        Files.writeString(file, SessionLog.toNode(playing).toString() + "\n");

        Clock soon = Clock.fixed(start.plusSeconds(50).toInstant(), ZoneOffset.UTC);
        assertThat(new SessionLog(file, soon).read().records().get(0).ending()).isEqualTo(SessionEnding.PLAYING);
        Clock later = Clock.fixed(start.plusMinutes(5).toInstant(), ZoneOffset.UTC);
        SessionRecord read = new SessionLog(file, later).read().records().get(0);
        assertThat(read.ending()).isEqualTo(SessionEnding.INTERRUPTED);
        assertThat(read.lastSeen()).contains(start.plusSeconds(40));
        assertThat(read.played()).isEqualTo(Duration.ofSeconds(40));
    }

    @Test
    void theLinesOfOneRunAreOneSessionTheLatestWinning() throws Exception {
        Path file = state.resolve("h.jsonl");
        SessionLog log = new SessionLog(file, Clock.fixed(Instant.parse("2026-12-05T00:00:00Z"), ZoneOffset.UTC));
        OffsetDateTime start = OffsetDateTime.of(2026, 12, 4, 21, 0, 0, 0, ZoneOffset.UTC);
        SessionRecord started = new SessionRecord(start, "bedtime", "sim:", "shiatsu-4zone", Duration.ZERO,
                SessionEnding.PLAYING, "playing", Optional.of("b"), Optional.of(start));
        log.append(started);
        log.append(started.ended(SessionEnding.PLAYING, Duration.ofSeconds(20), "playing", start.plusSeconds(20)));
        log.append(started.ended(SessionEnding.COMPLETED, Duration.ofSeconds(870), "completed", start.plusSeconds(870)));

        assertThat(log.read().records()).singleElement().satisfies(r -> {
            assertThat(r.ending()).isEqualTo(SessionEnding.COMPLETED);
            assertThat(r.played()).isEqualTo(Duration.ofSeconds(870));
        });
    }

    @Test
    void aDevicePasswordNeverReachesTheHistoryFile() throws Exception {
        Path file = state.resolve("h.jsonl");
        SessionLog log = new SessionLog(file);
        OffsetDateTime start = OffsetDateTime.of(2026, 12, 4, 21, 0, 0, 0, ZoneOffset.UTC);
        log.append(new SessionRecord(start, "bedtime", "mqtts://ha:S3cr3t@h:8883/solemate/b?password=S3cr3t-Pa55!",
                "shiatsu-4zone", Duration.ofSeconds(60), SessionEnding.COMPLETED, "completed", Optional.of("c"),
                Optional.of(start.plusSeconds(60))));

        assertThat(Files.readString(file)).doesNotContain("S3cr3t").contains("password=***").contains("ha:***@");
    }

    private record CliOutput(String text) {
    }

    private CliOutput history() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        ProcessBuilder builder = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "history").redirectErrorStream(true);
        builder.environment().put("SOLEMATE_STATE_DIR", state.resolve("solemate").toString());
        Process p = builder.start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(30, TimeUnit.SECONDS);
        return new CliOutput(text);
    }
}
