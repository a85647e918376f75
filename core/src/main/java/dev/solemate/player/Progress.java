package dev.solemate.player;

import dev.solemate.routine.StepMark;
import java.time.Duration;
import java.util.Objects;

/**
 * Where a playback is, in routine time (not wall time: a speed factor of 60 plays a minute of
 * routine time per second).
 *
 * @param elapsed   routine time played
 * @param total     the routine's length
 * @param step      the current step
 * @param stepCount how many steps the routine has (repeats unrolled)
 */
public record Progress(Duration elapsed, Duration total, StepMark step, int stepCount) {

    public Progress {
        Objects.requireNonNull(elapsed, "elapsed");
        Objects.requireNonNull(total, "total");
        Objects.requireNonNull(step, "step");
    }

    public Duration remaining() {
        Duration left = total.minus(elapsed);
        return left.isNegative() ? Duration.ZERO : left;
    }

    /** From 0.0 at the start to 1.0 at the end. */
    public double fraction() {
        return total.isZero() ? 1.0 : Math.min(1.0, (double) elapsed.toNanos() / total.toNanos());
    }
}
