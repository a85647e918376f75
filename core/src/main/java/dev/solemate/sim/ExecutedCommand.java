package dev.solemate.sim;

import dev.solemate.driver.DeviceCommand;
import java.util.Objects;

/**
 * One command a {@link SimulatedDevice} carried out, with the timeline time it took effect and who
 * caused it. Tests read the history to assert what actually reached the actuators and when.
 *
 * @param atNanos when it took effect, on the device's timeline
 * @param command what the device did
 * @param origin  the host, or one of the device's own protections
 */
public record ExecutedCommand(long atNanos, DeviceCommand command, Origin origin) {

    public ExecutedCommand {
        Objects.requireNonNull(command, "command");
        Objects.requireNonNull(origin, "origin");
    }

    /** Who caused a command. */
    public enum Origin {
        /** Sent by the host over the connection. */
        HOST,
        /** The device's own auto-off after its maximum session of actuation. */
        AUTO_OFF,
        /** The device's heartbeat watchdog: the host went silent. */
        WATCHDOG,
        /** The device's over-temperature cut-off turned the heater off. */
        OVER_TEMPERATURE,
        /** The device stopped itself because of a fault. */
        FAULT
    }
}
