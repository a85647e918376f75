package dev.solemate.bench.mqtt;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;

/**
 * A command storm against {@code solemate bridge} in its own JVM, as the launcher starts it: 20,000
 * commands to one device at full broker speed (a mix of valid, sloppy and broken ones, each with a
 * transaction), while the bridge's resident memory (VmRSS) is sampled every 100 ms. Reports the RSS
 * before the storm (the same run's baseline), its peak during the storm and after, and how every
 * command was answered: ok, error, busy, or not at all.
 *
 * <p>Usage: {@code StormBenchmark [commands] [extra JVM options for the bridge...]}
 */
public final class StormBenchmark {

    private static final String[] COMMANDS = {
        "{\"zones\":{\"arch\":{\"intensity\":40}}", "{\"zones\":{\"arch\":{\"technique\":\"knead\",\"intensity\":60}}",
        "{\"routine\":\"quick-unwind\"", "{\"power\":\"OFF\"", "{\"power\":\"on\"", "{\"routine\":\"quick-unwind \"",
        "{\"heat\":38", "{\"playback\":\"pause\"", "{\"comfort_cap\":80", "{\"zones\":{\"calf\":{\"intensity\":1}}",
    };

    private StormBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        List<String> jvm = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            jvm.add(args[i]);
        }
        try (MosquittoProcess broker = new MosquittoProcess()) {
            System.out.println("broker: " + broker.version() + "; bridge JVM options: " + (jvm.isEmpty() ? "(none, as the launcher)" : jvm));
            Path java = Path.of(System.getProperty("java.home"), "bin", "java");
            List<String> command = new ArrayList<>(List.of(java.toString()));
            command.addAll(jvm);
            command.addAll(List.of("-cp", System.getProperty("java.class.path"), "dev.solemate.cli.Main", "bridge",
                    "--broker", broker.url(), "--device", "storm=sim:?profile=shiatsu-4zone&latency=1ms"));
            Path log = Files.createTempFile("solemate-storm-bridge", ".log");
            Process bridge = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            try {
                run(broker.url(), bridge, count, log);
            } finally {
                bridge.destroy();
                bridge.waitFor(20, TimeUnit.SECONDS);
                bridge.destroyForcibly();
            }
        }
    }

    private static void run(String url, Process bridge, int count, Path log) throws Exception {
        Map<String, String> answers = new ConcurrentHashMap<>();
        AtomicLong lastAnswerNanos = new AtomicLong();
        MqttAsyncClient client = new MqttAsyncClient(url, "storm-" + ProcessHandle.current().pid(), new MemoryPersistence());
        client.setCallback(new MessageCallback((topic, m) -> {
            String text = new String(m.getPayload(), StandardCharsets.UTF_8);
            int t = text.indexOf("\"transaction\":\"");
            int s = text.indexOf("\"status\":\"");
            if (t >= 0 && s >= 0) {
                answers.put(text.substring(t + 15, text.indexOf('"', t + 15)), text.substring(s + 10, text.indexOf('"', s + 10)));
                lastAnswerNanos.set(System.nanoTime());
            }
        }));
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setReceiveMaximum(65535);
        client.connect(options).waitForCompletion(10_000);
        client.subscribe("solemate/storm/response", 1).waitForCompletion(10_000);
        client.subscribe("solemate/storm", 0).waitForCompletion(10_000);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.readString(log).contains("Ctrl-C to stop") && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        Thread.sleep(3000);   // the bridge settles after start-up (JIT, discovery)
        long baseline = rss(bridge.pid());
        RssSampler sampler = new RssSampler(bridge.pid());
        sampler.start();
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            String payload = COMMANDS[i % COMMANDS.length] + ",\"transaction\":\"s" + i + "\"}";
            while (true) {
                try {
                    client.publish("solemate/storm/set", payload.getBytes(StandardCharsets.UTF_8), 1, false);
                    break;
                } catch (MqttException full) {
                    Thread.onSpinWait();   // Paho's own window is full: the broker sets the pace
                }
            }
        }
        long sent = System.nanoTime();
        long wait = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (answers.size() < count && System.nanoTime() < wait) {
            Thread.sleep(50);
        }
        long end = lastAnswerNanos.get();
        Thread.sleep(2000);
        long after = rss(bridge.pid());
        sampler.stop();
        Map<String, Long> byStatus = new java.util.TreeMap<>();
        answers.values().forEach(s -> byStatus.merge(s, 1L, Long::sum));
        System.out.printf("commands: %d sent in %.2f s (%.0f/s), answered %d (%s), unanswered %d, last answer after %.2f s%n",
                count, (sent - start) / 1e9, count / ((sent - start) / 1e9), answers.size(), byStatus,
                count - answers.size(), (end - start) / 1e9);
        System.out.printf("bridge RSS: %d MB before the storm, peak %d MB during it, %d MB 2 s after%n",
                baseline / 1024, sampler.peak() / 1024, after / 1024);
        client.disconnect().waitForCompletion(5000);
        client.close();
        Optional.of(Files.readString(log)).filter(l -> l.contains("ERROR")).ifPresent(l -> System.out.println("bridge log:\n" + l));
    }

    /** VmRSS of a process in kB (Linux). */
    static long rss(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (java.io.IOException e) {
            return -1;
        }
        return -1;
    }

    private static final class RssSampler {
        private final long pid;
        private volatile boolean running = true;
        private volatile long peak;
        private final Thread thread;

        RssSampler(long pid) {
            this.pid = pid;
            this.thread = new Thread(() -> {
                while (running) {
                    peak = Math.max(peak, rss(pid));
                    try {
                        Thread.sleep(100);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            thread.setDaemon(true);
        }

        void start() {
            thread.start();
        }

        void stop() throws InterruptedException {
            running = false;
            thread.join();
        }

        long peak() {
            return peak;
        }
    }
}
