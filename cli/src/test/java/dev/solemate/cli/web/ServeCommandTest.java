package dev.solemate.cli.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.solemate.cli.ExitCodes;
import dev.solemate.cli.Main;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/** {@code solemate serve}: its arguments, and Ctrl-C stopping every device. */
@Timeout(60)
class ServeCommandTest {

    @TempDir
    Path dir;

    @Test
    void badArgumentsAreUsageErrorsThatSayWhatIsAllowed() {
        assertThat(run("serve", "--listen", "8765")).startsWith("2 solemate: --listen '8765' is not ADDR:PORT");
        assertThat(run("serve", "--listen", "127.0.0.1:99999")).contains("out of range (expected 0 to 65535)");
        assertThat(run("serve", "--device", "bed=sim:", "--device", "bed=sim:"))
                .startsWith("2 ").contains("the name 'bed' is used twice");
        assertThat(run("serve", "--device", "bed room=sim:")).startsWith("2 ").contains("name 'bed room' is not allowed");
        assertThat(run("serve", "--comfort", "0")).startsWith("2 ").contains("--comfort 0 is out of range (expected 1 to 100)");
        assertThat(run("serve", "--routines", dir.resolve("missing.json").toString()))
                .startsWith("2 ").contains("no such file or folder");
    }

    @Test
    void devicesAreNamedOrNumbered() {
        assertThat(ServeCommand.specs(List.of("sim:", "bedroom=sim:?profile=budget-2zone", "serial:/dev/ttyUSB0")))
                .containsExactly(new WebServer.DeviceSpec("massager", "sim:"),
                        new WebServer.DeviceSpec("bedroom", "sim:?profile=budget-2zone"),
                        new WebServer.DeviceSpec("massager-2", "serial:/dev/ttyUSB0"));
    }

    @Test
    @EnabledOnOs({OS.LINUX, OS.MAC})
    void ctrlCStopsEveryDeviceAndExitsWith130() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        ProcessBuilder pb = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "serve", "--listen", "127.0.0.1:" + port, "--device", "bedroom=sim:")
                .redirectErrorStream(true);
        pb.environment().put("SOLEMATE_STATE_DIR", dir.toString());
        Process process = pb.start();
        List<String> lines = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                lines.add(line);
                if (line.startsWith("Closing the page changes nothing")) {
                    HttpClient http = HttpClient.newHttpClient();
                    HttpResponse<String> set = http.send(HttpRequest.newBuilder(
                                    URI.create("http://127.0.0.1:" + port + "/api/devices/bedroom/zones/arch"))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString("{\"level\":1}")).build(),
                            HttpResponse.BodyHandlers.ofString());
                    assertThat(set.statusCode()).as(set.body()).isEqualTo(200);
                    assertThat(set.body()).contains("\"at_zero\":false");
                    new ProcessBuilder("kill", "-INT", Long.toString(process.pid())).start().waitFor();
                }
            }
        }
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();

        assertThat(process.exitValue()).as(String.join("\n", lines)).isEqualTo(ExitCodes.INTERRUPTED);
        assertThat(lines.get(0)).isEqualTo("Serving bedroom (Shiatsu roller, 4 zones, with heat) on http://127.0.0.1:"
                + port + "/");
        assertThat(lines).contains("Stopping every device...", "Stopped. Bye.");
    }

    private static String run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return code + " " + err + out;
    }
}
