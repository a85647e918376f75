package dev.solemate.bench.peer;

import dev.solemate.bench.mqtt.Stats;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Side by side, in one run and through one broker, the same job done by several systems that put a
 * serial massager on MQTT (the Solemate bridge and a hand-built Node-RED flow, each with its own
 * firmware emulator over a pty): the same measuring client ({@link Probe}) sends each the same
 * commands and times each answer on {@code /response}; the systems' processes are sampled from
 * {@code /proc} throughout. Phases, in order:
 * <ol>
 *   <li>idle: 10 s, nothing sent (RSS and CPU at rest);</li>
 *   <li>cold: the zone brought to its level, then the first 3,000 isolated commands (compilers at work);</li>
 *   <li>warm-up: 15,000 more isolated commands, until the JITs (systems, emulators, probe) are done;</li>
 *   <li>isolated: one command at a time, the systems taking turns one by one, 1 ms apart;</li>
 *   <li>back to back: blocks of 100 commands, each sent the moment the previous was answered, the
 *       systems taking turns block by block; the first 5 of each block are not counted;</li>
 *   <li>throughput: each system alone for 10 s with 32 commands always outstanding, systems taking
 *       turns block by block; answered commands per second and CPU time per command;</li>
 *   <li>after: 60 s idle, RSS read again at 30 s and 60 s (is memory given back?).</li>
 * </ol>
 * Every command is {@code {"zones":{"arch":{"technique":"knead"|"roll","intensity":40}}}}: the
 * technique alternates at a constant level, so a safety governor passes it at once and every
 * command reaches the device. Every answer must be {@code ok}; anything else ends the run.
 *
 * <p>Usage: {@code PeerBenchmark <broker-url> <name=prefix=pid>...}; sizes by system properties
 * {@code peer.cold} (3000), {@code peer.warmup} (15000), {@code peer.isolated} (2000), {@code peer.blocks} (20),
 * {@code peer.throughputBlocks} (3), {@code peer.throughputSeconds} (10), {@code peer.window} (32).
 */
public final class PeerBenchmark {

    private static final int BLOCK = 100;
    private static final int BLOCK_SKIP = 5;

    private final Probe probe;
    private final List<PeerSystem> systems;
    private final Map<PeerSystem, Boolean> roll = new ConcurrentHashMap<>();
    private final Map<String, Map<PeerSystem, Long>> peakRss = new ConcurrentHashMap<>();
    private final Map<String, Map<PeerSystem, Long>> lastRss = new ConcurrentHashMap<>();
    private volatile String phase = "idle";

