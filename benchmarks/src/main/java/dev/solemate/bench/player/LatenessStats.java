package dev.solemate.bench.player;

import java.util.Arrays;
import java.util.Locale;

/** Percentiles of a set of lateness samples (actual minus scheduled time), in nanoseconds. */
record LatenessStats(int count, long p50, long p99, long max, long min) {

    static LatenessStats of(long[] samples) {
        long[] sorted = samples.clone();
        Arrays.sort(sorted);
        return new LatenessStats(sorted.length, percentile(sorted, 0.50), percentile(sorted, 0.99),
                sorted[sorted.length - 1], sorted[0]);
    }

    private static long percentile(long[] sorted, double q) {
        int index = (int) Math.ceil(q * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    /** A markdown table row: | name | count | p50 | p99 | max | (milliseconds). */
    String row(String name) {
        return String.format(Locale.ROOT, "| %s | %d | %.3f | %.3f | %.3f |", name, count, ms(p50), ms(p99), ms(max));
    }

    static double ms(long nanos) {
        return nanos / 1e6;
    }
}
