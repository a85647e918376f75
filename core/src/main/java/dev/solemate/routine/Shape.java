package dev.solemate.routine;

import dev.solemate.device.Intensity;
import java.time.Duration;
import java.util.Objects;

/**
 * How a zone's intensity moves during one step: held {@link Constant}, a linear {@link Ramp} from
 * the step's start to its end, or a square-wave {@link Pulse} (high for the first half of each
 * period, low for the second). Percentages are on the device-independent 0-100 % scale, before the
 * comfort cap scales them.
 */
public sealed interface Shape {

    /** The shortest pulse period: faster changes would flood slow links with commands. */
    Duration MIN_PULSE_PERIOD = Duration.ofSeconds(1);
    Duration MAX_PULSE_PERIOD = Duration.ofMinutes(10);

    /** The intensity at {@code offset} into a step lasting {@code length}. */
    double percentAt(Duration offset, Duration length);

    /** The highest intensity this shape reaches. */
    Intensity peak();

    static Shape constant(double percent) {
        return new Constant(Intensity.of(percent));
    }

    static Shape ramp(double fromPercent, double toPercent) {
        return new Ramp(Intensity.of(fromPercent), Intensity.of(toPercent));
    }

    static Shape pulse(double lowPercent, double highPercent, Duration period) {
        return new Pulse(Intensity.of(lowPercent), Intensity.of(highPercent), period);
    }

    /** The same intensity for the whole step. */
    record Constant(Intensity level) implements Shape {
        public Constant {
            Objects.requireNonNull(level, "level");
        }

        @Override
        public double percentAt(Duration offset, Duration length) {
            return level.percent();
        }

        @Override
        public Intensity peak() {
            return level;
        }
    }

    /** A straight line from {@code from} at the step's start to {@code to} at its end. */
    record Ramp(Intensity from, Intensity to) implements Shape {
        public Ramp {
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(to, "to");
        }

        @Override
        public double percentAt(Duration offset, Duration length) {
            double fraction = Math.min(1.0, Math.max(0.0, (double) offset.toMillis() / length.toMillis()));
            return from.percent() + (to.percent() - from.percent()) * fraction;
        }

        @Override
        public Intensity peak() {
            return from.compareTo(to) >= 0 ? from : to;
        }
    }

    /** {@code high} for the first half of every {@code period}, {@code low} for the second half. */
    record Pulse(Intensity low, Intensity high, Duration period) implements Shape {
        public Pulse {
            Objects.requireNonNull(low, "low");
            Objects.requireNonNull(high, "high");
            Objects.requireNonNull(period, "period");
            if (low.compareTo(high) > 0) {
                throw new IllegalArgumentException("pulse low " + low + " is above high " + high
                        + " (expected low <= high)");
            }
            if (period.compareTo(MIN_PULSE_PERIOD) < 0 || period.compareTo(MAX_PULSE_PERIOD) > 0) {
                throw new IllegalArgumentException("pulse period " + HumanDuration.format(period)
                        + " is out of range (expected " + HumanDuration.format(MIN_PULSE_PERIOD) + " to "
                        + HumanDuration.format(MAX_PULSE_PERIOD) + ")");
            }
            HumanDuration.requireWholeMillis("pulse period", period);
        }

        /** How long {@code high} lasts in each period (the first half, rounded down to a millisecond). */
        public Duration half() {
            return Duration.ofMillis(period.toMillis() / 2);
        }

        @Override
        public double percentAt(Duration offset, Duration length) {
            long into = offset.toMillis() % period.toMillis();
            return into < half().toMillis() ? high.percent() : low.percent();
        }

        @Override
        public Intensity peak() {
            return high;
        }
    }
}
