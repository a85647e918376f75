package dev.solemate.bench.mqtt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.solemate.Massager;
import dev.solemate.cli.web.BridgeWeb;
import dev.solemate.device.Intensity;
import dev.solemate.device.Technique;
import dev.solemate.device.Zone;
import dev.solemate.mqtt.MqttBridge;
import dev.solemate.mqtt.config.BridgeConfig;
import dev.solemate.mqtt.config.BrokerConfig;
import dev.solemate.mqtt.config.HomeAssistantConfig;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * One device state change, seen two ways in the same run: by the dashboard's DOM in headless
 * Chromium (massager -> live feed -> EventSource -> render -> the foot map's attribute) and by a
 * bare MQTT subscriber of the bridge's state topic (massager -> bridge -> Mosquitto -> Paho). Both
 * hang off one massager: {@code solemate bridge --http}. Then the server-side memory of each
 * connected page. Prints Markdown rows for docs/benchmarks.md.
 *
 * <p>Args: rounds (default 300), pages for the memory scenario (default 200).
 */
public final class WebLatencyBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();

    private WebLatencyBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 300;
        int pages = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        Path root = Path.of(System.getProperty("solemate.root", ".")).toAbsolutePath();
        Path playwright = root.resolve("cli/src/test/e2e/node_modules/playwright-core/index.mjs");
        if (!Files.exists(playwright)) {
            throw new IllegalStateException("missing " + playwright + ": cd cli/src/test/e2e && npm ci");
        }
        try (MosquittoProcess broker = new MosquittoProcess()) {
            BridgeConfig config = BridgeConfig.builder(BrokerConfig.of(broker.url()))
                    .homeAssistant(HomeAssistantConfig.defaults().withEnabled(false))
                    .device("lat=sim:?profile=shiatsu-4zone&name=bench-web&latency=0ms").build();
            try (MqttBridge bridge = MqttBridge.start(config);
                 BridgeWeb web = BridgeWeb.start(bridge, "127.0.0.1:0", new PrintWriter(System.err, true))) {
                bridge.awaitConnected(java.time.Duration.ofSeconds(10));
                Massager massager = waitFor(() -> bridge.massager("lat").orElse(null));
                massager.setZone(Zone.ARCH, Technique.KNEAD, Intensity.ofLevel(1, 5)).get(5, TimeUnit.SECONDS);
                Thread.sleep(1500);   // the page's binder attaches within a second
                latency(rounds, broker, web, massager, root, playwright);
                memory(pages, web);
            }
        }
    }

    private static void latency(int rounds, MosquittoProcess broker, BridgeWeb web, Massager massager, Path root,
            Path playwright) throws Exception {
        Map<String, Double> domSeen = new ConcurrentHashMap<>();
        Map<String, Double> mqttSeen = new ConcurrentHashMap<>();
        Map<String, Double> sseSeen = new ConcurrentHashMap<>();
        String[] expected = new String[1];
        String url = "http://127.0.0.1:" + web.address().getPort() + "/";
        Process node = new ProcessBuilder("node", root.resolve("benchmarks/src/main/js/dom-latency.mjs").toString(),
                "--url", url, "--playwright", playwright.toString()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8));
        String first = out.readLine();
        if (!"READY".equals(first)) {
            throw new IllegalStateException("the browser did not start: " + first);
        }
        Thread reader = new Thread(() -> {
            try {
                String line;
                while ((line = out.readLine()) != null) {
                    String[] p = line.split(" ");
                    if (p[0].equals("DOM")) {
                        domSeen.putIfAbsent(p[1] + "#" + expected[0], Double.parseDouble(p[2]));
                    }
                }
            } catch (Exception e) {
                e.printStackTrace();
            }
        });
        reader.setDaemon(true);
        reader.start();
        // A bare SSE client beside the browser: the frame's arrival, without parsing or rendering.
        Socket sse = new Socket("127.0.0.1", web.address().getPort());
        sse.setTcpNoDelay(true);
        sse.getOutputStream().write(("GET /api/events HTTP/1.1\r\nHost: 127.0.0.1:" + web.address().getPort()
                + "\r\nAccept: text/event-stream\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        Thread sseReader = new Thread(() -> {
            try {
                BufferedReader in = new BufferedReader(new InputStreamReader(sse.getInputStream(), StandardCharsets.UTF_8));
                String line;
                while ((line = in.readLine()) != null) {
                    if (line.startsWith("data: {\"device\":\"lat\"")) {
                        double at = wallMillis();
                        String marker = "\"arch\":{\"technique\":\"";
                        int i = line.indexOf(marker);
                        if (i > 0) {
                            int from = i + marker.length();
                            String technique = line.substring(from, line.indexOf('"', from));
                            sseSeen.putIfAbsent(technique + "#" + expected[0], at);
                        }
                    }
                }
            } catch (Exception e) {
                // closed at the end
            }
        });
        sseReader.setDaemon(true);
        sseReader.start();
        try (MqttBridgeBenchmark.Client mqtt = new MqttBridgeBenchmark.Client(broker.url(), "bench-web-sub", "solemate/lat")) {
            mqtt.onMessage = (topic, payload) -> {
                    double at = wallMillis();
                    try {
                        JsonNode state = JSON.readTree(payload);
                        String technique = state.at("/zones/arch/technique").asText();
                        mqttSeen.putIfAbsent(technique + "#" + expected[0], at);
                    } catch (Exception ignored) {
                        // a non-state message
                    }
                };
            int warmup = 50;
            long[] dom = new long[rounds];
            long[] mq = new long[rounds];
            long[] frames = new long[rounds];
            int n = 0;
            for (int i = 0; i < warmup + rounds; i++) {
                Technique technique = i % 2 == 0 ? Technique.ROLL : Technique.KNEAD;
                String key = technique.id() + "#" + i;
                expected[0] = Integer.toString(i);
                double t0 = wallMillis();
                massager.setZone(Zone.ARCH, technique, Intensity.ofLevel(1, 5));
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
                while ((!domSeen.containsKey(key) || !mqttSeen.containsKey(key) || !sseSeen.containsKey(key))
                        && System.nanoTime() < deadline) {
                    Thread.sleep(0, 200_000);
                }
                if (!domSeen.containsKey(key) || !mqttSeen.containsKey(key) || !sseSeen.containsKey(key)) {
                    throw new IllegalStateException("round " + i + " not seen: dom " + domSeen.containsKey(key)
                            + ", mqtt " + mqttSeen.containsKey(key) + ", sse " + sseSeen.containsKey(key));
                }
                if (i >= warmup) {
                    dom[n] = Math.round((domSeen.get(key) - t0) * 1e6);
                    mq[n] = Math.round((mqttSeen.get(key) - t0) * 1e6);
                    frames[n] = Math.round((sseSeen.get(key) - t0) * 1e6);
                    n++;
                }
                Thread.sleep(20);
            }
            System.out.println("| path (device state change -> seen) | samples | p50 ms | p99 ms | max ms |");
            System.out.println("| --- | --- | --- | --- | --- |");
            System.out.println(row("dashboard DOM (SSE, headless Chromium)", dom, n));
            System.out.println(row("  of which: the SSE frame reaches a bare client", frames, n));
            System.out.println(row("MQTT subscriber (bridge -> Mosquitto -> Paho)", mq, n));
        } finally {
            sse.close();
            node.getOutputStream().close();
            if (!node.waitFor(10, TimeUnit.SECONDS)) {
                node.destroyForcibly();
            }
        }
    }

    private static void memory(int pages, BridgeWeb web) throws Exception {
        long heapBefore = settledHeap();
        long rssBefore = rssKb();
        int threadsBefore = Thread.activeCount();
        List<Socket> sockets = new ArrayList<>();
        int port = web.address().getPort();
        for (int i = 0; i < pages; i++) {
            Socket s = new Socket();
            s.connect(new InetSocketAddress("127.0.0.1", port), 2000);
            s.getOutputStream().write(("GET /api/events HTTP/1.1\r\nHost: 127.0.0.1:" + port
                    + "\r\nAccept: text/event-stream\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            sockets.add(s);
        }
        for (Socket s : sockets) {
            new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8)).readLine();
        }
        waitFor(() -> web.pages() >= pages ? Boolean.TRUE : null);
        long heapAfter = settledHeap();
        long rssAfter = rssKb();
        int threadsAfter = Thread.activeCount();
        System.out.println();
        System.out.println("| " + pages + " pages connected (raw SSE clients) | before | after | per page |");
        System.out.println("| --- | --- | --- | --- |");
        System.out.printf(Locale.ROOT, "| heap used after GC | %.1f MB | %.1f MB | %.1f KB |%n", heapBefore / 1e6,
                heapAfter / 1e6, (heapAfter - heapBefore) / 1e3 / pages);
        System.out.printf(Locale.ROOT, "| process RSS | %.1f MB | %.1f MB | %.1f KB |%n", rssBefore / 1e3,
                rssAfter / 1e3, (rssAfter - rssBefore) / (double) pages);
        System.out.printf(Locale.ROOT, "| threads | %d | %d | %.2f |%n", threadsBefore, threadsAfter,
                (threadsAfter - threadsBefore) / (double) pages);
        for (Socket s : sockets) {
            s.close();
        }
    }

    private static long settledHeap() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(200);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static long rssKb() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }

    private static double wallMillis() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1e3 + now.getNano() / 1e6;
    }

    private static String row(String name, long[] samples, int n) {
        long[] sorted = Arrays.copyOf(samples, n);
        Arrays.sort(sorted);
        return String.format(Locale.ROOT, "| %s | %d | %.2f | %.2f | %.2f |", name, n, at(sorted, 0.5) / 1e6,
                at(sorted, 0.99) / 1e6, sorted[n - 1] / 1e6);
    }

    private static long at(long[] sorted, double q) {
        int index = (int) Math.ceil(q * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    private static <T> T waitFor(java.util.function.Supplier<T> probe) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            T value = probe.get();
            if (value != null) {
                return value;
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException("timed out");
    }
}
