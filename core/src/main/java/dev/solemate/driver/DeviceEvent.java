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

    /**
     * The link to the device is gone (cable pulled, bridge offline). Pending commands have failed.
     * {@code reason} is the cause in a few words for people, e.g. {@code "serial port /dev/ttyUSB0
     * stopped answering reads (unplugged?)"}: applications put it in their own sentence with the
     * device's name and what is known about the device ({@link DeviceConnection#watchdog()}), so
     * it should not repeat the device's name or promise what happens next.
     */
    record Disconnected(String reason) implements DeviceEvent {
    }

    /**
     * The link is back. {@code info} is who answered: the identity and profile read again at
     * reconnect where the protocol can (a serial handshake, a retained state), else the info known
     * before. The core answers with {@link DeviceConnection#stopAll()} before anything else and
     * counts the device as running until that stop is confirmed, so a driver need not (and cannot
     * forget to) bring the device to zero itself; nothing resumes on its own. An {@code info} with
     * another serial number or profile than before is a different unit: the core ends what was
     * playing and takes the new profile.
     */
    record Reconnected(DeviceInfo info) implements DeviceEvent {
        public Reconnected {
            Objects.requireNonNull(info, "info");
        }
    }
}
