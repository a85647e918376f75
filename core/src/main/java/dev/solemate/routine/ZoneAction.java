package dev.solemate.routine;

import dev.solemate.device.Technique;
import java.util.Objects;

/** What one zone does during a step: a technique and how its intensity moves. */
public record ZoneAction(Technique technique, Shape intensity) {

    public ZoneAction {
        Objects.requireNonNull(technique, "technique");
        Objects.requireNonNull(intensity, "intensity");
    }
}
