package dev.solemate.cli.web;

import com.fasterxml.jackson.databind.JsonNode;
import dev.solemate.Massager;
import dev.solemate.Massagers;
import dev.solemate.cli.history.SessionLog;
import dev.solemate.sim.SimulatedDevice;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/** A running web server on 127.0.0.1 and a free port, over simulated massagers, for tests. */
final class WebRig implements AutoCloseable {

    private static final AtomicInteger NEXT = new AtomicInteger();

    final WebServer server;
    final List<Massager> massagers = new ArrayList<>();
    final List<String> simNames = new ArrayList<>();
    final SessionLog history;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    final String base;

    private WebRig(Path stateDir, Optional<WebToken> token, List<Path> routineFiles, String... profiles)
            throws IOException {
        history = new SessionLog(stateDir.resolve(SessionLog.FILE_NAME));
        List<WebServer.DeviceSpec> specs = new ArrayList<>();
        for (int i = 0; i < profiles.length; i++) {
            String name = "web-" + NEXT.incrementAndGet();
            simNames.add(name);
            String uri = "sim:?profile=" + profiles[i] + "&name=" + name;
            specs.add(new WebServer.DeviceSpec(i == 0 ? "bedroom" : "den", uri));
            massagers.add(Massagers.open(uri));
        }
        RoutineCatalog routines = new RoutineCatalog(routineFiles);
        server = WebServer.start(Listen.parse("127.0.0.1:0"), token, routines, history, Clock.systemDefaultZone(), specs);
        for (int i = 0; i < specs.size(); i++) {
            server.device(specs.get(i).id()).bind(massagers.get(i));
        }
        base = "http://127.0.0.1:" + server.address().getPort();
    }

    static WebRig open(Path stateDir, String... profiles) throws IOException {
        return new WebRig(stateDir, Optional.empty(), List.of(), profiles.length == 0 ? new String[] {"shiatsu-4zone"} : profiles);
    }

    static WebRig withToken(Path stateDir, WebToken token) throws IOException {
        return new WebRig(stateDir, Optional.of(token), List.of(), "shiatsu-4zone");
    }

    static WebRig withRoutines(Path stateDir, List<Path> files) throws IOException {
        return new WebRig(stateDir, Optional.empty(), files, "shiatsu-4zone");
    }

    SimulatedDevice device() {
        return SimulatedDevice.named(simNames.get(0));
    }

    Massager massager() {
        return massagers.get(0);
    }

    HttpResponse<String> get(String path, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10)).GET();
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A POST as the page sends it: JSON, from its own origin. */
    HttpResponse<String> post(String path, String json, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofString(json));
        boolean typed = false;
        boolean origin = false;
        for (int i = 0; i < headers.length; i += 2) {
            typed |= headers[i].equalsIgnoreCase("Content-Type");
            origin |= headers[i].equalsIgnoreCase("Origin");
            b.header(headers[i], headers[i + 1]);
        }
        if (!typed) {
            b.header("Content-Type", "application/json");
        }
        if (!origin) {
            b.header("Origin", base);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode json(HttpResponse<String> response) throws IOException {
        return Json.MAPPER.readTree(response.body());
    }

    @Override
    public void close() {
        server.close();
        massagers.forEach(Massager::close);
    }
}
