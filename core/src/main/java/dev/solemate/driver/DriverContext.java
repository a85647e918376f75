package dev.solemate.driver;

import dev.solemate.time.Timeline;
import java.util.Objects;

/**
 * What the core lends a driver when it opens a device.
 *
 * @param timeline the clock and scheduler to use for timeouts, heartbeats and simulated physics
 */
public record DriverContext(Timeline timeline) {

    public DriverContext {
        Objects.requireNonNull(timeline, "timeline");
    }
}
