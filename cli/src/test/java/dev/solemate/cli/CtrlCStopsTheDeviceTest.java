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
 * Ctrl-C during {@code solemate run}: the command stops the device, says so in one line, and exits
 * with 130. Runs the real program in a child JVM and sends it SIGINT, as a terminal does; with
 * --verbose the same lines come with the details between them.
 */
@EnabledOnOs({OS.LINUX, OS.MAC})
class CtrlCStopsTheDeviceTest {

    private static final List<String> SEEN = List.of(
            "Playing bedtime (14:30) on Shiatsu roller, 4 zones, with heat [sim:]",
            "[00:00] step 1/10 warm-up",
            "Stopped after MM:SS (Ctrl-C); the device is at zero.");

    @Test
    @Timeout(60)
    void ctrlCDuringARoutineStopsTheDeviceAndExitsWith130() throws Exception {
        List<String> lines = interrupted("run", "bedtime", "--plain");

        assertThat(masked(lines)).containsExactlyElementsOf(SEEN);
    }

    @Test
    @Timeout(60)
    void withVerboseTheSameLinesComeWithTheDetails() throws Exception {
        List<String> lines = interrupted("run", "bedtime", "--plain", "--verbose");

        assertThat(masked(lines).stream().filter(l -> !l.matches("\\d{4}-\\d\\d-\\d\\dT.*")).toList())
                .containsExactlyElementsOf(SEEN);
        assertThat(lines).anyMatch(l -> l.matches("\\d{4}-\\d\\d-\\d\\dT\\S+ (DEBUG|INFO) +\\[.*] dev\\.solemate\\..* - .*"));
    }

    private static List<String> interrupted(String... args) throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> command = new ArrayList<>(List.of(java.toString(), "-cp", System.getProperty("java.class.path"),
                Main.class.getName()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
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
        return lines;
    }

    private static List<String> masked(List<String> lines) {
        return lines.stream().map(l -> l.replaceAll("^Stopped after \\d\\d:\\d\\d", "Stopped after MM:SS")).toList();
    }
}
