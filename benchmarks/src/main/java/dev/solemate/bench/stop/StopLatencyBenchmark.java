package dev.solemate.bench.stop;

import dev.solemate.Massager;
import dev.solemate.Massagers;
import dev.solemate.device.Intensity;
import dev.solemate.device.Technique;
import dev.solemate.device.Zone;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * How long a stop takes, from the call to every device's confirmation reaching its caller, with
 * 100 open {@code sim:} devices against one device in the same run. Each round raises one zone of
 * every device, then stops them all from one thread (every {@code stop()} issued before any is
 * waited for, as the JVM exit does) and waits for all the futures. The simulator confirms a stop at
 * once, so this measures the library's own path: the ordering point, the governor, the
 * cancellation of older commands, the end of nothing playing, and the hop of each completion to
 * its massager's event thread. A plain harness, not JMH: a round is a burst across 100 threads.
 *
 * <p>Usage: {@code java -cp ... dev.solemate.bench.stop.StopLatencyBenchmark [rounds]} (default 300)
 */
public final class StopLatencyBenchmark {

    private StopLatencyBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 300;
        List<Massager> hundred = open(100, "many");
        List<Massager> one = open(1, "one");
        try {
            // Warm-up: the JIT compiles the stop path on both sets first.
            measure(one, rounds);
            measure(hundred, rounds / 3);
            double[] single = measure(one, rounds);
            double[] many = measure(hundred, rounds);
            System.out.printf(Locale.ROOT, "%-44s %7s %9s %9s %9s%n", "what", "rounds", "p50 ms", "p99 ms", "max ms");
            print("1 device: stop() to confirmed", single);
            print("100 devices: all stop() to all confirmed", many);
        } finally {
            hundred.forEach(Massager::close);
            one.forEach(Massager::close);
        }
    }

    private static List<Massager> open(int count, String prefix) {
        List<Massager> list = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            list.add(Massagers.open("sim:?profile=shiatsu-4zone&watchdog=0ms&name=" + prefix + "-" + i));
        }
        return list;
    }

    private static double[] measure(List<Massager> massagers, int rounds) throws Exception {
        double[] millis = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            List<CompletableFuture<?>> raised = new ArrayList<>();
            for (Massager m : massagers) {
                raised.add(m.setZone(Zone.ARCH, Technique.KNEAD, Intensity.of(20)));
            }
            CompletableFuture.allOf(raised.toArray(CompletableFuture[]::new)).get(5, TimeUnit.SECONDS);
            long start = System.nanoTime();
            CompletableFuture<?>[] stops = new CompletableFuture<?>[massagers.size()];
            for (int i = 0; i < stops.length; i++) {
                stops[i] = massagers.get(i).stop("benchmark");
            }
            CompletableFuture.allOf(stops).get(5, TimeUnit.SECONDS);
            millis[r] = (System.nanoTime() - start) / 1e6;
            // Past the rise interval, so the next raise goes out at once rather than gradually.
            Thread.sleep(2);
        }
        return millis;
    }

    private static void print(String what, double[] millis) {
        double[] sorted = millis.clone();
        Arrays.sort(sorted);
        System.out.printf(Locale.ROOT, "%-44s %7d %9.3f %9.3f %9.3f%n", what, sorted.length,
                sorted[(int) Math.floor(0.50 * (sorted.length - 1))], sorted[(int) Math.floor(0.99 * (sorted.length - 1))],
                sorted[sorted.length - 1]);
    }
}
