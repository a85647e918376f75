package dev.solemate.cli.web;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.solemate.cli.history.SessionLog;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dashboard's HTTP server: the page (ES modules, CSS and SVG from the jar), the JSON API over
 * the massagers' public API, and the live feed. Built on the JDK's own
 * {@code com.sun.net.httpserver}: no dependency, a few megabytes of heap, and it runs inside the MQTT
 * bridge without pushing it past its memory budget. Server-Sent Events need nothing more than a
 * response that stays open.
 *
 * <p>Closing the server (or a page) never stops or starts a massager; the owner of the massagers
 * ({@code serve} or the bridge) stops them.
 */
public final class WebServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(WebServer.class);
    private static final String RESOURCES = "dev/solemate/cli/web/";
    private static final Map<String, String> STATIC = Map.of(
            "/", "index.html",
            "/app.js", "app.js",
            "/foot.js", "foot.js",
            "/style.css", "style.css",
            "/login.js", "login.js",
            "/icon.svg", "icon.svg");
    /** What a browser without the token may load: the sign-in page and its script. */
    private static final List<String> PUBLIC = List.of("/login.js", "/style.css", "/icon.svg", "/api/login");

    private final HttpServer server;
    private final ExecutorService executor;
    private final AccessGuard guard;
    private final LiveFeed feed = new LiveFeed();
    private final Map<String, WebDevice> devices = new java.util.LinkedHashMap<>();
    private final Api api;
    private final Map<String, byte[]> resources = new ConcurrentHashMap<>();

    private WebServer(Listen listen, Optional<WebToken> token, RoutineCatalog routines, SessionLog history,
            Clock clock, List<DeviceSpec> specs) throws IOException {
        this.guard = new AccessGuard(token, listen.loopback(), listen.port());
        WebDevice.Changes changes = new WebDevice.Changes() {
            @Override
            public void state(WebDevice device) {
                feed.publishState(device.id(), device.state().toString());
            }

            @Override
            public void event(WebDevice device, ObjectNode event) {
                ObjectNode e = event.deepCopy();
                e.put("device", device.id());
                feed.publishEvent(e.toString());
            }
        };
        for (DeviceSpec spec : specs) {
            devices.put(spec.id(), new WebDevice(spec.id(), spec.uri(), changes, history));
        }
        AtomicInteger n = new AtomicInteger();
        this.executor = Executors.newFixedThreadPool(8, r -> {
            Thread t = new Thread(r, "solemate-web-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.api = new Api(devices, routines, history, clock, guard, feed, executor);
        this.server = HttpServer.create(listen.socketAddress(), 64);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
        guard.port(server.getAddress().getPort());
    }

    /** A device to serve: its id in URLs and the URI it was opened with. */
    public record DeviceSpec(String id, String uri) {
    }

    /**
     * Starts serving.
     *
     * @param token  the token every request needs, or empty on a loopback address
     * @throws IOException when the address cannot be bound (in use, not this machine's)
     */
    static WebServer start(Listen listen, Optional<WebToken> token, RoutineCatalog routines, SessionLog history,
            Clock clock, List<DeviceSpec> devices) throws IOException {
        if (!listen.loopback() && token.isEmpty()) {
            throw new IllegalArgumentException("listening on " + listen.address().getHostAddress()
                    + " needs a token (only 127.0.0.1 is open without one)");
        }
        return new WebServer(listen, token, routines, history, clock, devices);
    }

    /** The device behind an id, to bind its massager once it is open. */
    WebDevice device(String id) {
        return devices.get(id);
    }

    List<WebDevice> devices() {
        return new ArrayList<>(devices.values());
    }

    /** Where it listens, with the port actually bound. */
    public InetSocketAddress address() {
        return server.getAddress();
    }

    int subscribers() {
        return feed.subscribers();
    }

    /** Stops answering; massagers are left as they are (their owner stops them). */
    @Override
    public void close() {
        feed.close();
        server.stop(0);
        executor.shutdownNow();
        try {
            executor.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---- dispatch ------------------------------------------------------------------------------

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getRawPath();
        String method = exchange.getRequestMethod();
        try {
            securityHeaders(exchange);
            boolean publicPath = PUBLIC.contains(path);
            Optional<ApiError> refused = guard.check(method, path, exchange.getRequestHeaders(), publicPath);
            if (refused.isPresent()) {
                if (refused.get().status() == 401 && method.equals("GET") && !path.startsWith("/api/")) {
                    sendResource(exchange, 401, "login.html");
                    return;
                }
                throw refused.get();
            }
            if (path.startsWith("/api/")) {
                api.handle(exchange, method, path);
                return;
            }
            String resource = STATIC.get(path);
            if (resource == null) {
                throw new ApiError(404, "no page at " + path);
            }
            if (!method.equals("GET") && !method.equals("HEAD")) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                throw new ApiError(405, method + " " + path + " is not allowed (expected GET)");
            }
            sendResource(exchange, 200, resource);
        } catch (ApiError e) {
            Api.send(exchange, e.status(), e.toJson());
        } catch (RuntimeException e) {
            LOG.warn("{} {} failed", method, path.replaceAll("[?#].*", ""), e);
            Api.send(exchange, 500, Json.object().put("status", "error").put("error", "internal error: " + e));
        }
    }

    private static void securityHeaders(HttpExchange exchange) {
        var h = exchange.getResponseHeaders();
        h.set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self';"
                + " connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'");
        h.set("X-Content-Type-Options", "nosniff");
        h.set("Referrer-Policy", "no-referrer");
        h.set("X-Frame-Options", "DENY");
    }

    private void sendResource(HttpExchange exchange, int status, String name) throws IOException {
        byte[] body = resources.computeIfAbsent(name, WebServer::load);
        String type = name.endsWith(".js") ? "text/javascript; charset=utf-8"
                : name.endsWith(".css") ? "text/css; charset=utf-8"
                : name.endsWith(".svg") ? "image/svg+xml"
                : "text/html; charset=utf-8";
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.getResponseHeaders().set("Cache-Control", "no-cache");
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(status, head ? -1 : body.length);
        if (!head) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
        exchange.close();
    }

    private static byte[] load(String name) {
        try (InputStream in = WebServer.class.getClassLoader().getResourceAsStream(RESOURCES + name)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCES + name + " is missing from the jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
