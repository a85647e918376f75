package dev.solemate.bench.firmware;

import dev.solemate.device.Technique;
import dev.solemate.device.Zone;
import dev.solemate.driver.DeviceCommand;
import dev.solemate.driver.DeviceUri;
import dev.solemate.driver.DriverContext;
import dev.solemate.serial.driver.LinkConnection;
import dev.solemate.serial.driver.SerialDriver;
import dev.solemate.serial.protocol.Operation;
import dev.solemate.serial.protocol.Request;
import dev.solemate.serial.protocol.text.TextProtocol;
import dev.solemate.serial.transport.JSerialCommTransport;
import dev.solemate.serial.transport.SerialSettings;
import dev.solemate.serial.transport.Transport;
import dev.solemate.time.SystemTimeline;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The serial driver against the reference firmware on a simulated ATmega328P (simavr, the harness
 * keeping simulated time in step with the wall clock, the UART paced at its programmed baud rate):
 * streaming against line rate, round trips against the line-rate minimum for their bytes, stop latency
 * from {@code stopAll()} to the simulated motor pins at zero, at 115200 and at 1,000,000 baud.
 * Prints markdown for docs/benchmarks.md.
 *
 * <p>Usage: {@code FirmwareBenchmark FIRMWARE_DIR [round-trips] [stops]} (defaults 300 and 200).
 */
public final class FirmwareBenchmark {

    private static final TextProtocol TEXT = new TextProtocol();

