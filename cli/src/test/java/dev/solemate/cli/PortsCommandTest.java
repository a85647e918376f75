package dev.solemate.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.solemate.serial.emulator.EmulatorOptions;
import dev.solemate.serial.emulator.FirmwareEmulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code solemate ports}: listing, and {@code --probe} finding the emulator on a real pseudo-terminal. */
@Timeout(60)
class PortsCommandTest {

    @TempDir
    Path dir;

    @Test
    void probeFindsTheEmulatorOnAPseudoTerminalAndSaysHowToOpenIt() throws Exception {
        requireSocat();
        Path host = dir.resolve("host");
        Path board = dir.resolve("board");
        Process socat = new ProcessBuilder("socat", "pty,raw,echo=0,link=" + host, "pty,raw,echo=0,link=" + board)
                .redirectErrorStream(true).start();
        try {
            for (int i = 0; i < 100 && !(Files.exists(host) && Files.exists(board)); i++) {
                Thread.sleep(20);
            }
            try (FirmwareEmulator emulator = FirmwareEmulator.start(board.toString(),
                    EmulatorOptions.defaults().withSerialNumber("PROBE-7"))) {
                CliRunner.Result r = CliRunner.run("ports", "--probe", host.toString());

                assertThat(r.exitCode()).as(r.err()).isZero();
                assertThat(r.out()).contains(host.toString())
                        .contains("Solemate device: shiatsu-4zone").contains("serial PROBE-7")
                        .contains("--device serial:" + host + "?protocol=solemate-text");
            }
        } finally {
            socat.destroy();
            socat.waitFor(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void aPortThatCannotBeOpenedIsReportedNotFatal() {
        CliRunner.Result r = CliRunner.run("ports", "--probe", "--timeout", "100", dir.resolve("nothing-here").toString());

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("nothing-here").contains("not probed: ");
    }

    @Test
    void withoutProbeNothingIsSentAndNoAnswerIsClaimed() {
        CliRunner.Result r = CliRunner.run("ports", dir.resolve("link").toString());

        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("link").doesNotContain("Solemate device").doesNotContain("answered");
    }

    private static void requireSocat() throws Exception {
        boolean present = new ProcessBuilder("sh", "-c", "command -v socat").start().waitFor() == 0;
        if (!present && "true".equals(System.getenv("SOLEMATE_REQUIRE_TOOLS"))) {
            throw new AssertionError("socat is required here (SOLEMATE_REQUIRE_TOOLS=true): apt-get install socat");
        }
        assumeTrue(present, "socat is not installed; install it to run this test: apt-get install socat");
    }
}
