package dev.solemate.bench.mqtt;

import dev.solemate.mqtt.MqttBridge;
import dev.solemate.mqtt.config.BridgeConfig;
import dev.solemate.mqtt.config.BrokerConfig;
import dev.solemate.mqtt.config.DeviceConfig;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttClientException;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;

/**
 * The MQTT bridge through Mosquitto on loopback, each measurement against a baseline in the same run.
 * Scenarios (first argument): {@code latency} (/set to updated state vs a bare Paho echo round trip),
 * {@code load [devices] [rate] [seconds]} (many simulated massagers under a steady command rate:
 * command-to-response latency, losses, heap), {@code startup [devices]} (start-up with discovery).
 * The measuring clients are bare Paho, so the bridge's own client is what is measured.
 */
public final class MqttBridgeBenchmark {

    private MqttBridgeBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        String scenario = args.length > 0 ? args[0] : "latency";
        try (MosquittoProcess broker = new MosquittoProcess()) {
            System.out.println("broker: " + broker.version());
            switch (scenario) {
                case "latency" -> latency(broker, args.length > 1 ? Integer.parseInt(args[1]) : 2000);
                case "load" -> load(broker, arg(args, 1, 1000), arg(args, 2, 1000), arg(args, 3, 60),
                        args.length > 4 ? args[4] : "latency=1ms");
                case "startup" -> startup(broker, arg(args, 1, 10_000));
                default -> throw new IllegalArgumentException("unknown scenario " + scenario
                        + " (expected latency, load or startup)");
            }
        }
        System.exit(0);
    }

    private static int arg(String[] args, int i, int def) {
        return args.length > i ? Integer.parseInt(args[i]) : def;
    }

    /** A bare Paho client that records (topic, arrival time, payload) from its callback thread. */
    static final class Client implements AutoCloseable {
        final MqttAsyncClient client;
        final LinkedBlockingQueue<Object[]> arrivals = new LinkedBlockingQueue<>();
        volatile java.util.function.BiConsumer<String, byte[]> onMessage;

        Client(String url, String id, String... filters) throws MqttException {
            client = new MqttAsyncClient(url, id, new MemoryPersistence());
            client.setCallback(new MessageCallback((topic, message) -> {
                long now = System.nanoTime();
                var handler = onMessage;
                if (handler != null) {
                    handler.accept(topic, message.getPayload());
                } else {
                    arrivals.add(new Object[] {topic, now, message.getPayload()});
                }
            }) {
                @Override
                public void disconnected(MqttDisconnectResponse r) {
                    System.err.println(id + " disconnected: " + r);
                }
            });
            MqttConnectionOptions o = new MqttConnectionOptions();
            o.setCleanStart(true);
            // Nagle off, as in the bridge's own link, so the baseline is not slowed by delayed ACKs.
            o.setSocketFactory(new NoDelaySocketFactory());
            client.connect(o).waitForCompletion(10_000);
            for (String f : filters) {
                client.subscribe(f, 1).waitForCompletion(10_000);
            }
        }

        void publish(String topic, byte[] payload) throws MqttException {
            while (true) {
                try {
                    client.publish(topic, payload, 1, false);
                    return;
                } catch (MqttException e) {
                    if (e.getReasonCode() != MqttClientException.REASON_CODE_MAX_INFLIGHT) {
                        throw e;
                    }
                    LockSupport.parkNanos(50_000);
                }
            }
        }

        @Override
        public void close() throws MqttException {
            client.disconnect().waitForCompletion(5000);
            client.close();
        }
    }

    /**
     * /set -> state against a bare Paho echo, in one run, after a warm-up long enough for the JIT to
     * compile the bridge's path, so that both meet the same machine. Measured twice. Isolated
     * commands, the headline: echo and bridge round trips alternate, each after a 1 ms pause in which
     * the previous round's trailing work (the bridge's response, the broker's acknowledgements)
     * ends, as commands from a home automation arrive. Back to back: blocks of 100 echo round trips
     * and 100 bridge round trips alternate, each published the moment the previous answer arrived (so
     * a bridge round overlaps the previous command's response); the first rounds of each block,
     * which overlap the other block's tail, are not counted.
     */
    private static void latency(MosquittoProcess broker, int rounds) throws Exception {
        int warmup = Integer.getInteger("bench.warmup", 10_000);
        BridgeConfig config = BridgeConfig.builder(BrokerConfig.of(broker.url()))
                .device(DeviceConfig.of("lat", "sim:?profile=shiatsu-4zone&latency=0ms&name=lat")).build();
        TracingLink.Marks marks = new TracingLink.Marks();
        java.util.function.Function<dev.solemate.mqtt.client.LinkOptions, dev.solemate.mqtt.client.MqttLink> traced =
                o -> new TracingLink(dev.solemate.mqtt.client.MqttLinks.create(o), marks);
        java.util.concurrent.ExecutorService out = java.util.concurrent.Executors.newSingleThreadExecutor();
        try (Client echo = new Client(broker.url(), "echo", "bench/echo/in");
             Client echoProbe = new Client(broker.url(), "probe-echo", "bench/echo/out");
             MqttBridge bridge = MqttBridge.start(config, dev.solemate.mqtt.BridgeEnvironment.defaults().withLinks(traced));
             Client probe = new Client(broker.url(), "probe-bridge", "solemate/lat")) {
            echo.onMessage = (topic, payload) -> out.execute(() -> {
                try {
                    echo.publish("bench/echo/out", payload);
                } catch (MqttException e) {
                    throw new IllegalStateException(e);
                }
            });
            Thread.sleep(300);
            probe.arrivals.clear();
            int round = 0;
            int commands = 0;
            for (String mode : new String[] {"isolated", "back to back"}) {
                boolean isolated = mode.equals("isolated");
                long[] bare = new long[rounds];
                long[] bridged = new long[rounds];
                long[] inSplit = new long[rounds];
                long[] hopSplit = new long[rounds];
                long[] libSplit = new long[rounds];
                int warm = isolated ? warmup : 0;
                int block = isolated ? 1 : 100;
                int skip = isolated ? 0 : 5;
                int echoes = -warm;
                int bridges = -warm;
                while (echoes < rounds || bridges < rounds) {
                    for (int i = 0; i < block && echoes < rounds; i++) {
                        if (isolated) {
                            Thread.sleep(1);
                        }
                        long t = echoRound(echoProbe, round++);
                        if (i >= skip) {
                            if (echoes >= 0) {
                                bare[echoes] = t;
                            }
                            echoes++;
                        }
                    }
                    for (int i = 0; i < block && bridges < rounds; i++) {
                        if (isolated) {
                            Thread.sleep(1);
                        }
                        // Alternating techniques at one level: every command changes the state, and the
                        // safety governor passes each at once.
                        String technique = commands++ % 2 == 0 ? "roll" : "knead";
                        byte[] payload = ("{\"zones\":{\"arch\":{\"technique\":\"" + technique + "\",\"intensity\":20}}}")
                                .getBytes(StandardCharsets.UTF_8);
                        probe.arrivals.clear();
                        long t0 = System.nanoTime();
                        probe.publish("solemate/lat/set", payload);
                        long arrived = awaitState(probe, "\"arch\":{\"technique\":\"" + technique + "\"", t0);
                        if (i >= skip) {
                            if (bridges >= 0) {
                                bridged[bridges] = arrived - t0;
                                inSplit[bridges] = marks.received - t0;
                                hopSplit[bridges] = marks.dispatched - marks.received;
                                libSplit[bridges] = marks.stateOut - marks.dispatched;
                            }
                            bridges++;
                        }
                    }
                }
                Stats b = Stats.of(bare, rounds);
                Stats st = Stats.of(bridged, rounds);
                System.out.println();
                System.out.println(isolated ? "commands isolated: echo and bridge alternating, 1 ms pause before each round trip, after "
                        + warm + " warm-up rounds of each:" : "commands back to back: blocks of 100 echo and 100 bridge round trips alternating:");
                System.out.println("| path | round trips | p50 ms | p99 ms | max ms |");
                System.out.println("|---|---|---|---|---|");
                System.out.println(b.row("bare Paho echo (baseline)"));
                System.out.println(st.row("/set -> state (bridge, sim:)"));
                System.out.println(Stats.of(inSplit, rounds).row("  of which: probe publish -> bridge's Paho callback"));
                System.out.println(Stats.of(hopSplit, rounds).row("  of which: Paho callback -> bridge's dispatch thread"));
                System.out.println(Stats.of(libSplit, rounds).row("  of which: dispatch -> state handed to Paho"));
                System.out.printf(Locale.ROOT, "p50 ratio bridge/baseline, %s: %.2f (target <= 1.5)%n", mode,
                        (double) st.p50() / b.p50());
            }
        } finally {
            out.shutdown();
        }
    }

    /** One echo round trip: publish, wait until the echo is back; the time in nanoseconds. */
    private static long echoRound(Client probe, int i) throws Exception {
        byte[] payload = Integer.toString(i).getBytes(StandardCharsets.UTF_8);
        long t0 = System.nanoTime();
        probe.publish("bench/echo/in", payload);
        Object[] a = probe.arrivals.poll(5, TimeUnit.SECONDS);
        if (a == null || !new String((byte[]) a[2], StandardCharsets.UTF_8).equals(Integer.toString(i))) {
            throw new IllegalStateException("echo lost at " + i);
        }
        return (long) a[1] - t0;
    }

    private static long awaitState(Client probe, String marker, long after) throws InterruptedException {
        while (true) {
            Object[] a = probe.arrivals.poll(5, TimeUnit.SECONDS);
            if (a == null) {
                throw new IllegalStateException("no state containing " + marker);
            }
            if ((long) a[1] > after && new String((byte[]) a[2], StandardCharsets.UTF_8).contains(marker)) {
                return (long) a[1];
            }
        }
    }

    private static void load(MosquittoProcess broker, int devices, int rate, int seconds, String simParams)
            throws Exception {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        BridgeConfig.Builder builder = BridgeConfig.builder(BrokerConfig.of(broker.url()));
        for (int i = 0; i < devices; i++) {
            builder.device(DeviceConfig.of("d" + i, "sim:?profile=shiatsu-4zone&" + simParams + "&name=load" + i));
        }
        int total = rate * seconds;
        long[] sent = new long[total];
        long[] latency = new long[total];
        AtomicInteger answered = new AtomicInteger();
        AtomicInteger errors = new AtomicInteger();
        AtomicInteger warmed = new AtomicInteger();
        Set<Integer> seen = ConcurrentHashMap.newKeySet();
        AtomicLong maxHeap = new AtomicLong();
        long t0 = System.nanoTime();
        try (MqttBridge bridge = MqttBridge.start(builder.build());
             Client probe = new Client(broker.url(), "probe-load", "solemate/+/response")) {
            System.out.printf(Locale.ROOT, "bridge with %d devices (sim:?profile=shiatsu-4zone&%s) started in %.1f s%n",
                    devices, simParams, (System.nanoTime() - t0) / 1e9);
            probe.onMessage = (topic, payload) -> {
                long now = System.nanoTime();
                String text = new String(payload, StandardCharsets.UTF_8);
                if (text.contains("\"transaction\":\"w")) {
                    warmed.incrementAndGet();
                    return;
                }
                int at = text.indexOf("\"transaction\":");
                if (at < 0) {
                    return;
                }
                int k = Integer.parseInt(text.substring(at + 14, text.indexOf('}', at)).trim());
                if (seen.add(k)) {
                    latency[k] = now - sent[k];
                    answered.incrementAndGet();
                    if (!text.contains("\"ok\"")) {
                        errors.incrementAndGet();
                    }
                }
            };
            // Warm-up: every device to 20 % once (the governor raises it gradually), so the timed run
            // measures steady commands rather than a thousand ramps from zero.
            for (int i = 0; i < devices; i++) {
                probe.publish("solemate/d" + i + "/set", ("{\"zones\":{\"arch\":{\"technique\":\"knead\",\"intensity\":20}},"
                        + "\"transaction\":\"w" + i + "\"}").getBytes(StandardCharsets.UTF_8));
            }
            long warmDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (warmed.get() < devices && System.nanoTime() < warmDeadline) {
                Thread.sleep(10);
            }
            Thread.sleep(1500);
            // Then 5 s of the same paced traffic, unmeasured, so the JIT has compiled the hot path.
            long warmStart = System.nanoTime();
            for (int k = 0; k < rate * 5; k++) {
                long due = warmStart + k * (1_000_000_000L / rate);
                long wait;
                while ((wait = due - System.nanoTime()) > 0) {
                    LockSupport.parkNanos(Math.min(wait, 200_000));
                }
                String technique = (k / devices) % 2 == 0 ? "roll" : "knead";
                probe.publish("solemate/d" + (k % devices) + "/set", ("{\"zones\":{\"arch\":{\"technique\":\"" + technique
                        + "\",\"intensity\":20}},\"transaction\":\"w" + k + "\"}").getBytes(StandardCharsets.UTF_8));
            }
            Thread.sleep(1000);
            System.out.printf(Locale.ROOT, "warm-up: %d ramps and %d paced commands answered%n", devices, warmed.get() - devices);
            Thread sampler = new Thread(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    maxHeap.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                    try {
                        Thread.sleep(200);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            sampler.setDaemon(true);
            sampler.start();
            long interval = 1_000_000_000L / rate;
            long start = System.nanoTime();
            for (int k = 0; k < total; k++) {
                long due = start + k * interval;
                long wait;
                while ((wait = due - System.nanoTime()) > 0) {
                    LockSupport.parkNanos(Math.min(wait, 200_000));
                }
                int device = k % devices;
                String technique = (k / devices) % 2 == 0 ? "roll" : "knead";
                byte[] payload = ("{\"zones\":{\"arch\":{\"technique\":\"" + technique + "\",\"intensity\":20}},\"transaction\":"
                        + k + "}").getBytes(StandardCharsets.UTF_8);
                sent[k] = System.nanoTime();
                probe.publish("solemate/d" + device + "/set", payload);
            }
            long sendSeconds = System.nanoTime() - start;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (answered.get() < total && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            sampler.interrupt();
            System.gc();
            long afterGc = memory.getHeapMemoryUsage().getUsed();
            long[] answeredLatency = new long[answered.get()];
            int n = 0;
            for (int k = 0; k < total; k++) {
                if (seen.contains(k)) {
                    answeredLatency[n++] = latency[k];
                }
            }
            Stats s = Stats.of(answeredLatency, n);
            System.out.printf(Locale.ROOT, "sent %d commands to %d devices in %.1f s (%.0f/s); answered %d, lost %d, "
                    + "error answers %d%n", total, devices, sendSeconds / 1e9, total / (sendSeconds / 1e9), n, total - n,
                    errors.get());
            System.out.println("| measurement | commands | p50 ms | p99 ms | max ms |");
            System.out.println("|---|---|---|---|---|");
            System.out.println(s.row("command -> response"));
            int window = rate * Math.max(1, seconds / 6);
            for (int from = 0; from < total; from += window) {
                long[] part = new long[window];
                int m = 0;
                for (int k = from; k < Math.min(total, from + window); k++) {
                    if (seen.contains(k)) {
                        part[m++] = latency[k];
                    }
                }
                System.out.println(Stats.of(part, m).row("  commands " + from + "-" + (Math.min(total, from + window) - 1)));
            }
            System.out.printf(Locale.ROOT, "heap: max used %.0f MB, after GC %.0f MB, -Xmx %d MB%n", maxHeap.get() / 1e6,
                    afterGc / 1e6, Runtime.getRuntime().maxMemory() / (1024 * 1024));
        }
    }

    private static void startup(MosquittoProcess broker, int devices) throws Exception {
        try (Client ha = new Client(broker.url(), "probe-ha", "homeassistant/device/+/config", "solemate/+/availability")) {
            Set<String> discovered = ConcurrentHashMap.newKeySet();
            Set<String> online = ConcurrentHashMap.newKeySet();
            AtomicLong lastDiscovery = new AtomicLong();
            AtomicLong lastOnline = new AtomicLong();
            ha.onMessage = (topic, payload) -> {
                if (topic.endsWith("/config")) {
                    if (discovered.add(topic)) {
                        lastDiscovery.set(System.nanoTime());
                    }
                } else if (new String(payload, StandardCharsets.UTF_8).equals("online") && online.add(topic)) {
                    lastOnline.set(System.nanoTime());
                }
            };
            BridgeConfig.Builder builder = BridgeConfig.builder(BrokerConfig.of(broker.url()));
            for (int i = 0; i < devices; i++) {
                builder.device(DeviceConfig.of("s" + i, "sim:?profile=shiatsu-4zone&name=start" + i));
            }
            BridgeConfig config = builder.build();
            long t0 = System.nanoTime();
            try (MqttBridge bridge = MqttBridge.start(config)) {
                long started = System.nanoTime();
                long deadline = t0 + TimeUnit.SECONDS.toNanos(60);
                while ((discovered.size() < devices || online.size() < devices) && System.nanoTime() < deadline) {
                    Thread.sleep(10);
                }
                System.out.println("| step | seconds |");
                System.out.println("|---|---|");
                System.out.printf(Locale.ROOT, "| %d devices opened and connected (start returned) | %.2f |%n", devices,
                        (started - t0) / 1e9);
                System.out.printf(Locale.ROOT, "| all %d discovery configs received by a subscriber | %.2f |%n",
                        discovered.size(), (lastDiscovery.get() - t0) / 1e9);
                System.out.printf(Locale.ROOT, "| all %d devices online | %.2f |%n", online.size(), (lastOnline.get() - t0) / 1e9);
                System.out.printf(Locale.ROOT, "heap used after start: %.0f MB; threads: %d%n",
                        (Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory()) / 1e6,
                        Thread.activeCount());
                long closeStart = System.nanoTime();
                bridge.close();
                System.out.printf(Locale.ROOT, "clean shutdown (stop all, publish offline): %.2f s%n",
                        (System.nanoTime() - closeStart) / 1e9);
            }
        }
    }
}
