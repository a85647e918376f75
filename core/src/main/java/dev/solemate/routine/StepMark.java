package dev.solemate.routine;

import java.time.Duration;
import java.util.Objects;

/** A step of a compiled routine: its name, where it starts and how long it lasts (repeats unrolled). */
public record StepMark(int index, String name, Duration start, Duration duration) {

    public StepMark {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(duration, "duration");
    }

    public Duration end() {
        return start.plus(duration);
    }
}
