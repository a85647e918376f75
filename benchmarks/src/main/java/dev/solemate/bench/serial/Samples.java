package dev.solemate.bench.serial;

import java.util.Arrays;
import java.util.Locale;

/** Percentiles of latency samples in nanoseconds. */
record Samples(int count, long p50, long p99, long max) {

    static Samples of(long[] samples) {
        long[] sorted = samples.clone();
        Arrays.sort(sorted);
        return new Samples(sorted.length, at(sorted, 0.50), at(sorted, 0.99), sorted[sorted.length - 1]);
    }

    private static long at(long[] sorted, double q) {
        int i = (int) Math.ceil(q * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }

    static String ms(long nanos) {
        return String.format(Locale.ROOT, "%.3f", nanos / 1e6);
    }
}
