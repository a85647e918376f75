package dev.solemate.driver;

import java.util.Objects;

/** Something a device or its link reports on its own, not as the answer to a command. */
public sealed interface DeviceEvent {

    /** The device's status changed (or was reported in answer to a query). */
    record StatusReport(DeviceStatus status) implements DeviceEvent {
        public StatusReport {
            Objects.requireNonNull(status, "status");
        }
    }

    /** A button on the unit was pressed, e.g. {@code "power"} or {@code "mode"}. */
    record ButtonPressed(String button) implements DeviceEvent {
    }

    /** The device's own over-temperature cut-off turned the heater off. */
    record OverTemperature(double celsius) implements DeviceEvent {
    }

    /** The device reported a fault; {@code code} is machine-readable, {@code message} for people. */
    record Fault(String code, String message) implements DeviceEvent {
    }

    /** The link to the device is gone (cable pulled, bridge offline). Pending commands have failed. */
    record Disconnected(String reason) implements DeviceEvent {
    }

    /** The link is back and the driver has brought the device to zero; nothing resumes on its own. */
    record Reconnected() implements DeviceEvent {
    }
}
