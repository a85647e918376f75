package dev.solemate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * Ctrl-C during {@code solemate run}: the command stops the device, says so, and exits with 130.
 * Runs the real program in a child JVM and sends it SIGINT, as a terminal does.
 */
@EnabledOnOs({OS.LINUX, OS.MAC})
class CtrlCStopsTheDeviceTest {

    @Test
    @Timeout(60)
    void ctrlCDuringARoutineStopsTheDeviceAndExitsWith130() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process process = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "run", "bedtime", "--plain")
                .redirectErrorStream(true)
                .start();
        List<String> lines = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                lines.add(line);
                if (line.startsWith("[00:00] step 1/")) {
                    new ProcessBuilder("kill", "-INT", Long.toString(process.pid())).start().waitFor();
                }
            }
        }
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();

        assertThat(process.exitValue()).as(String.join("\n", lines)).isEqualTo(ExitCodes.INTERRUPTED);
        assertThat(lines.get(lines.size() - 1)).startsWith("Stopped after 00:0").endsWith("the device is at zero.");
    }
}
