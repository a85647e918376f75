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

    static void roundTrip(int n, SystemTimeline timeline) throws Exception {
        long[] raw = new long[n];
        try (PtyPair pair = new PtyPair(); RawEcho echo = new RawEcho(pair.b.toString(), true, 0)) {
            BlockingQueue<byte[]> lines = new LinkedBlockingQueue<>();
            Transport host = JSerialCommTransport.open(SerialSettings.of(pair.a.toString(), 115200), () -> "");
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
            for (int i = -200; i < n; i++) {
                byte[] l = line(i & 8191, 3);
                long t0 = System.nanoTime();
                host.write(l);
                lines.take();
                if (i >= 0) {
                    raw[i] = System.nanoTime() - t0;
                }
            }
            host.close();
        }
        long[] lib = new long[n];
        try (PtyPair pair = new PtyPair();
             FirmwareEmulator emu = FirmwareEmulator.start(pair.b.toString(), EmulatorOptions.defaults())) {
            LinkConnection link = open(pair, timeline, "");
            for (int i = -200; i < n; i++) {
                long t0 = System.nanoTime();
                link.send(new DeviceCommand.SetZone(Zone.ARCH, Technique.KNEAD, i & 3)).get(5, TimeUnit.SECONDS);
                if (i >= 0) {
                    lib[i] = System.nanoTime() - t0;
                }
            }
            link.close();
        }
        Samples r = Samples.of(raw);
        Samples l = Samples.of(lib);
        System.out.println("### Round trip of one acknowledged command (" + n + " each, ms)");
        System.out.println();
        System.out.println("| | p50 | p99 | max |");
        System.out.println("|---|---|---|---|");
        System.out.println("| raw: same line echoed by the far end | " + Samples.ms(r.p50()) + " | " + Samples.ms(r.p99()) + " | " + Samples.ms(r.max()) + " |");
        System.out.println("| driver + emulator: `send(SetZone)` until acknowledged | " + Samples.ms(l.p50()) + " | " + Samples.ms(l.p99()) + " | " + Samples.ms(l.max()) + " |");
        System.out.printf(Locale.ROOT, "| ratio (target <= 1.5) | %.2f | %.2f | |%n%n", (double) l.p50() / r.p50(), (double) l.p99() / r.p99());
    }

    // ------------------------------------------------------------------ 2. throughput

    static void throughput(int n, SystemTimeline timeline) throws Exception {
        double raw;
        try (PtyPair pair = new PtyPair(); RawEcho echo = new RawEcho(pair.b.toString(), true, 0)) {
            AtomicLong newlines = new AtomicLong();
            Transport host = JSerialCommTransport.open(SerialSettings.of(pair.a.toString(), 115200), () -> "");
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
            double rate = 0;
            for (int round = 1; round <= 2; round++) { // the first round warms up
                long t0 = System.nanoTime();
                for (int i = 0; i < n; i++) {
                    host.write(line(i % 10000, i % 6));
                }
                while (newlines.get() < (long) n * round) {
                    Thread.onSpinWait();
                }
                rate = n / ((System.nanoTime() - t0) / 1e9);
            }
            raw = rate;
            host.close();
        }
        double windowed = windowed(n, 128, timeline);
        double windowedLarge = windowed(n, 1024, timeline);
        double stopAndWait;
        long resends;
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
            resends = link.resends();
            link.close();
        }
        System.out.println("### Pipelined throughput (" + n + " `SET` commands, commands per second)");
        System.out.println();
        System.out.println("| | commands/s | vs raw |");
        System.out.println("|---|---|---|");
        System.out.printf(Locale.ROOT, "| raw: same lines written back to back, echoed | %.0f | 100 %% |%n", raw);
        System.out.printf(Locale.ROOT, "| driver, window: the emulator's 128-byte buffer (target >= 50 %% of raw) | %.0f | %.0f %% |%n", windowed, 100 * windowed / raw);
        System.out.printf(Locale.ROOT, "| driver, window: a 1024-byte buffer (16 requests) | %.0f | %.0f %% |%n", windowedLarge, 100 * windowedLarge / raw);
        System.out.printf(Locale.ROOT, "| driver, stop-and-wait (one at a time) | %.0f | %.0f %% |%n", stopAndWait, 100 * stopAndWait / raw);
        System.out.println();
        System.out.println("Resends during the run: " + resends + ".");
        System.out.println();
    }

    private static double windowed(int n, int rxBuffer, SystemTimeline timeline) throws Exception {
        try (PtyPair pair = new PtyPair();
             FirmwareEmulator emu = FirmwareEmulator.start(pair.b.toString(), EmulatorOptions.defaults().withRxBuffer(rxBuffer))) {
            LinkConnection link = open(pair, timeline, "");
            for (int round = 0; round < 2; round++) { // the first round warms up
                List<CompletableFuture<Void>> all = new ArrayList<>(n);
                long t0 = System.nanoTime();
                for (int i = 0; i < n; i++) {
                    all.add(link.send(new DeviceCommand.SetZone(Zone.ARCH, Technique.KNEAD, i % 6)));
                }
                CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
                if (round == 1) {
                    double rate = n / ((System.nanoTime() - t0) / 1e9);
                    link.close();
                    return rate;
                }
            }
            throw new IllegalStateException("unreachable");
        }
    }

    // ------------------------------------------------------------------ 3. stop latency

    static void stopLatency(int n, SystemTimeline timeline) throws Exception {
        long[] raw = new long[n];
        try (PtyPair pair = new PtyPair(); RawEcho sink = new RawEcho(pair.b.toString(), false, 0)) {
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
        try (PtyPair pair = new PtyPair(); RawEcho paced = new RawEcho(pair.b.toString(), false, 115200)) {
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
