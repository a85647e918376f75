package dev.solemate.device;

/**
 * A device-independent intensity on a 0-100 % scale; 0 means stopped.
 * Devices have a few discrete levels: {@link #toLevel(int)} maps a percentage onto them.
 */
public record Intensity(double percent) implements Comparable<Intensity> {

    public static final Intensity ZERO = new Intensity(0);
    public static final Intensity FULL = new Intensity(100);

    public Intensity {
        if (Double.isNaN(percent) || percent < 0 || percent > 100) {
            throw new IllegalArgumentException("intensity " + format(percent) + " % is out of range (expected 0 to 100)");
        }
    }

    public static Intensity of(double percent) {
        return new Intensity(percent);
    }

    public boolean isZero() {
        return percent == 0;
    }

    /**
     * The device level for this intensity on a device with {@code steps} levels above zero:
     * {@code ceil(percent / 100 * steps)}, so any non-zero request moves the motor at least one step
     * and zero is stop.
     */
    public int toLevel(int steps) {
        if (steps < 1) {
            throw new IllegalArgumentException("steps: " + steps + " (expected: >= 1)");
        }
        if (percent == 0) {
            return 0;
        }
        // The small epsilon keeps 40 % on a 5-step device at level 2 despite binary rounding.
        int level = (int) Math.ceil(percent / 100.0 * steps - 1e-9);
        return Math.max(1, Math.min(steps, level));
    }

    /** The percentage a device level stands for: level / steps * 100. */
    public static Intensity ofLevel(int level, int steps) {
        if (steps < 1) {
            throw new IllegalArgumentException("steps: " + steps + " (expected: >= 1)");
        }
        if (level < 0 || level > steps) {
            throw new IllegalArgumentException("level " + level + " is out of range (expected 0 to " + steps + ")");
        }
        return new Intensity(100.0 * level / steps);
    }

    /** This intensity scaled by a factor in [0, 1], e.g. to fit under a comfort cap. */
    public Intensity scaled(double factor) {
        if (factor < 0 || factor > 1) {
            throw new IllegalArgumentException("scale factor " + factor + " (expected 0 to 1)");
        }
        return new Intensity(percent * factor);
    }

    @Override
    public int compareTo(Intensity other) {
        return Double.compare(percent, other.percent);
    }

    @Override
    public String toString() {
        return format(percent) + " %";
    }

    private static String format(double value) {
        return value == Math.rint(value) && !Double.isInfinite(value)
                ? Long.toString((long) value) : Double.toString(value);
    }
}
