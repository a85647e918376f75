package dev.solemate.bench.serial;

import dev.solemate.device.Technique;
import dev.solemate.device.Zone;
import dev.solemate.driver.DeviceCommand;
import dev.solemate.driver.DeviceUri;
import dev.solemate.driver.DriverContext;
import dev.solemate.serial.driver.LinkConnection;
import dev.solemate.serial.driver.SerialDriver;
import dev.solemate.serial.emulator.EmulatorOptions;
import dev.solemate.serial.emulator.FirmwareEmulator;
import dev.solemate.serial.protocol.FrameDecoder;
import dev.solemate.serial.protocol.Operation;
import dev.solemate.serial.protocol.Request;
import dev.solemate.serial.protocol.text.TextProtocol;
import dev.solemate.serial.transport.JSerialCommTransport;
import dev.solemate.serial.transport.SerialSettings;
import dev.solemate.serial.transport.Transport;
import dev.solemate.time.SystemTimeline;
import java.io.ByteArrayOutputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The serial driver over a real pseudo-terminal pair with the firmware emulator on the far end, each
 * number against a baseline measured in the same run over the same kind of pair without the protocol
 * (the far end just echoes or counts bytes). Prints markdown for docs/benchmarks.md.
 *
 * <p>Usage: {@code SerialBenchmark [round-trips] [stream-commands] [stops]} (defaults 2000 5000 300).
 */
public final class SerialBenchmark {

    private static final TextProtocol TEXT = new TextProtocol();