    private PeerBenchmark(Probe probe, List<PeerSystem> systems) {
        this.probe = probe;
        this.systems = systems;
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: PeerBenchmark <broker-url> <name=prefix=pid>...");
            System.exit(2);
        }
        List<PeerSystem> systems = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            systems.add(PeerSystem.parse(args[i]));
        }
        try (Probe probe = new Probe(args[0], systems)) {
            new PeerBenchmark(probe, systems).run();
        }
        System.exit(0);
    }

    private void run() throws Exception {
        Thread sampler = new Thread(this::sample, "peer-rss-sampler");
        sampler.setDaemon(true);
        sampler.start();

        Map<PeerSystem, ProcessSample> cpu0 = cpu();
        Thread.sleep(10_000);
        Map<PeerSystem, ProcessSample> cpu1 = cpu();
        out("idle CPU over 10 s (% of one core):");
        for (PeerSystem s : systems) {
            out(String.format(Locale.ROOT, "  %s: %.1f %%", s.name(),
                    (cpu1.get(s).cpuTicks() - cpu0.get(s).cpuTicks()) * ProcessSample.MILLIS_PER_TICK / 100.0));
        }

        phase = "warm-up";
        for (PeerSystem s : systems) {
            probe.send(s, command(s)).await(30_000);
        }
        Thread.sleep(5_000); // a governor's gradual rise to the level ends
        // The first commands after start-up, while every JIT involved (the systems', the emulators',
        // the probe's) is still compiling: what a bridge that gets a few commands an hour lives with.
        int cold = Integer.getInteger("peer.cold", 3000);
        Map<PeerSystem, ProcessSample> w0 = cpu();
        Map<PeerSystem, long[]> first = isolated(cold);
        table("the first " + cold + " isolated commands after start-up (compilers still at work)", first, cold, w0, cpu());
        dump("cold", first);
        // Then until the compilers are done (HotSpot's C2 thresholds are 5,000-15,000 calls): the
        // emulators get identical commands, so their compiles come at the same moment and stall
        // every system at once, which is the machine's tail, not the systems'.
        isolated(Integer.getInteger("peer.warmup", 15000));

        phase = "isolated";
        Map<PeerSystem, ProcessSample> c0 = cpu();
        int rounds = Integer.getInteger("peer.isolated", 2000);
        Map<PeerSystem, long[]> iso = isolated(rounds);
        Map<PeerSystem, ProcessSample> c1 = cpu();
        dump("isolated", iso);
        table("isolated commands (one at a time, systems take turns one by one)", iso, rounds, c0, c1);

        phase = "back-to-back";
        c0 = cpu();
        int blocks = Integer.getInteger("peer.blocks", 20);
        Map<PeerSystem, long[]> b2b = backToBack(blocks);
        c1 = cpu();
        table("back to back (blocks of " + BLOCK + ", systems take turns block by block)", b2b,
                blocks * (BLOCK - BLOCK_SKIP), c0, c1);

        phase = "throughput";
        throughput(Integer.getInteger("peer.throughputBlocks", 3), Integer.getInteger("peer.throughputSeconds", 10),
                Integer.getInteger("peer.window", 32));

        phase = "after";
        out("");
        out("| RSS MB | " + String.join(" | ", systems.stream().map(PeerSystem::name).toList()) + " |");
        out("|---|" + "---:|".repeat(systems.size()));
        row("idle, before any command (last sample)", lastRss.get("idle"));
        row("peak, warm-up", peakRss.get("warm-up"));
        row("peak, isolated", peakRss.get("isolated"));
        row("peak, back to back", peakRss.get("back-to-back"));
        row("peak, throughput", peakRss.get("throughput"));
        Thread.sleep(30_000);
        row("30 s after the load", snapshot());
        Thread.sleep(30_000);
        row("60 s after the load", snapshot());
    }

    /**
     * With {@code -Dpeer.dump=<dir>}: every sample of a phase, in the order taken, one file per
     * system ({@code <phase>-<system>.txt}, microseconds), to see when the slow ones came.
     */
    private void dump(String phaseName, Map<PeerSystem, long[]> samples) throws java.io.IOException {
        String dir = System.getProperty("peer.dump");
        if (dir == null) {
            return;
        }
        for (Map.Entry<PeerSystem, long[]> e : samples.entrySet()) {
            StringBuilder sb = new StringBuilder();
            for (long v : e.getValue()) {
                sb.append(v / 1000).append('\n');
            }
            java.nio.file.Files.writeString(java.nio.file.Path.of(dir, phaseName + "-" + e.getKey().name() + ".txt"), sb);
        }
    }

    private String command(PeerSystem s) {
        boolean r = roll.merge(s, Boolean.TRUE, (a, b) -> !a);
        return "{\"zones\":{\"arch\":{\"technique\":\"" + (r ? "roll" : "knead") + "\",\"intensity\":40}}";
    }

    private Map<PeerSystem, long[]> isolated(int rounds) throws Exception {
        Map<PeerSystem, long[]> samples = new LinkedHashMap<>();
        systems.forEach(s -> samples.put(s, new long[rounds]));
        for (int i = 0; i < rounds; i++) {
            for (PeerSystem s : systems) {
                samples.get(s)[i] = probe.send(s, command(s)).await(10_000);
                pause(1_000_000);
            }
        }
        return samples;
    }

    private Map<PeerSystem, long[]> backToBack(int blocks) throws Exception {
        Map<PeerSystem, long[]> samples = new LinkedHashMap<>();
        systems.forEach(s -> samples.put(s, new long[blocks * (BLOCK - BLOCK_SKIP)]));
        for (int b = 0; b < blocks; b++) {
            for (PeerSystem s : systems) {
                long[] into = samples.get(s);
                for (int i = 0; i < BLOCK; i++) {
                    long t = probe.send(s, command(s)).await(10_000);
                    if (i >= BLOCK_SKIP) {
                        into[b * (BLOCK - BLOCK_SKIP) + i - BLOCK_SKIP] = t;
                    }
                }
            }
        }
        return samples;
    }

    private void throughput(int blocks, int seconds, int window) throws Exception {
        Map<PeerSystem, Long> answered = new LinkedHashMap<>();
        Map<PeerSystem, Long> ticks = new LinkedHashMap<>();
        Map<PeerSystem, List<Double>> rates = new LinkedHashMap<>();
        for (int b = 0; b < blocks; b++) {
            List<PeerSystem> order = new ArrayList<>(systems);
            if (b % 2 == 1) {
                java.util.Collections.reverse(order);
            }
            for (PeerSystem s : order) {
                Semaphore slots = new Semaphore(window);
                AtomicLong ok = new AtomicLong();
                AtomicLong bad = new AtomicLong();
                long c0 = ProcessSample.of(s.pid()).cpuTicks();
                long start = System.nanoTime();
                long end = start + TimeUnit.SECONDS.toNanos(seconds);
                while (System.nanoTime() < end) {
                    if (!slots.tryAcquire(100, TimeUnit.MILLISECONDS)) {
                        continue;
                    }
                    probe.send(s, command(s)).answer().whenComplete((a, e) -> {
                        (a != null && a.ok() ? ok : bad).incrementAndGet();
                        slots.release();
                    });
                }
                long countedAt = System.nanoTime();
                long okInTime = ok.get();
                if (!slots.tryAcquire(window, 30, TimeUnit.SECONDS)) {
                    throw new IllegalStateException(s.name() + ": " + (window - slots.availablePermits())
                            + " commands unanswered 30 s after the throughput block");
                }
                long c1 = ProcessSample.of(s.pid()).cpuTicks();
                if (bad.get() > 0) {
                    throw new IllegalStateException(s.name() + ": " + bad.get() + " answers were not ok in the throughput block");
                }
                double rate = okInTime / ((countedAt - start) / 1e9);
                rates.computeIfAbsent(s, k -> new ArrayList<>()).add(rate);
                answered.merge(s, ok.get(), Long::sum);
                ticks.merge(s, c1 - c0, Long::sum);
                Thread.sleep(2_000);
            }
        }
        out("");
        out("throughput (" + blocks + " blocks of " + seconds + " s per system, " + window
                + " commands outstanding, every one answered ok):");
        out("| system | cmd/s per block | CPU ms per command |");
        out("|---|---|---:|");
        for (PeerSystem s : systems) {
            out(String.format(Locale.ROOT, "| %s | %s | %.3f |", s.name(),
                    String.join(" / ", rates.get(s).stream().map(r -> String.format(Locale.ROOT, "%,.0f", r)).toList()),
                    ticks.get(s) * (double) ProcessSample.MILLIS_PER_TICK / answered.get(s)));
        }
    }

    private void table(String title, Map<PeerSystem, long[]> samples, int n, Map<PeerSystem, ProcessSample> c0,
            Map<PeerSystem, ProcessSample> c1) {
        out("");
        out(title + ":");
        out("| system | round trips | p50 ms | p99 ms | max ms | CPU ms per command |");
        out("|---|---:|---:|---:|---:|---:|");
        Map<PeerSystem, Stats> stats = new LinkedHashMap<>();
        for (PeerSystem s : systems) {
            Stats st = Stats.of(samples.get(s), n);
            stats.put(s, st);
            double cpu = (c1.get(s).cpuTicks() - c0.get(s).cpuTicks()) * (double) ProcessSample.MILLIS_PER_TICK / n;
            out(st.row(s.name()).replaceFirst(" \\|$", String.format(Locale.ROOT, " | %.3f |", cpu)));
        }
        if (systems.size() >= 2) {
            Stats a = stats.get(systems.get(0));
            Stats b = stats.get(systems.get(1));
            out(String.format(Locale.ROOT, "| **%s / %s** | | **%.2f** | **%.2f** | | |", systems.get(0).name(),
                    systems.get(1).name(), a.p50() / (double) b.p50(), a.p99() / (double) b.p99()));
        }
    }

    private void row(String label, Map<PeerSystem, Long> kb) {
        StringBuilder sb = new StringBuilder("| " + label + " |");
        for (PeerSystem s : systems) {
            Long v = kb == null ? null : kb.get(s);
            sb.append(' ').append(v == null ? "-" : Long.toString(v / 1024)).append(" |");
        }
        out(sb.toString());
    }

    private Map<PeerSystem, Long> snapshot() {
        Map<PeerSystem, Long> m = new LinkedHashMap<>();
        systems.forEach(s -> m.put(s, ProcessSample.of(s.pid()).rssKb()));
        return m;
    }

    private Map<PeerSystem, ProcessSample> cpu() {
        Map<PeerSystem, ProcessSample> m = new LinkedHashMap<>();
        systems.forEach(s -> m.put(s, ProcessSample.of(s.pid())));
        return m;
    }

    private void sample() {
        while (true) {
            String p = phase;
            for (PeerSystem s : systems) {
                long rss = ProcessSample.of(s.pid()).rssKb();
                peakRss.computeIfAbsent(p, k -> new ConcurrentHashMap<>()).merge(s, rss, Math::max);
                lastRss.computeIfAbsent(p, k -> new ConcurrentHashMap<>()).put(s, rss);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private static void pause(long nanos) {
        java.util.concurrent.locks.LockSupport.parkNanos(nanos); // not a spin: the probe must not take a core
    }

    private static void out(String line) {
        System.out.println(line);
    }
}
