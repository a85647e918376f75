package dev.solemate.cli.web;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import dev.solemate.DeviceDisconnectedException;
import dev.solemate.Massager;
import dev.solemate.cli.history.SessionLog;
import dev.solemate.cli.plot.RoutinePlot;
import dev.solemate.cli.plot.SvgPlotRenderer;
import dev.solemate.device.DeviceProfile;
import dev.solemate.device.Technique;
import dev.solemate.device.Zone;
import dev.solemate.json.InvalidFileException;
import dev.solemate.player.PlaybackOptions;
import dev.solemate.routine.CompiledRoutine;
import dev.solemate.routine.RoutineCompiler;
import dev.solemate.safety.SafetyLimitException;
import dev.solemate.safety.SafetyWarning;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The JSON API, documented in docs/web.md. Every command goes to the massager's public API (and so
 * through its safety governor); every refusal is a 4xx or 5xx with the reason in words and, for bad
 * input, the field, the value and what is allowed. A refused request changes nothing: all checks
 * run before the first command is sent.
 */
final class Api {

    /** How long a command may take to be acknowledged before the answer says so. */
    private static final long ANSWER_SECONDS = 5;

    private final Map<String, WebDevice> devices;
    private final RoutineCatalog routines;
    private final SessionLog history;
    private final Clock clock;
    private final AccessGuard guard;
    private final LiveFeed feed;
    /** Where answers are written once a device acknowledged: never a massager's own event thread. */
    private final java.util.concurrent.Executor answers;

    Api(Map<String, WebDevice> devices, RoutineCatalog routines, SessionLog history, Clock clock, AccessGuard guard,
            LiveFeed feed, java.util.concurrent.Executor answers) {
        this.answers = answers;
        this.devices = devices;
        this.routines = routines;
        this.history = history;
        this.clock = clock;
        this.guard = guard;
        this.feed = feed;
    }

    void handle(HttpExchange exchange, String method, String path) throws IOException {
        List<String> parts = new ArrayList<>();
        for (String p : path.substring("/api/".length()).split("/")) {
            if (!p.isEmpty()) {
                parts.add(URLDecoder.decode(p, StandardCharsets.UTF_8));
            }
        }
        Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
        String head = parts.isEmpty() ? "" : parts.get(0);
        switch (head) {
            case "devices" -> devices(exchange, method, parts, query);
            case "routines" -> routinesEndpoint(exchange, method, parts, query);
            case "history" -> {
                allow(method, "GET");
                send(exchange, 200, HistorySummary.of(history, clock));
            }
            case "events" -> {
                allow(method, "GET");
                List<String> first = new ArrayList<>();
                for (WebDevice d : devices.values()) {
                    first.add(LiveFeed.frame("state", d.state().toString()));
                }
                feed.subscribe(exchange, first);
            }
            case "stop" -> {
                allow(method, "POST");
                Body.read(exchange).only();
                answerLater(exchange, stopAll());
            }
            case "login" -> {
                allow(method, "POST");
                login(exchange);
            }
            default -> throw new ApiError(404, "no API at " + path + " (expected /api/devices, /api/routines,"
                    + " /api/history, /api/events or /api/stop)");
        }
    }

    // ---- devices -------------------------------------------------------------------------------

    private void devices(HttpExchange exchange, String method, List<String> parts, Map<String, String> query)
            throws IOException {
        if (parts.size() == 1) {
            allow(method, "GET");
            ArrayNode list = Json.array();
            devices.values().forEach(d -> list.add(d.describe()));
            send(exchange, 200, Json.object().set("devices", list));
            return;
        }
        WebDevice device = devices.get(parts.get(1));
        if (device == null) {
            throw new ApiError(404, "no device '" + parts.get(1) + "' (expected one of: "
                    + String.join(", ", devices.keySet()) + ")", "device", parts.get(1), String.join(", ", devices.keySet()));
        }
        if (parts.size() == 2) {
            allow(method, "GET");
            ObjectNode n = device.describe();
            n.set("state", device.state());
            send(exchange, 200, n);
            return;
        }
        String action = parts.get(2);
        allow(method, "POST");
        Body body = Body.read(exchange);
        // Every check runs before anything is sent; then the request thread is free at once and the
        // answer goes out when the device acknowledged, so a STOP never queues behind slow commands.
        CompletableFuture<ObjectNode> answer = switch (action) {
            case "stop" -> {
                body.only();
                yield stop(device);
            }
            case "zones" -> zone(device, parts.size() > 3 ? parts.get(3) : null, body);
            case "heat" -> heat(device, body);
            case "comfort" -> comfort(device, body);
            case "routine" -> CompletableFuture.completedFuture(startRoutine(device, body));
            case "playback" -> {
                body.only("action");
                device.playbackAction(body.text("action", List.of("pause", "resume", "stop")));
                yield CompletableFuture.completedFuture(ok(device));
            }
            default -> throw new ApiError(404, "no command '" + action + "' (expected stop, zones/<zone>, heat,"
                    + " comfort, routine or playback)");
        };
        answerLater(exchange, answer);
    }

