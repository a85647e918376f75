package dev.solemate.driver;

import dev.solemate.device.Technique;
import java.util.Objects;

/** What one zone is doing, in device levels: a technique and a level (0 = stopped). */
public record ZoneSetting(Technique technique, int level) {

    public ZoneSetting {
        Objects.requireNonNull(technique, "technique");
        if (level < 0) {
            throw new IllegalArgumentException("level " + level + " (expected >= 0)");
        }
    }
}
