package dev.solemate.serial.protocol;

import dev.solemate.device.Technique;
import dev.solemate.device.Zone;
import dev.solemate.driver.DeviceCommand;
import java.util.Objects;

/** What a host asks a device to do, independent of any dialect's spelling. */
public sealed interface Operation {

    /**
     * Opens a session: the device answers with its identity and capabilities ({@link DeviceHello}).
     * Version 0 is representable because a host may send it; no device speaks it (UNSUPPORTED_VERSION).
     */
    record Hello(int protocolVersion) implements Operation {
        public Hello {
            if (protocolVersion < 0 || protocolVersion > 255) {
                throw new IllegalArgumentException("protocol version " + protocolVersion + " is out of range (expected 0 to 255)");
            }
        }
    }

    /** Sets one zone's technique and level; level 0 stops the zone. */
    record SetZone(Zone zone, Technique technique, int level) implements Operation {
        public SetZone {
            Objects.requireNonNull(zone, "zone");
            Objects.requireNonNull(technique, "technique");
            if (level < 0 || level > 100) {
                throw new IllegalArgumentException("level " + level + " is out of range (expected 0 to 100)");
            }
        }
    }

    /** Sets the heater's target in whole degrees Celsius. */
    record SetHeat(int celsius) implements Operation {
        public SetHeat {
            if (celsius < 0 || celsius > 99) {
                throw new IllegalArgumentException("heat " + celsius + " °C is out of range (expected 0 to 99)");
            }
        }
    }

    /** Turns the heater off. */
    record HeatOff() implements Operation {
    }

    /** Stops every actuator and the heater (the queued, acknowledged form; see the real-time stop byte). */
    record StopAll() implements Operation {
    }

    /** Asks for a status reply ({@link DeviceMessage.StatusAck}). */
    record QueryStatus() implements Operation {
    }

    /** Heartbeat: does nothing but keep the device's watchdog fed. */
    record Ping() implements Operation {
    }

    /** The wire operation for a driver command. */
    static Operation of(DeviceCommand command) {
        if (command instanceof DeviceCommand.SetZone z) {
            return new SetZone(z.zone(), z.technique(), z.level());
        } else if (command instanceof DeviceCommand.SetHeat h) {
            return new SetHeat(h.celsius());
        } else if (command instanceof DeviceCommand.HeatOff) {
            return new HeatOff();
        } else if (command instanceof DeviceCommand.StopAll) {
            return new StopAll();
        }
        throw new IllegalArgumentException("no wire operation for " + command);
    }
}
