package dev.solemate.bench.serial;

import dev.solemate.device.Technique;
import dev.solemate.device.Zone;
import dev.solemate.driver.DeviceCommand;
import dev.solemate.serial.driver.LinkConnection;
import dev.solemate.serial.driver.LinkSettings;
import dev.solemate.serial.emulator.EmulatorOptions;
import dev.solemate.serial.emulator.FirmwareEmulator;
import dev.solemate.serial.protocol.text.TextProtocol;
import dev.solemate.serial.transport.JSerialCommTransport;
import dev.solemate.serial.transport.SerialSettings;
import dev.solemate.serial.transport.Transport;
import dev.solemate.serial.transport.TransportOpener;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Stop latency of several serial boards when one port is stuck (its write makes no progress, as a
 * USB adapter whose device is gone, or stuck flow control, does): every round stops the stuck one
 * first, then the others; the others' time from {@code stopAll()} to their board at zero must not
 * wait for it. Baseline, in the same run: the same rounds with no port stuck.
 *
 * <p>Usage: {@code StuckPortStops [boards] [rounds]} (defaults 4 and 100).
 */
public final class StuckPortStops {

    private StuckPortStops() {
    }

    /** A real port whose writes block, while {@link #stuck} is set, until it is released. */
    private static final class SticklingTransport implements Transport {
        private final Transport port;
        private final Object gate = new Object();
        volatile boolean stuck;

        SticklingTransport(Transport port) {
            this.port = port;
        }

        @Override
        public String describe() {
            return port.describe();
        }

        @Override
        public void start(Receiver receiver) {
            port.start(receiver);
        }

        @Override
        public void write(byte[] bytes) throws IOException {
            synchronized (gate) {
                while (stuck) {
                    try {
                        gate.wait();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IOException("interrupted");
                    }
                }
            }
            port.write(bytes);
        }

        void release() {
            synchronized (gate) {
                stuck = false;
                gate.notifyAll();
            }
        }

        @Override
        public void close() {
            release();
            port.close();
        }
    }

    public static void main(String[] args) throws Exception {
        int boards = args.length > 0 ? Integer.parseInt(args[0]) : 4;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        long[] baseline = run(boards, rounds, false);
        long[] withStuck = run(boards, rounds, true);
        Samples b = Samples.of(baseline);
        Samples s = Samples.of(withStuck);
        System.out.println("### Stop latency with one port stuck (" + boards + " boards, " + rounds + " rounds, ms)");
        System.out.println();
        System.out.println("| `stopAll()` to each other board at zero | p50 | p99 | max |");
        System.out.println("|---|---|---|---|");
        System.out.println("| no port stuck (baseline) | " + Samples.ms(b.p50()) + " | " + Samples.ms(b.p99()) + " | " + Samples.ms(b.max()) + " |");
        System.out.println("| one more board whose port is stuck, stopped first | " + Samples.ms(s.p50()) + " | " + Samples.ms(s.p99()) + " | " + Samples.ms(s.max()) + " |");
        System.out.println();
    }

    private static long[] run(int boards, int rounds, boolean stick) throws Exception {
        List<PtyPair> pairs = new ArrayList<>();
        List<FirmwareEmulator> emus = new ArrayList<>();
        List<LinkConnection> links = new ArrayList<>();
        List<AtomicLong> zeroAt = new ArrayList<>();
        LinkSettings settings = LinkSettings.defaults(new TextProtocol());
        SticklingTransport[] stuck = new SticklingTransport[1];
        long[] samples = new long[boards * rounds];
        try {
            for (int i = 0; i <= boards; i++) {
                PtyPair pair = new PtyPair();
                pairs.add(pair);
                FirmwareEmulator emu = FirmwareEmulator.start(pair.b.toString(), EmulatorOptions.defaults());
                emus.add(emu);
                AtomicLong z = new AtomicLong();
                emu.board().onZero(() -> z.compareAndSet(0, System.nanoTime()));
                zeroAt.add(z);
                SerialSettings serial = SerialSettings.of(pair.a.toString(), 115200);
                boolean last = i == boards;
                TransportOpener opener = new TransportOpener() {
                    @Override
                    public String describe() {
                        return serial.path();
                    }

                    @Override
                    public Transport open() {
                        Transport t = JSerialCommTransport.open(serial, () -> "");
                        if (!last) {
                            return t;
                        }
                        stuck[0] = new SticklingTransport(t);
                        return stuck[0];
                    }
                };
                links.add(LinkConnection.open("serial:" + pair.a, opener, settings));
            }
            LinkConnection stuckLink = links.get(boards);
            if (stick) {
                stuck[0].stuck = true;
            }
            for (int r = -10; r < rounds; r++) {
                List<CompletableFuture<Void>> raised = new ArrayList<>();
                for (int i = 0; i < boards; i++) {
                    raised.add(links.get(i).send(new DeviceCommand.SetZone(Zone.ARCH, Technique.KNEAD, 1 + (r & 3))));
                }
                CompletableFuture.allOf(raised.toArray(CompletableFuture[]::new)).get(5, TimeUnit.SECONDS);
                zeroAt.forEach(z -> z.set(0));
                stuckLink.stopAll(); // its I/O thread is blocked in a write when stuck
                long[] t0 = new long[boards];
                for (int i = 0; i < boards; i++) {
                    t0[i] = System.nanoTime();
                    links.get(i).stopAll();
                }
                for (int i = 0; i < boards; i++) {
                    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
                    while (zeroAt.get(i).get() == 0 && System.nanoTime() < deadline) {
                        Thread.onSpinWait();
                    }
                    if (r >= 0) {
                        samples[r * boards + i] = zeroAt.get(i).get() - t0[i];
                    }
                }
                Thread.sleep(5);
            }
        } finally {
            if (stuck[0] != null) {
                stuck[0].release();
            }
            links.forEach(LinkConnection::close);
            emus.forEach(FirmwareEmulator::close);
            for (PtyPair p : pairs) {
                p.close();
            }
        }
        return samples;
    }
}
