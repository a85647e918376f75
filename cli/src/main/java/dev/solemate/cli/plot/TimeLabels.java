package dev.solemate.cli.plot;

import java.time.Duration;

/** Formats routine times the way people read them on a clock: {@code 0:30}, {@code 14:05}, {@code 1:02:03}. */
public final class TimeLabels {

    private TimeLabels() {
    }

    /** Minutes and seconds, with hours only past an hour; negative durations show as {@code 0:00}. */
    public static String clock(Duration d) {
        long seconds = Math.max(0, d.toSeconds());
        long h = seconds / 3600;
        long m = (seconds % 3600) / 60;
        long s = seconds % 60;
        return h > 0 ? String.format("%d:%02d:%02d", h, m, s) : String.format("%d:%02d", m, s);
    }
}
