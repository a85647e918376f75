package dev.solemate.cli.terminal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.solemate.serial.emulator.EmulatorOptions;
import dev.solemate.serial.emulator.FirmwareEmulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * A serial link dropped in the middle of {@code solemate run}: the user sees one sentence saying
 * the link was lost and why, and one saying exactly what is known about the device (its stop is
 * not confirmed, and its own watchdog stops it), with no logger lines or stack traces; with
 * --verbose the same sentences, and the details between them. The real program runs in a child
 * JVM over a real socat pseudo-terminal pair to the firmware emulator, and socat is killed.
 */
@EnabledOnOs(OS.LINUX)
class UnplugTest {

    @TempDir
    Path dir;

    @Test
    @Timeout(90)
    void aPulledCableEndsTheRunWithTwoPlainSentences() throws Exception {
        List<String> lines = runAndUnplug(false);

        assertThat(masked(lines)).containsExactly(
                "Playing bedtime (14:30) on Shiatsu roller, 4 zones, with heat [serial:HOST] at 10x",
                "[00:00] step 1/10 warm-up",
                "Ended after MM:SS: lost the link to the device (… (unplugged?)).",
                "The stop is not confirmed; the device's own watchdog stops it 1 s after the last request it received.");
    }

    @Test
    @Timeout(90)
    void withVerboseTheSameSentencesComeWithTheDetails() throws Exception {
        List<String> lines = runAndUnplug(true);

        List<String> sentences = masked(lines).stream().filter(l -> !isDetail(l)).toList();
        assertThat(sentences).containsExactly(
                "Playing bedtime (14:30) on Shiatsu roller, 4 zones, with heat [serial:HOST] at 10x",
                "[00:00] step 1/10 warm-up",
                "Ended after MM:SS: lost the link to the device (… (unplugged?)).",
                "The stop is not confirmed; the device's own watchdog stops it 1 s after the last request it received.");
        assertThat(lines).anyMatch(l -> l.matches(".* WARN +\\[.*] dev\\.solemate\\.serial\\.driver\\.\\w+ - .*"
                + "disconnected.*"));
    }

    private List<String> runAndUnplug(boolean verbose) throws Exception {
        Tools.require("socat");
        Path host = dir.resolve("host");
        Path board = dir.resolve("board");
        Process socat = new ProcessBuilder("socat", "pty,raw,echo=0,link=" + host, "pty,raw,echo=0,link=" + board)
                .redirectErrorStream(true).redirectOutput(dir.resolve("socat.log").toFile()).start();
        try {
            waitFor(host);
            waitFor(board);
            try (FirmwareEmulator emulator = FirmwareEmulator.start(board.toString(), EmulatorOptions.defaults())) {
                String[] args = verbose
                        ? new String[] {"run", "bedtime", "--device", "serial:" + host, "--speed", "10", "--plain", "--verbose"}
                        : new String[] {"run", "bedtime", "--device", "serial:" + host, "--speed", "10", "--plain"};
                try (ChildCommand run = ChildCommand.start(Map.of("SOLEMATE_STATE_DIR", dir.resolve("state").toString()),
                        args)) {
                    run.awaitLine(l -> l.startsWith("[00:00] step 1/"), 60);
                    socat.destroyForcibly();                         // the cable is pulled
                    assertThat(run.waitFor(60)).as(run.output()).isEqualTo(1);
                    return run.lines();
                }
            }
        } finally {
            socat.destroyForcibly();
            socat.waitFor(5, TimeUnit.SECONDS);
        }
    }

    private List<String> masked(List<String> lines) {
        String host = dir.resolve("host").toString();
        return lines.stream()
                .map(l -> l.replace(host, "HOST"))
                .map(l -> l.replaceAll("^Ended after \\d\\d:\\d\\d", "Ended after MM:SS"))
                // Which end notices first, the reading or the writing, is a race, and a write to a pty whose
                // far end is gone either fails or hands back nothing: each cause is the truth.
                .map(l -> l.replaceAll("lost the link to the device \\((serial port HOST stopped answering reads"
                        + "|writing to HOST failed: writing to serial port HOST failed) \\(unplugged\\?\\)\\)",
                        "lost the link to the device (… (unplugged?))"))
                .map(l -> l.replace("lost the link to the device (writing to HOST failed: writing to serial port HOST"
                        + " failed: the port was closed underneath (unplugged, or jSerialComm closing every port as"
                        + " the JVM exits)).", "lost the link to the device (… (unplugged?))."))
                .toList();
    }

    /** A log record (time, level, thread, logger) or a line of its stack trace. */
    private static boolean isDetail(String line) {
        return line.matches("\\d{4}-\\d\\d-\\d\\dT.* (TRACE|DEBUG|INFO|WARN|ERROR) +\\[.*") || line.startsWith("\t")
                || line.matches("^(Caused by|[a-z]+\\.[\\w.$]+(Exception|Error)).*");
    }

    private static void waitFor(Path link) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!Files.exists(link) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(link).exists();
    }
}
