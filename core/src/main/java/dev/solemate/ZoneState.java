package dev.solemate;

import dev.solemate.device.Intensity;
import dev.solemate.device.Technique;
import java.util.Objects;

/** One zone's state as the device last confirmed it: technique, device level and the equivalent percentage. */
public record ZoneState(Technique technique, int level, Intensity intensity) {

    public ZoneState {
        Objects.requireNonNull(technique, "technique");
        Objects.requireNonNull(intensity, "intensity");
    }

    public boolean isActive() {
        return level > 0;
    }
}
