package dev.solemate.cli.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.solemate.cli.RepoRoot;
import dev.solemate.device.Zone;
import dev.solemate.driver.ZoneSetting;
import dev.solemate.sim.SimulatedDevice;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The page in a real browser: Debian's headless Chromium driven by playwright-core
 * ({@code cli/src/test/e2e/dashboard.e2e.mjs}), against a server on {@code sim:}, at 360 x 740 and at
 * 1280 x 800: open the page, start a routine and see its progress move, tap a zone and see the level
 * change on the device, press STOP and see the device confirm zero within 1 s, pull the device and
 * see the page say so; and signing a phone in with the printed link. Skipped, with the install lines, when node, chromium or the npm packages are
 * missing; required in CI ({@code SOLEMATE_REQUIRE_TOOLS=true}). The screenshots land in
 * {@code cli/target/e2e/}; with {@code SOLEMATE_UPDATE_SCREENSHOTS=1} they also replace the ones
 * docs/web.md shows ({@code docs/images/web/}).
 */
@Timeout(120)
class BrowserEndToEndTest {

    private static final String CHROMIUM = "/usr/bin/chromium";

    @TempDir
    Path state;

    @Test
    void aPersonAtTheBedsideStartsARoutineTapsAZoneStopsAndSeesTheDeviceVanishAndComeBack() throws Exception {
        Path root = RepoRoot.find();
        Path e2e = root.resolve("cli/src/test/e2e");
        requireTools(e2e);
        Path shots = root.resolve("cli/target/e2e");
        WebToken token = WebToken.loadOrCreate(state.resolve("token"));
        try (WebRig rig = WebRig.open(state);
             WebRig guarded = WebRig.withToken(state.resolve("guarded"), token)) {
            Process node = new ProcessBuilder("node", "dashboard.e2e.mjs", "--url", rig.base + "/", "--shots",
                    shots.toString(), "--token-url", guarded.base + "/", "--token", token.value())
                    .directory(e2e.toFile()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            List<String> transcript = new ArrayList<>();
            try (BufferedReader in = new BufferedReader(new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8));
                 Writer out = new java.io.OutputStreamWriter(node.getOutputStream(), StandardCharsets.UTF_8)) {
                String line;
                while ((line = in.readLine()) != null) {
                    transcript.add(line);
                    switch (line) {
                        case "DEVICE" -> answer(out, deviceJson(rig.device()));
                        case "PULL" -> {
                            rig.device().disconnect("USB cable pulled");
                            answer(out, "OK");
                        }
                        case "PLUG" -> {
                            rig.device().reconnect();
                            answer(out, "OK");
                        }
                        default -> System.out.println("e2e: " + line);
                    }
                }
            } finally {
                if (!node.waitFor(30, TimeUnit.SECONDS)) {
                    node.destroyForcibly();
                }
            }
            assertThat(node.exitValue()).as(String.join("\n", transcript)).isZero();
            assertThat(transcript).contains("PASS");
            assertThat(rig.device().isAtZero()).isTrue();
        }
        if ("1".equals(System.getenv("SOLEMATE_UPDATE_SCREENSHOTS"))) {
            Path docs = root.resolve("docs/images/web");
            Files.createDirectories(docs);
            try (Stream<Path> files = Files.list(shots)) {
                for (Path shot : files.filter(p -> p.toString().endsWith(".png") && !p.toString().contains("failure")).toList()) {
                    Files.copy(shot, docs.resolve(shot.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    private static void answer(Writer out, String text) throws IOException {
        out.write(text + "\n");
        out.flush();
    }

    private static String deviceJson(SimulatedDevice device) {
        ObjectNode n = Json.object().put("atZero", device.isAtZero());
        for (Zone zone : List.of(Zone.TOES, Zone.BALL, Zone.ARCH, Zone.HEEL)) {
            ZoneSetting z = device.zone(zone);
            n.putObject(zone.id()).put("technique", z.technique().id()).put("level", z.level());
        }
        return n.toString();
    }

    private static void requireTools(Path e2e) {
        List<String> missing = new ArrayList<>();
        if (!onPath("node")) {
            missing.add("node (apt-get install -y nodejs npm)");
        }
        if (!Files.isExecutable(Path.of(CHROMIUM))) {
            missing.add("chromium (apt-get install -y chromium)");
        }
        if (!Files.isDirectory(e2e.resolve("node_modules/playwright-core"))) {
            missing.add("playwright-core (cd cli/src/test/e2e && npm ci)");
        }
        if (missing.isEmpty()) {
            return;
        }
        String hint = "the browser test needs " + String.join(", ", missing);
        if ("true".equals(System.getenv("SOLEMATE_REQUIRE_TOOLS"))) {
            Assertions.fail(hint + "; required because SOLEMATE_REQUIRE_TOOLS=true");
        }
        Assumptions.abort(hint);
    }

    private static boolean onPath(String tool) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }
}
