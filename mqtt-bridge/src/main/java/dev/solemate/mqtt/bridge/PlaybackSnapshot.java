package dev.solemate.mqtt.bridge;

import dev.solemate.player.Progress;
import java.util.Optional;

/** What a device's routine is doing, for the state payload. */
record PlaybackSnapshot(Optional<String> routine, boolean paused, Optional<Progress> progress) {

    static final PlaybackSnapshot IDLE = new PlaybackSnapshot(Optional.empty(), false, Optional.empty());

    String stateId() {
        if (routine.isEmpty()) {
            return "idle";
        }
        return paused ? "paused" : "playing";
    }
}
