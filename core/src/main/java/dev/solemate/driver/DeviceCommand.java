package dev.solemate.driver;

import dev.solemate.device.Technique;
import dev.solemate.device.Zone;
import java.util.Objects;

/**
 * A command in the device's own terms (levels, not percentages), after the safety governor has
 * checked it. Drivers encode these onto their wire; nothing but the governor creates them for a
 * real device.
 */
public sealed interface DeviceCommand {

    /** Sets one zone's technique and level; level 0 stops the zone. */
    record SetZone(Zone zone, Technique technique, int level) implements DeviceCommand {
        public SetZone {
            Objects.requireNonNull(zone, "zone");
            Objects.requireNonNull(technique, "technique");
            if (level < 0 || level > 100) {
                throw new IllegalArgumentException("level " + level + " is out of range (expected 0 to 100)");
            }
        }
    }

    /** Sets the heater's target temperature in whole degrees Celsius. */
    record SetHeat(int celsius) implements DeviceCommand {
        public SetHeat {
            if (celsius < 20 || celsius > 60) {
                throw new IllegalArgumentException("heat " + celsius + " °C is out of range (expected 20 to 60)");
            }
        }
    }

    /** Turns the heater off. */
    record HeatOff() implements DeviceCommand {
    }

    /** Stops every actuator and the heater. */
    record StopAll() implements DeviceCommand {
    }
}