    /** Sends the answer when it is ready, from the server's own threads; failures become refusals in words. */
    private void answerLater(HttpExchange exchange, CompletableFuture<ObjectNode> answer) {
        answer.orTimeout(ANSWER_SECONDS, TimeUnit.SECONDS).whenCompleteAsync((body, error) -> {
            try {
                if (error == null) {
                    send(exchange, 200, body);
                } else {
                    ApiError refusal = refusal(error);
                    send(exchange, refusal.status(), refusal.toJson());
                }
            } catch (IOException e) {
                exchange.close();   // the page went away; the command stands
            }
        }, answers);
    }

    private CompletableFuture<ObjectNode> stopAll() {
        Map<String, CompletableFuture<ObjectNode>> stops = new LinkedHashMap<>();
        for (WebDevice d : devices.values()) {
            stops.put(d.id(), d.massager().isPresent() ? stopAnswer(d.stop())
                    : CompletableFuture.completedFuture(Json.object().put("confirmed", false)
                            .put("message", "not connected; nothing to stop")));
        }
        return CompletableFuture.allOf(stops.values().toArray(new CompletableFuture<?>[0])).thenApply(v -> {
            ObjectNode answer = Json.object().put("status", "ok");
            ObjectNode each = answer.putObject("devices");
            boolean all = true;
            for (Map.Entry<String, CompletableFuture<ObjectNode>> e : stops.entrySet()) {
                ObjectNode r = e.getValue().join();
                all &= r.path("confirmed").asBoolean();
                each.set(e.getKey(), r);
            }
            answer.put("confirmed", all);
            return answer;
        });
    }

    private CompletableFuture<ObjectNode> stop(WebDevice device) {
        return stopAnswer(device.stop()).thenApply(answer -> {
            answer.put("status", "ok");
            answer.set("state", device.state());
            return answer;
        });
    }

    /** A stop is always answered 200, with the truth: confirmed by the device, or sent and not confirmed. */
    private static CompletableFuture<ObjectNode> stopAnswer(CompletableFuture<Void> stopped) {
        return stopped.orTimeout(2, TimeUnit.SECONDS).handle((v, e) -> {
            if (e == null) {
                return Json.object().put("confirmed", true).put("message", "stopped: the device confirmed zero");
            }
            Throwable cause = cause(e);
            String why = cause instanceof TimeoutException ? "not confirmed within 2 s" : "not confirmed ("
                    + cause.getMessage() + ")";
            return Json.object().put("confirmed", false).put("message", "stop sent, " + why
                    + "; the device's own watchdog stops it when it hears nothing");
        });
    }

    private CompletableFuture<ObjectNode> zone(WebDevice device, String zoneId, Body body) {
        Massager m = device.require();
        DeviceProfile profile = m.profile();
        List<String> zones = profile.zones().keySet().stream().map(Zone::id).toList();
        if (zoneId == null || zones.stream().noneMatch(zoneId::equals)) {
            throw ApiError.badField("zone", zoneId, "is not a zone of " + device.id(), "one of: " + String.join(", ", zones));
        }
        Zone zone = Zone.parse(zoneId);
        body.only("technique", "level");
        List<String> techniques = profile.techniques(zone).stream().map(Technique::id).toList();
        Technique technique = body.has("technique")
                ? Technique.parse(body.text("technique", techniques))
                : m.state().zones().get(zone).technique();
        int level = body.integer("level", 0, profile.intensitySteps());
        return device.setZone(zone, technique, level).thenApply(result -> {
            ObjectNode answer = ok(device).put("level", result.appliedLevel()).put("target", result.targetLevel());
            warnings(answer, result.warnings());
            return answer;
        });
    }

