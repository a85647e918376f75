package dev.solemate.bench.mqtt;

import java.util.Arrays;
import java.util.Locale;

/** Percentiles of latency samples in nanoseconds. */
public record Stats(int count, long p50, long p99, long max) {

    public static Stats of(long[] samples, int n) {
        long[] sorted = Arrays.copyOf(samples, n);
        Arrays.sort(sorted);
        if (n == 0) {
            return new Stats(0, 0, 0, 0);
        }
        return new Stats(n, at(sorted, 0.50), at(sorted, 0.99), sorted[n - 1]);
    }

    private static long at(long[] sorted, double q) {
        int index = (int) Math.ceil(q * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    public String row(String name) {
        return String.format(Locale.ROOT, "| %s | %d | %.3f | %.3f | %.3f |", name, count, p50 / 1e6, p99 / 1e6, max / 1e6);
    }
}
