package dev.solemate;

import dev.solemate.driver.DeviceInfo;
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

    /**
     * The link is back; the massager sent a stop before anything else, and counts the device as
     * running until that stop is confirmed. Nothing resumes by itself.
     */
    record Reconnected() implements MassagerEvent {
    }

    /**
     * Another unit answered when the link came back (another serial number or profile): the
     * routine playing was ended, the massager now has {@code current}'s profile (a new safety
     * governor with the same limits; the session starts afresh), and commands are computed on its
     * scale. Published before the {@link Reconnected} that follows it.
     */
    record DeviceReplaced(DeviceInfo previous, DeviceInfo current) implements MassagerEvent {
        public DeviceReplaced {
            Objects.requireNonNull(previous, "previous");
            Objects.requireNonNull(current, "current");
        }
    }
}
