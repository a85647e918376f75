package dev.solemate.serial.protocol;

import dev.solemate.device.DeviceProfile;
import dev.solemate.device.HeatRange;
import dev.solemate.device.Technique;
import dev.solemate.device.Zone;
import java.time.Duration;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What a device says it can do in its handshake, enough for the driver to build a profile without
 * a profile file: zones and their techniques, intensity levels, heater range and session length.
 */
public record Capabilities(Map<Zone, Set<Technique>> zones, int steps, Optional<HeatRange> heat, int sessionMinutes) {

    public Capabilities {
        if (zones.isEmpty()) {
            throw new IllegalArgumentException("capabilities list no zones (expected at least one)");
        }
        EnumMap<Zone, Set<Technique>> copy = new EnumMap<>(Zone.class);
        zones.forEach((z, t) -> copy.put(z, Collections.unmodifiableSet(EnumSet.copyOf(t))));
        zones = Collections.unmodifiableMap(copy);
        if (steps < 1 || steps > 100) {
            throw new IllegalArgumentException("steps " + steps + " is out of range (expected 1 to 100)");
        }
        if (sessionMinutes < 1 || sessionMinutes > 30) {
            throw new IllegalArgumentException("session " + sessionMinutes + " min is out of range (expected 1 to 30)");
        }
    }

    /** The capabilities a profile describes. */
    public static Capabilities of(DeviceProfile profile) {
        return new Capabilities(profile.zones(), profile.intensitySteps(), profile.heat(),
                (int) profile.maxSession().toMinutes());
    }

    /** A profile for these capabilities. */
    public DeviceProfile toProfile(String id, String name, String protocol) {
        return new DeviceProfile(id, name, zones, steps, heat, Duration.ofMinutes(sessionMinutes), protocol);
    }
}