    private SerialBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int roundTrips = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        int stream = args.length > 1 ? Integer.parseInt(args[1]) : 5000;
        int stops = args.length > 2 ? Integer.parseInt(args[2]) : 300;
        try (SystemTimeline timeline = new SystemTimeline("bench-clock")) {
            roundTrip(roundTrips, timeline);
            throughput(stream, timeline);
            stopLatency(stops, timeline);
            lineRate(timeline);
        }
    }

    private static byte[] line(int seq, int level) {
        return TEXT.wireRequest(new Request(seq, new Operation.SetZone(Zone.ARCH, Technique.KNEAD, level)));
    }

    private static LinkConnection open(PtyPair pair, SystemTimeline timeline, String params) {
        return (LinkConnection) new SerialDriver().connect(DeviceUri.parse("serial:" + pair.a + params),
                new DriverContext(timeline));
    }

    // ------------------------------------------------------------------ 1. round trip

    /** Warm-up rounds before measuring: enough for the JIT to compile both paths (a few seconds). */
    private static final int WARM_UP = Integer.getInteger("bench.warmup", 5000);

    /**
     * Raw echo and driver round trips alternate, one each, over two pty pairs open side by side, so
     * that both meet the same machine (a busy moment lands on both, not on whichever ran then).
     */
    static void roundTrip(int n, SystemTimeline timeline) throws Exception {
        long[] raw = new long[n];
        long[] lib = new long[n];
        try (PtyPair rawPair = new PtyPair(); RawEcho echo = new RawEcho(rawPair.b.toString(), RawEcho.Echo.INLINE, 0);
             PtyPair pair = new PtyPair();
             FirmwareEmulator emu = FirmwareEmulator.start(pair.b.toString(), EmulatorOptions.defaults())) {
            BlockingQueue<byte[]> lines = new LinkedBlockingQueue<>();
            Transport host = JSerialCommTransport.open(SerialSettings.of(rawPair.a.toString(), 115200), () -> "");
            FrameDecoder d = TEXT.framing().newDecoder(255);
            host.start(new Transport.Receiver() {
                @Override
                public void onBytes(byte[] buffer, int length) {
                    d.feed(buffer, 0, length, lines::add);
                }

                @Override
                public void onClosed(String reason) {
                }
            });
            LinkConnection link = open(pair, timeline, "");
            for (int i = -WARM_UP; i < n; i++) {
                byte[] l = line(i & 8191, 3);
                long t0 = System.nanoTime();
                host.write(l);
                lines.take();
                long t1 = System.nanoTime();
                link.send(new DeviceCommand.SetZone(Zone.ARCH, Technique.KNEAD, i & 3)).get(5, TimeUnit.SECONDS);
                long t2 = System.nanoTime();
                if (i >= 0) {
                    raw[i] = t1 - t0;
                    lib[i] = t2 - t1;
                }
            }
            link.close();
            host.close();
        }
        Samples r = Samples.of(raw);
        Samples l = Samples.of(lib);
        System.out.println("### Round trip of one acknowledged command (" + n + " each, alternating, after " + WARM_UP
                + " warm-up rounds of each; ms)");
        System.out.println();
        System.out.println("| | p50 | p99 | max |");
        System.out.println("|---|---|---|---|");
        System.out.println("| raw: same line echoed by the far end | " + Samples.ms(r.p50()) + " | " + Samples.ms(r.p99()) + " | " + Samples.ms(r.max()) + " |");
        System.out.println("| driver + emulator: `send(SetZone)` until acknowledged | " + Samples.ms(l.p50()) + " | " + Samples.ms(l.p99()) + " | " + Samples.ms(l.max()) + " |");
        System.out.printf(Locale.ROOT, "| ratio (target <= 1.5) | %.2f | %.2f | |%n%n", (double) l.p50() / r.p50(), (double) l.p99() / r.p99());
    }

    // ------------------------------------------------------------------ 2. throughput

    /** Rounds of each throughput measurement; they alternate, and the median rate of each is reported. */
    private static final int THROUGHPUT_ROUNDS = 7;

    /**
     * Raw, 128-, 256- and 1024-byte windows alternate, round after round over four pty pairs
     * open side by side, after a warm-up round of each; the median of each is reported.
     */
    static void throughput(int n, SystemTimeline timeline) throws Exception {
        double[] raw = new double[THROUGHPUT_ROUNDS];
        List<Windowed> windows = new ArrayList<>();
        long resends = 0;
        try (PtyPair rawPair = new PtyPair(); RawEcho echo = new RawEcho(rawPair.b.toString(), RawEcho.Echo.QUEUED, 0)) {
            windows.add(new Windowed(128, "the emulator's 128-byte buffer (target >= 50 % of raw)", timeline));
            windows.add(new Windowed(256, "a 256-byte buffer (Arduino-ESP32's default)", timeline));
            windows.add(new Windowed(1024, "a 1024-byte buffer (16 requests)", timeline));
            AtomicLong newlines = new AtomicLong();
            Transport host = JSerialCommTransport.open(SerialSettings.of(rawPair.a.toString(), 115200), () -> "");
            host.start(new Transport.Receiver() {
                @Override
                public void onBytes(byte[] buffer, int length) {
                    for (int i = 0; i < length; i++) {
                        if (buffer[i] == '\n') {
                            newlines.incrementAndGet();
                        }
                    }
                }

                @Override
                public void onClosed(String reason) {
                }
            });
            for (int round = -1; round < THROUGHPUT_ROUNDS; round++) { // round -1 warms up
                long t0 = System.nanoTime();
                long before = newlines.get();
                for (int i = 0; i < n; i++) {
                    host.write(line(i % 10000, i % 6));
                }
                while (newlines.get() < before + n) {
                    Thread.onSpinWait();
                }
                double rawRate = n / ((System.nanoTime() - t0) / 1e9);
                if (round >= 0) {
                    raw[round] = rawRate;
                }
                for (Windowed w : windows) {
                    double rate = windowed(w.link, n);
                    if (round >= 0) {
                        w.rates[round] = rate;
                    }
                }
            }
            for (Windowed w : windows) {
                resends += w.link.resends();
            }
            host.close();
        } finally {
            for (Windowed w : windows) {
                w.close();
            }
        }
        double stopAndWait;
        try (PtyPair pair = new PtyPair();
             FirmwareEmulator emu = FirmwareEmulator.start(pair.b.toString(), EmulatorOptions.defaults())) {
            LinkConnection link = open(pair, timeline, "");
            long t0;
            int m = n / 5;
            t0 = System.nanoTime();
            for (int i = 0; i < m; i++) {
                link.send(new DeviceCommand.SetZone(Zone.ARCH, Technique.KNEAD, i % 6)).get(5, TimeUnit.SECONDS);
            }
            stopAndWait = m / ((System.nanoTime() - t0) / 1e9);
            resends += link.resends();
            link.close();
        }
        double rawMedian = median(raw);
        System.out.println("### Pipelined throughput (" + n + " `SET` commands, commands per second; median of "
                + THROUGHPUT_ROUNDS + " alternating rounds, range in brackets)");
        System.out.println();
        System.out.println("| | commands/s | vs raw |");
        System.out.println("|---|---|---|");
        System.out.printf(Locale.ROOT, "| raw: same lines written back to back, echoed (by a writer thread) | %.0f (%s) | 100 %% |%n", rawMedian, range(raw));
        for (Windowed w : windows) {
            double median = median(w.rates);
            System.out.printf(Locale.ROOT, "| driver, window: %s | %.0f (%s) | %.0f %% |%n",
                    w.label, median, range(w.rates), 100 * median / rawMedian);
        }
        System.out.printf(Locale.ROOT, "| driver, stop-and-wait (one at a time) | %.0f | %.0f %% |%n", stopAndWait, 100 * stopAndWait / rawMedian);
        System.out.println();
        System.out.println("Resends during the run: " + resends + ".");
        System.out.println();
    }

    /** The driver against an emulator with one receive-buffer size, over its own pty pair, and its rates. */
    private static final class Windowed implements AutoCloseable {
        final String label;
        final double[] rates = new double[THROUGHPUT_ROUNDS];
        final PtyPair pair;
        final FirmwareEmulator emulator;
        final LinkConnection link;

        Windowed(int rxBuffer, String label, SystemTimeline timeline) throws Exception {
            this.label = label;
            this.pair = new PtyPair();
            this.emulator = FirmwareEmulator.start(pair.b.toString(), EmulatorOptions.defaults().withRxBuffer(rxBuffer));
            this.link = open(pair, timeline, "");
        }

        @Override
        public void close() throws Exception {
            link.close();
            emulator.close();
            pair.close();
        }
    }

    private static double windowed(LinkConnection link, int n) throws Exception {
        List<CompletableFuture<Void>> all = new ArrayList<>(n);
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            all.add(link.send(new DeviceCommand.SetZone(Zone.ARCH, Technique.KNEAD, i % 6)));
        }
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        return n / ((System.nanoTime() - t0) / 1e9);
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static String range(double[] values) {
        double[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        return String.format(Locale.ROOT, "%.0fk-%.0fk", sorted[0] / 1000, sorted[sorted.length - 1] / 1000);
    }

    // ------------------------------------------------------------------ 3. stop latency

    static void stopLatency(int n, SystemTimeline timeline) throws Exception {
        long[] raw = new long[n];
        try (PtyPair pair = new PtyPair(); RawEcho sink = new RawEcho(pair.b.toString(), RawEcho.Echo.NONE, 0)) {
            Transport host = JSerialCommTransport.open(SerialSettings.of(pair.a.toString(), 115200), () -> "");
            for (int i = -50; i < n; i++) {
                long before = sink.bytes.get();
                long t0 = System.nanoTime();
                host.write(new byte[] {0x18});
                while (sink.bytes.get() == before) {
                    Thread.onSpinWait();
                }
                if (i >= 0) {
                    raw[i] = System.nanoTime() - t0;
                }
                Thread.sleep(1);
            }
            host.close();
        }
        long[] toZero = new long[n];
        long[] confirmed = new long[n];
        try (PtyPair pair = new PtyPair();
             FirmwareEmulator emu = FirmwareEmulator.start(pair.b.toString(), EmulatorOptions.defaults())) {
            AtomicLong zeroAt = new AtomicLong();
            emu.board().onZero(() -> zeroAt.compareAndSet(0, System.nanoTime()));
            LinkConnection link = open(pair, timeline, "");
            AtomicBoolean running = new AtomicBoolean(true);
            Thread streamer = new Thread(() -> {
                ArrayDeque<CompletableFuture<Void>> outstanding = new ArrayDeque<>();
                int i = 0;
                while (running.get()) {
                    outstanding.add(link.send(new DeviceCommand.SetZone(Zone.ARCH, Technique.KNEAD, 1 + i++ % 5)));
                    while (outstanding.size() > 32) {
                        try {
                            outstanding.poll().get(5, TimeUnit.SECONDS);
                        } catch (Exception cancelledByStop) {
                            // expected: stop() cancels what was queued
                        }
                    }
                }
            }, "bench-stream");
            streamer.start();
            for (int i = -20; i < n; i++) {
                Thread.sleep(5 + ThreadLocalRandom.current().nextInt(10));
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
                while (emu.board().isIdle() && System.nanoTime() < deadline) {
                    Thread.onSpinWait();
                }
                zeroAt.set(0);
                long t0 = System.nanoTime();
                CompletableFuture<Void> stopped = link.stopAll();
                stopped.get(5, TimeUnit.SECONDS);
                long t1 = System.nanoTime();
                while (zeroAt.get() == 0) {
                    Thread.onSpinWait();
                }
                if (i >= 0) {
                    toZero[i] = zeroAt.get() - t0;
                    confirmed[i] = t1 - t0;
                }
            }
            running.set(false);
            streamer.join();
            link.close();
        }
        Samples r = Samples.of(raw);
        Samples z = Samples.of(toZero);
        Samples c = Samples.of(confirmed);
        System.out.println("### Stop latency under a full-rate stream (" + n + " stops, ms)");
        System.out.println();
        System.out.println("| | p50 | p99 | max |");
        System.out.println("|---|---|---|---|");
        System.out.println("| raw: one byte from host write to the far end's read | " + Samples.ms(r.p50()) + " | " + Samples.ms(r.p99()) + " | " + Samples.ms(r.max()) + " |");
        System.out.println("| `stopAll()` to the emulator's actuators at zero (target p99 <= 5 ms) | " + Samples.ms(z.p50()) + " | " + Samples.ms(z.p99()) + " | " + Samples.ms(z.max()) + " |");
        System.out.println("| `stopAll()` to its future completing (`EVT STOPPED` received) | " + Samples.ms(c.p50()) + " | " + Samples.ms(c.p99()) + " | " + Samples.ms(c.max()) + " |");
        System.out.println();
    }

    // ------------------------------------------------------------------ 4. line rate at 115200 baud

    static void lineRate(SystemTimeline timeline) throws Exception {
        double lineBytesPerSecond = 115200 / 10.0;
        int n = 600;
        ByteArrayOutputStream lines = new ByteArrayOutputStream();
        for (int i = 0; i < n; i++) {
            lines.writeBytes(line(100 + i, i % 6));
        }
        byte[] all = lines.toByteArray();
        double raw;
        try (PtyPair pair = new PtyPair(); RawEcho paced = new RawEcho(pair.b.toString(), RawEcho.Echo.NONE, 115200)) {
            Transport host = JSerialCommTransport.open(SerialSettings.of(pair.a.toString(), 115200), () -> "");
            long t0 = System.nanoTime();
            for (int i = 0; i < all.length; i += 64) {
                host.write(java.util.Arrays.copyOfRange(all, i, Math.min(all.length, i + 64)));
            }
            while (paced.bytes.get() < all.length) {
                Thread.sleep(1);
            }
            raw = all.length / ((System.nanoTime() - t0) / 1e9);
            host.close();
        }
        double driver;
        long bytes;
        try (PtyPair pair = new PtyPair();
             FirmwareEmulator emu = FirmwareEmulator.start(pair.b.toString(), EmulatorOptions.defaults().withPaceBaud(115200))) {
            LinkConnection link = open(pair, timeline, "");
            long before = link.bytesSent();
            List<CompletableFuture<Void>> futures = new ArrayList<>(n);
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                futures.add(link.send(new DeviceCommand.SetZone(Zone.ARCH, Technique.KNEAD, i % 6)));
            }
            CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
            double seconds = (System.nanoTime() - t0) / 1e9;
            bytes = link.bytesSent() - before;
            driver = bytes / seconds;
            link.close();
        }
        System.out.println("### Streaming into a board that reads at 115200 baud (8N1: 11520 bytes/s)");
        System.out.println();
        System.out.println("| | bytes/s | of line rate |");
        System.out.println("|---|---|---|");
        System.out.printf(Locale.ROOT, "| raw: " + all.length + " bytes of request lines into a paced reader | %.0f | %.1f %% |%n", raw, 100 * raw / lineBytesPerSecond);
        System.out.printf(Locale.ROOT, "| driver: %d `SET` commands (%d bytes), windowed, acknowledged (target >= 90 %%) | %.0f | %.1f %% |%n", n, bytes, driver, 100 * driver / lineBytesPerSecond);
        System.out.println();
    }
}
