package dev.solemate;

import dev.solemate.safety.SafetyWarning;
import java.util.Objects;

/** Something that happened to a {@link Massager}, delivered to its {@link MassagerListener}s. */
public sealed interface MassagerEvent {

    /** The state changed; {@code state} is the new snapshot. */
    record StateChanged(MassagerState state) implements MassagerEvent {
        public StateChanged {
            Objects.requireNonNull(state, "state");
        }
    }

    /** The safety governor reduced, delayed or refused a command, or switched the device off. */
    record SafetyEvent(SafetyWarning warning) implements MassagerEvent {
        public SafetyEvent {
            Objects.requireNonNull(warning, "warning");
        }
    }

    /** The device reported a fault (including its own over-temperature cut-off). */
    record DeviceFault(String code, String message) implements MassagerEvent {
    }

    /** A button on the unit was pressed. */
    record ButtonPressed(String button) implements MassagerEvent {
    }

    /** The link was lost; the device is assumed stopped by its own watchdog. */
    record Disconnected(String reason) implements MassagerEvent {
    }

    /** The link is back and the device is at zero. */
    record Reconnected() implements MassagerEvent {
    }
}
