package dev.solemate.mqtt.bridge;

import dev.solemate.Massager;
import java.util.Objects;

/** A device the bridge has opened, with the routine {@code power ON} starts. */
public record OpenedDevice(String name, Massager massager, String defaultRoutine) {

    public OpenedDevice {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(massager, "massager");
        Objects.requireNonNull(defaultRoutine, "defaultRoutine");
    }
}
