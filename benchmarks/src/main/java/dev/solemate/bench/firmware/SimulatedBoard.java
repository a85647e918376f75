package dev.solemate.bench.firmware;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The ATmega328P firmware in the simavr harness (firmware/sim/harness.c), with what it reports: the
 * port, every change of an output pin and every real-time stop byte put on the simulated wire, each with
 * its simulated MCU time and its CLOCK_MONOTONIC time (System.nanoTime() on Linux).
 */
final class SimulatedBoard implements AutoCloseable {

    /** An output pin changed (ACT) or a 0x18 went onto the wire (STOPBYTE, name "stop"). */
    record Event(String name, int level, long simMicros, long monoNanos) {
    }

    private final Process process;
    private final OutputStream control;
    final String pty;
    private final List<Event> events = new ArrayList<>();
    private final LinkedBlockingQueue<String> replies = new LinkedBlockingQueue<>();

    SimulatedBoard(Path firmware, int baud) throws IOException {
        Path elf = firmware.resolve(baud == 1_000_000 ? "build/avr-1m/solemate-fw.elf" : "build/avr/solemate-fw.elf");
        process = new ProcessBuilder(firmware.resolve("build/sim/solemate-sim").toString(), elf.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        control = process.getOutputStream();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.US_ASCII));
        String first = out.readLine();
        if (first == null || !first.startsWith("PTY ")) {
            process.destroyForcibly();
            throw new IOException("the simulator said '" + first + "' (expected PTY <path>)");
        }
        pty = first.substring(4);
        Thread reader = new Thread(() -> {
            try {
                for (String line; (line = out.readLine()) != null; ) {
                    String[] t = line.split(" ");
                    if (t[0].equals("ACT")) {
                        add(new Event(t[1], Integer.parseInt(t[2]), Long.parseLong(t[3]), Long.parseLong(t[4])));
                    } else if (t[0].equals("STOPBYTE")) {
                        add(new Event("stop", 0, Long.parseLong(t[1]), Long.parseLong(t[2])));
                    } else {
                        replies.add(line);
                    }
                }
            } catch (IOException e) {
                // ended
            }
        }, "simulator-output");
        reader.setDaemon(true);
        reader.start();
    }

    private synchronized void add(Event e) {
        events.add(e);
        notifyAll();
    }

    synchronized int mark() {
        return events.size();
    }

    /** Waits for the first event at or after {@code from} that matches; null after the timeout. */
    synchronized Event await(int from, java.util.function.Predicate<Event> match, long timeoutMs) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMs;
        while (true) {
            for (int i = from; i < events.size(); i++) {
                if (match.test(events.get(i))) {
                    return events.get(i);
                }
            }
            long left = deadline - System.currentTimeMillis();
            if (left <= 0) {
                return null;
            }
            wait(left);
        }
    }

    /** {cycles, cycles asleep, simulated us, wall us} since the simulator started. */
    long[] cpu() throws IOException, InterruptedException {
        control.write("cpu\n".getBytes(StandardCharsets.US_ASCII));
        control.flush();
        String line = replies.poll(5, TimeUnit.SECONDS);
        if (line == null || !line.startsWith("CPU ")) {
            throw new IOException("no CPU line from the simulator: " + line);
        }
        String[] t = line.split(" ");
        return new long[] {Long.parseLong(t[1]), Long.parseLong(t[2]), Long.parseLong(t[3]), Long.parseLong(t[4])};
    }

    @Override
    public void close() throws InterruptedException {
        try {
            control.close();
        } catch (IOException e) {
            // gone
        }
        if (!process.waitFor(2, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }
}
