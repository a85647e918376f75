package dev.solemate.player;

import java.time.Duration;
import java.util.Objects;

/**
 * How to play: a speed factor for demonstrations (60 plays a minute per second) and how often, in
 * routine time, to report progress.
 */
public record PlaybackOptions(double speed, Duration tickInterval) {

    public PlaybackOptions {
        Objects.requireNonNull(tickInterval, "tickInterval");
        if (!(speed >= 0.01 && speed <= 1000)) {
            throw new IllegalArgumentException("speed " + speed + " is out of range (expected 0.01 to 1000)");
        }
        if (tickInterval.isNegative() || tickInterval.isZero()) {
            throw new IllegalArgumentException("tickInterval " + tickInterval + " (expected > 0)");
        }
    }

    public static PlaybackOptions defaults() {
        return new PlaybackOptions(1.0, Duration.ofSeconds(1));
    }

    public PlaybackOptions withSpeed(double newSpeed) {
        return new PlaybackOptions(newSpeed, tickInterval);
    }

    public PlaybackOptions withTickInterval(Duration interval) {
        return new PlaybackOptions(speed, interval);
    }
}