    private CompletableFuture<ObjectNode> heat(WebDevice device, Body body) {
        Massager m = device.require();
        body.only("celsius");
        if (m.profile().heat().isEmpty()) {
            throw ApiError.badField("celsius", body.has("celsius") ? body.raw("celsius") : null,
                    "is not allowed: " + device.id() + " has no heater", "none: no heat on this device");
        }
        int min = m.profile().heat().get().minCelsius();
        int max = m.profile().heat().get().maxCelsius();
        Integer celsius = null;
        if (!body.isNull("celsius")) {
            if (!body.has("celsius")) {
                throw ApiError.badField("celsius", null, "is missing", "a whole number from " + min + " to " + max
                        + ", or null for off");
            }
            celsius = body.integer("celsius", min, max);
        }
        boolean off = celsius == null;
        return device.setHeat(celsius).thenApply(result -> {
            ObjectNode answer = ok(device);
            if (off) {
                answer.putNull("celsius");
            } else {
                answer.put("celsius", result.appliedLevel());
            }
            warnings(answer, result.warnings());
            return answer;
        });
    }

    private CompletableFuture<ObjectNode> comfort(WebDevice device, Body body) {
        device.require();
        body.only("percent");
        int percent = body.integer("percent", 1, 100);
        return device.setComfortCap(percent).thenApply(v -> ok(device));
    }

    private ObjectNode startRoutine(WebDevice device, Body body) {
        Massager m = device.require();
        body.only("name", "speed");
        RoutineCatalog.Listing listing = routines.list();
        String name = body.text("name", 200);
        RoutineCatalog.Entry entry = listing.routines().get(name);
        if (entry == null) {
            throw ApiError.badField("name", name, "is not a routine", "one of: "
                    + String.join(", ", listing.routines().keySet()));
        }
        double speed = 1;
        if (body.has("speed")) {
            speed = body.number("speed", 0.01, 1000);
            if (speed != 1 && !device.simulated()) {
                throw ApiError.badField("speed", speed, "is only for the simulator (sim:)",
                        "1 on a real device: a massage plays at its own pace");
            }
        }
        CompiledRoutine compiled = compile(entry, m);
        device.start(compiled, speed);
        ObjectNode answer = ok(device).put("routine", compiled.name()).put("duration", compiled.duration().toSeconds());
        ArrayNode w = answer.putArray("warnings");
        compiled.warnings().forEach(w::add);
        return answer;
    }

    private static CompiledRoutine compile(RoutineCatalog.Entry entry, Massager m) {
        try {
            return RoutineCompiler.compile(entry.routine(), m.profile(), m.state().comfortCap());
        } catch (InvalidFileException | IllegalArgumentException e) {
            throw new ApiError(409, "routine '" + entry.routine().name() + "' cannot play on " + m.profile().id()
                    + ": " + e.getMessage());
        }
    }

    // ---- routines ------------------------------------------------------------------------------

