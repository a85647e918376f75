package dev.solemate.cli;

import java.time.Duration;

/** Formats durations the way the commands show them: {@code 14:30}, or {@code 1:02:03} past an hour. */
final class Durations {

    private Durations() {
    }

    static String clock(Duration d) {
        long seconds = Math.max(0, d.toSeconds());
        long h = seconds / 3600;
        long m = (seconds % 3600) / 60;
        long s = seconds % 60;
        return h > 0 ? String.format("%d:%02d:%02d", h, m, s) : String.format("%02d:%02d", m, s);
    }
}
