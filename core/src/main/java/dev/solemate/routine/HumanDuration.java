package dev.solemate.routine;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as people write them in routine files: {@code "90s"}, {@code "2m"}, {@code "1m30s"},
 * {@code "1h"}, {@code "500ms"}, or a number of seconds ({@code 90}, {@code 2.5}, also in quotes). Whole
 * milliseconds are the finest unit.
 */
public final class HumanDuration {

    /** Words used in error messages so the expected form is always spelled out the same way. */
    public static final String EXPECTED = "a duration such as 90, \"90s\", \"2m\" or \"1m30s\"";

    private static final Pattern TEXT = Pattern.compile(
            "(?:(\\d+)h)?(?:(\\d+)m(?!s))?(?:(\\d+(?:\\.\\d{1,3})?)s)?(?:(\\d+)ms)?");

    private static final Pattern PLAIN_SECONDS = Pattern.compile("\\d+(?:\\.\\d{1,3})?");

    private HumanDuration() {
    }

    /**
     * Parses {@code "1m30s"} and friends.
     *
     * @throws IllegalArgumentException naming the text and the accepted forms
     */
    public static Duration parse(String text) {
        String t = text == null ? "" : text.trim().toLowerCase(java.util.Locale.ROOT).replace(" ", "");
        if (t.startsWith("-")) {
            throw new IllegalArgumentException("duration '" + text + "' is negative (expected " + EXPECTED + ")");
        }
        if (PLAIN_SECONDS.matcher(t).matches()) {
            // "90" in quotes means what 90 does: seconds.
            return ofSeconds(Double.parseDouble(t));
        }
        Matcher m = TEXT.matcher(t);
        if (t.isEmpty() || !m.matches()) {
            throw new IllegalArgumentException("duration '" + text + "' is not understood (expected " + EXPECTED + ")");
        }
        try {
            Duration d = Duration.ZERO;
            if (m.group(1) != null) {
                d = d.plusHours(Long.parseLong(m.group(1)));
            }
            if (m.group(2) != null) {
                d = d.plusMinutes(Long.parseLong(m.group(2)));
            }
            if (m.group(3) != null) {
                d = d.plus(ofSeconds(Double.parseDouble(m.group(3))));
            }
            if (m.group(4) != null) {
                d = d.plusMillis(Long.parseLong(m.group(4)));
            }
            return d;
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException("duration '" + text + "' is too large (expected " + EXPECTED + ")");
        }
    }

    /**
     * A number of seconds, whole milliseconds at most.
     *
     * @throws IllegalArgumentException for negative, non-finite or sub-millisecond values
     */
    public static Duration ofSeconds(double seconds) {
        if (!Double.isFinite(seconds) || seconds > 1e9) {
            throw new IllegalArgumentException("duration " + seconds + " s is not a usable number (expected " + EXPECTED + ")");
        }
        if (seconds < 0) {
            throw new IllegalArgumentException("duration " + format(seconds) + " s is negative (expected " + EXPECTED + ")");
        }
        double millis = seconds * 1000;
        if (Math.abs(millis - Math.rint(millis)) > 1e-6) {
            throw new IllegalArgumentException("duration " + seconds
                    + " s is finer than a millisecond (expected whole milliseconds)");
        }
        return Duration.ofMillis(Math.round(millis));
    }

    /** @throws IllegalArgumentException when {@code duration} is not whole milliseconds */
    static void requireWholeMillis(String what, Duration duration) {
        if (duration.toNanos() % 1_000_000 != 0) {
            throw new IllegalArgumentException(what + " " + duration + " is finer than a millisecond"
                    + " (expected whole milliseconds)");
        }
    }

    /** The shortest form {@link #parse} reads back: {@code "1m30s"}, {@code "2m"}, {@code "1.5s"}, {@code "250ms"}. */
    public static String format(Duration duration) {
        long ms = duration.toMillis();
        if (ms == 0) {
            return "0s";
        }
        StringBuilder sb = new StringBuilder();
        if (ms < 0) {
            sb.append('-');
            ms = -ms;
        }
        long hours = ms / 3_600_000;
        long minutes = ms / 60_000 % 60;
        long millis = ms % 60_000;
        if (hours > 0) {
            sb.append(hours).append('h');
        }
        if (minutes > 0) {
            sb.append(minutes).append('m');
        }
        if (millis > 0) {
            if (millis < 1000 && hours == 0 && minutes == 0) {
                sb.append(millis).append("ms");
            } else if (millis % 1000 == 0) {
                sb.append(millis / 1000).append('s');
            } else {
                sb.append(java.math.BigDecimal.valueOf(millis, 3).stripTrailingZeros().toPlainString()).append('s');
            }
        }
        return sb.toString();
    }

    /** {@code HH:MM:SS.mmm}, the clock form used in listings and golden files. */
    public static String clock(Duration duration) {
        long ms = duration.toMillis();
        StringBuilder sb = new StringBuilder(12);
        pad(sb, ms / 3_600_000, 2).append(':');
        pad(sb, ms / 60_000 % 60, 2).append(':');
        pad(sb, ms / 1000 % 60, 2).append('.');
        return pad(sb, ms % 1000, 3).toString();
    }

    private static StringBuilder pad(StringBuilder sb, long value, int width) {
        String digits = Long.toString(value);
        for (int i = digits.length(); i < width; i++) {
            sb.append('0');
        }
        return sb.append(digits);
    }

    private static String format(double seconds) {
        return seconds == Math.rint(seconds) ? Long.toString((long) seconds) : Double.toString(seconds);
    }
}