    private void routinesEndpoint(HttpExchange exchange, String method, List<String> parts, Map<String, String> query)
            throws IOException {
        allow(method, "GET");
        WebDevice device = deviceFrom(query);
        Massager m = device.require();
        RoutineCatalog.Listing listing = routines.list();
        if (parts.size() == 1) {
            ArrayNode list = Json.array();
            for (RoutineCatalog.Entry entry : listing.routines().values()) {
                CompiledRoutine compiled = compile(entry, m);
                ObjectNode r = list.addObject().put("name", entry.routine().name())
                        .put("description", entry.routine().description())
                        .put("duration", compiled.duration().toSeconds())
                        .put("steps", compiled.steps().size())
                        .put("source", entry.source().equals("built-in") ? "built-in" : "file")
                        .put("plot", "/api/routines/" + encode(entry.routine().name()) + "/plot.svg?device="
                                + encode(device.id()));
                ArrayNode w = r.putArray("warnings");
                compiled.warnings().forEach(w::add);
            }
            ObjectNode answer = Json.object().put("device", device.id()).put("speed_allowed", device.simulated());
            answer.set("routines", list);
            ArrayNode problems = answer.putArray("problems");
            listing.problems().forEach(problems::add);
            send(exchange, 200, answer);
            return;
        }
        if (parts.size() == 3 && parts.get(2).equals("plot.svg")) {
            RoutineCatalog.Entry entry = listing.routines().get(parts.get(1));
            if (entry == null) {
                throw ApiError.badField("routine", parts.get(1), "is not a routine", "one of: "
                        + String.join(", ", listing.routines().keySet()));
            }
            String svg = SvgPlotRenderer.render(RoutinePlot.of(compile(entry, m)));
            if (!"light".equals(query.get("theme"))) {
                svg = PlotTheme.dark(svg);
            }
            byte[] bytes = WebServer.utf8(svg);
            exchange.getResponseHeaders().set("Content-Type", "image/svg+xml");
            exchange.getResponseHeaders().set("Cache-Control", "no-cache");
            exchange.sendResponseHeaders(200, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
            return;
        }
        throw new ApiError(404, "no API at /api/" + String.join("/", parts)
                + " (expected /api/routines or /api/routines/<name>/plot.svg)");
    }

    private WebDevice deviceFrom(Map<String, String> query) {
        String id = query.get("device");
        if (id == null) {
            if (devices.size() == 1) {
                return devices.values().iterator().next();
            }
            throw ApiError.badField("device", null, "is missing", "one of: " + String.join(", ", devices.keySet()));
        }
        WebDevice device = devices.get(id);
        if (device == null) {
            throw new ApiError(404, "no device '" + id + "' (expected one of: " + String.join(", ", devices.keySet())
                    + ")", "device", id, String.join(", ", devices.keySet()));
        }
        return device;
    }

    // ---- sign-in -------------------------------------------------------------------------------

    /** Trades the token from the printed link for a cookie, so the link's secret leaves the address bar. */
    private void login(HttpExchange exchange) throws IOException {
        Body body = Body.read(exchange).only("token");
        if (!guard.tokenRequired()) {
            send(exchange, 200, Json.object().put("status", "ok").put("message", "no token needed on this address"));
            return;
        }
        String token = body.text("token", 200);
        if (!guard.tokenMatches(token)) {
            throw new ApiError(401, "this token is not valid (it may have been replaced with --new-token);"
                    + " open the latest link 'solemate serve' printed");
        }
        exchange.getResponseHeaders().add("Set-Cookie", guard.loginCookie());
        send(exchange, 200, Json.object().put("status", "ok"));
    }

    // ---- helpers -------------------------------------------------------------------------------

    private static ObjectNode ok(WebDevice device) {
        ObjectNode n = Json.object().put("status", "ok");
        n.set("state", device.state());
        return n;
    }

    private static void warnings(ObjectNode answer, List<SafetyWarning> warnings) {
        ArrayNode w = answer.putArray("warnings");
        warnings.forEach(x -> w.add(x.toString()));
    }

    /** A device's failure in words a person can act on, with the status that says what kind it is. */
    private static ApiError refusal(Throwable error) {
        Throwable cause = cause(error);
        if (cause instanceof ApiError a) {
            return a;
        }
        if (cause instanceof SafetyLimitException s) {
            return new ApiError(409, "refused by the safety governor: " + s.getMessage(), "limit", s.limit().id(),
                    "within the safety limits (docs/safety.md)");
        }
        if (cause instanceof DeviceDisconnectedException) {
            return new ApiError(503, cause.getMessage());
        }
        if (cause instanceof dev.solemate.CommandCancelledException) {
            return new ApiError(409, "cancelled by a stop: " + cause.getMessage());
        }
        if (cause instanceof IllegalArgumentException) {
            return new ApiError(400, cause.getMessage());
        }
        if (cause instanceof TimeoutException) {
            return new ApiError(504, "the device did not answer within " + ANSWER_SECONDS + " s");
        }
        if (cause instanceof IllegalStateException) {
            return new ApiError(503, cause.getMessage());
        }
        return new ApiError(502, "the device refused: " + cause.getMessage());
    }

    private static Throwable cause(Throwable e) {
        Throwable t = e;
        while ((t instanceof ExecutionException || t instanceof java.util.concurrent.CompletionException)
                && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    private static void allow(String method, String allowed) {
        if (!method.equals(allowed) && !(allowed.equals("GET") && method.equals("HEAD"))) {
            throw new ApiError(405, method + " is not allowed here (expected " + allowed + ")", "method", method, allowed);
        }
    }

    static void send(HttpExchange exchange, int status, ObjectNode body) throws IOException {
        byte[] bytes = WebServer.utf8(body.toString());
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        try {
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        } finally {
            exchange.close();
        }
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> result = new LinkedHashMap<>();
        if (raw == null) {
            return result;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            result.put(key, value);
        }
        return result;
    }

    private static String encode(String s) {
        return java.net.URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