    private FirmwareBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path firmware = Path.of(args[0]);
        int roundTrips = args.length > 1 ? Integer.parseInt(args[1]) : 300;
        int stops = args.length > 2 ? Integer.parseInt(args[2]) : 200;
        try (SystemTimeline timeline = new SystemTimeline("bench-clock")) {
            for (int baud : new int[] {115_200, 1_000_000}) {
                System.out.println("### " + String.format(Locale.ROOT, "%,d", baud) + " baud");
                System.out.println();
                try (SimulatedBoard board = new SimulatedBoard(firmware, baud)) {
                    Thread.sleep(200); // the banner is out, the MCU idles
                    rawBaselines(board, baud);
                    LinkConnection link = (LinkConnection) new SerialDriver().connect(
                            DeviceUri.parse("serial:" + board.pty + "?baud=" + baud), new DriverContext(timeline));
                    try {
                        streaming(board, link, baud);
                        roundTrip(link, baud, roundTrips);
                        stops(board, link, stops, false);
                        stops(board, link, stops / 2, true);
                    } finally {
                        link.close();
                    }
                }
            }
        }
    }

    /** Seconds per byte of the simulated UART: UBRR as the firmware computes it, U2X, 10 bits a byte. */
    static double byteSeconds(int baud) {
        long ubrr = (16_000_000L + 4L * baud) / (8L * baud) - 1;
        return 10.0 * (ubrr + 1) * 8 / 16_000_000.0;
    }

    // ------------------------------------------------------------------ raw baselines (no session)

    private static double rawRoundTripP50;

    /**
     * Same board, same pty, no protocol session, no driver: typed {@code PING} round trips, the smallest
     * exchange there is, written and counted through the same transport class the driver uses.
     */
    static void rawBaselines(SimulatedBoard board, int baud) throws Exception {
        Transport host = JSerialCommTransport.open(SerialSettings.of(board.pty, baud), () -> "");
        AtomicLong answers = new AtomicLong();
        host.start(new Transport.Receiver() {
            @Override
            public void onBytes(byte[] buffer, int length) {
                for (int i = 0; i < length; i++) {
                    if (buffer[i] == '\n') {
                        answers.incrementAndGet();
                    }
                }
            }

            @Override
            public void onClosed(String reason) {
            }
        });
        Thread.sleep(300);
        byte[] ping = "PING\n".getBytes(StandardCharsets.US_ASCII);
        long[] rt = new long[200];
        for (int i = -20; i < rt.length; i++) {
            long b = answers.get();
            long s = System.nanoTime();
            host.write(ping);
            while (answers.get() == b) {
                Thread.onSpinWait();
            }
            if (i >= 0) {
                rt[i] = System.nanoTime() - s;
            }
            Thread.sleep(2);
        }
        host.close();
        Arrays.sort(rt);
        rawRoundTripP50 = rt[rt.length / 2] / 1e6;
        double minimum = (5 + 8) * byteSeconds(baud) * 1e3;
        System.out.printf(Locale.ROOT, "Raw baseline, same board and pty, no session, no driver: typed `PING` round trip "
                + "p50 %.3f ms, p99 %.3f ms (line-rate minimum for its 5 + 8 bytes: %.3f ms).%n%n",
                rawRoundTripP50, rt[rt.length * 99 / 100] / 1e6, minimum);
    }

    // ------------------------------------------------------------------ streaming

    static void streaming(SimulatedBoard board, LinkConnection link, int baud) throws Exception {
        int n = baud > 200_000 ? 4000 : 600;
        for (int i = 0; i < 50; i++) { // warm up the path
            link.send(new DeviceCommand.SetZone(Zone.ARCH, Technique.KNEAD, i % 6)).get(5, TimeUnit.SECONDS);
        }
        long[] idle0 = board.cpu();
        Thread.sleep(1000);
        long[] idle1 = board.cpu();
        // the MCU's own background (1 kHz tick, heater every 25 ms), per simulated microsecond
        double idlePerMicro = (double) ((idle1[0] - idle0[0]) - (idle1[1] - idle0[1])) / (idle1[2] - idle0[2]);
        long[] cpu0 = board.cpu();
        long before = link.bytesSent();
        List<CompletableFuture<Void>> futures = new ArrayList<>(n);
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            futures.add(link.send(new DeviceCommand.SetZone(Zone.ARCH, Technique.KNEAD, i % 6)));
        }
        CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
        double seconds = (System.nanoTime() - t0) / 1e9;
        long[] cpu1 = board.cpu();
        long bytes = link.bytesSent() - before;
        double rate = bytes / seconds;
        double busy = 1.0 - (double) (cpu1[1] - cpu0[1]) / (cpu1[0] - cpu0[0]);
        double simSpeed = (double) (cpu1[2] - cpu0[2]) / (cpu1[3] - cpu0[3]);
        System.out.println("| streaming | value |");
        System.out.println("|---|---|");
        System.out.printf(Locale.ROOT, "| %d `SET` commands through the window (rx=128), bytes/s the driver wrote | %.0f |%n", n, rate);
        System.out.printf(Locale.ROOT, "| share of the nominal line rate (%,d bytes/s) | %.1f %% |%n", baud / 10, 100 * rate / (baud / 10.0));
        System.out.printf(Locale.ROOT, "| share of the simulated UART's rate (%.0f bytes/s; UBRR rounding) | %.1f %% |%n",
                1 / byteSeconds(baud), 100 * rate * byteSeconds(baud));
        double awake = (cpu1[0] - cpu0[0]) - (cpu1[1] - cpu0[1]);
        double perLine = (awake - idlePerMicro * (cpu1[2] - cpu0[2])) / n;
        System.out.printf(Locale.ROOT, "| MCU cycles awake per `SET` line and its answer (idle background of %.1f %% taken out) | %.0f |%n",
                100 * idlePerMicro / 16, perLine);
        System.out.printf(Locale.ROOT, "| wire time of one `SET` line, in MCU cycles | %.0f |%n",
                TEXT.wireRequest(new Request(1234, new Operation.SetZone(Zone.ARCH, Technique.KNEAD, 3))).length * byteSeconds(baud) * 16e6);
        System.out.printf(Locale.ROOT, "| MCU awake (not in sleep mode) during the stream | %.1f %% |%n", 100 * busy);
        System.out.printf(Locale.ROOT, "| simulated time / wall time during the stream | %.3f |%n", simSpeed);
        System.out.printf(Locale.ROOT, "| resends | %d |%n%n", link.resends());
    }

    // ------------------------------------------------------------------ round trip

    static void roundTrip(LinkConnection link, int baud, int n) throws Exception {
        long[] ns = new long[n];
        for (int i = -50; i < n; i++) {
            long t0 = System.nanoTime();
            link.send(new DeviceCommand.SetZone(Zone.ARCH, Technique.KNEAD, (i & 3) + 1)).get(5, TimeUnit.SECONDS);
            if (i >= 0) {
                ns[i] = System.nanoTime() - t0;
            }
        }
        // the bytes of one exchange: a request like "1234 SET arch knead 3*XX\n" and "OK 1234*XX\n"
        int request = TEXT.wireRequest(new Request(1234, new Operation.SetZone(Zone.ARCH, Technique.KNEAD, 3))).length;
        int answer = "OK 1234*XX\n".length();
        double minimum = (request + answer) * byteSeconds(baud) * 1e3;
        Arrays.sort(ns);
        double p50 = ns[n / 2] / 1e6;
        double p99 = ns[Math.min(n - 1, (int) Math.ceil(n * 0.99) - 1)] / 1e6;
        System.out.println("| round trip, one `SET` at a time (" + n + ") | ms |");
        System.out.println("|---|---|");
        System.out.printf(Locale.ROOT, "| line-rate minimum for its %d + %d bytes | %.3f |%n", request, answer, minimum);
        System.out.printf(Locale.ROOT, "| p50 / p99 / max | %.3f / %.3f / %.3f |%n", p50, p99, ns[n - 1] / 1e6);
        System.out.printf(Locale.ROOT, "| p50 over the minimum | %.3f (x %.2f) |%n%n", p50 - minimum, p50 / minimum);
    }

    // ------------------------------------------------------------------ stop latency

    static void stops(SimulatedBoard board, LinkConnection link, int n, boolean underStream) throws Exception {
        long[] wall = new long[n];
        long[] sim = new long[n];
        long[] toWire = new long[n];
        long[] confirmed = new long[n];
        AtomicBoolean running = new AtomicBoolean(underStream);
        Thread streamer = new Thread(() -> {
            ArrayDeque<CompletableFuture<Void>> outstanding = new ArrayDeque<>();
            int i = 0;
            while (running.get()) {
                outstanding.add(link.send(new DeviceCommand.SetZone(Zone.BALL, Technique.ROLL, 1 + i++ % 5)));
                while (outstanding.size() > 32) {
                    try {
                        outstanding.poll().get(5, TimeUnit.SECONDS);
                    } catch (Exception cancelledByStop) {
                        // expected: stop() cancels what was queued
                    }
                }
            }
        }, "bench-stream");
        if (underStream) {
            streamer.start();
        }
        for (int i = -10; i < n; i++) {
            Thread.sleep(5 + ThreadLocalRandom.current().nextInt(10));
            int m0 = board.mark();
            link.send(new DeviceCommand.SetZone(Zone.ARCH, Technique.KNEAD, 3)).get(5, TimeUnit.SECONDS);
            if (board.await(m0, e -> e.name().equals("arch") && e.level() > 0, 2000) == null) {
                throw new IllegalStateException("the arch pin did not rise");
            }
            int mark = board.mark();
            long t0 = System.nanoTime();
            CompletableFuture<Void> stopped = link.stopAll();
            SimulatedBoard.Event zero = board.await(mark, e -> e.name().equals("arch") && e.level() == 0, 5000);
            SimulatedBoard.Event stopByte = board.await(mark, e -> e.name().equals("stop"), 5000);
            stopped.get(5, TimeUnit.SECONDS);
            long t1 = System.nanoTime();
            if (zero == null || stopByte == null) {
                throw new IllegalStateException("no pin at zero or no stop byte after stopAll()");
            }
            if (i >= 0) {
                wall[i] = zero.monoNanos() - t0;
                sim[i] = (zero.simMicros() - stopByte.simMicros()) * 1000;
                toWire[i] = stopByte.monoNanos() - t0;
                confirmed[i] = t1 - t0;
            }
        }
        running.set(false);
        if (underStream) {
            streamer.join();
        }
        System.out.println("| stop latency, " + (underStream ? "while 32 `SET`s stream without pause" : "a zone running, no other traffic")
                + " (" + n + " stops) | p50 ms | p99 ms | max ms |");
        System.out.println("|---|---|---|---|");
        row("`stopAll()` to the arch pin at zero, wall time (target p99 <= 5 ms)", wall);
        row("  of which `stopAll()` to the 0x18 entering the simulated UART (host, pty, harness, bytes ahead of it)", toWire);
        row("  of which the 0x18 on the wire to the pin at zero, simulated MCU time (one byte + the interrupt)", sim);
        row("`stopAll()` to its future completing (`EVT STOPPED` back)", confirmed);
        System.out.println();
    }

    private static void row(String what, long[] samples) {
        long[] s = samples.clone();
        Arrays.sort(s);
        System.out.printf(Locale.ROOT, "| %s | %.3f | %.3f | %.3f |%n", what, s[s.length / 2] / 1e6,
                s[Math.min(s.length - 1, (int) Math.ceil(s.length * 0.99) - 1)] / 1e6, s[s.length - 1] / 1e6);
    }
}
