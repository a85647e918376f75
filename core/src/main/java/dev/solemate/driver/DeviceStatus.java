package dev.solemate.driver;

import dev.solemate.device.Zone;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * What a device reports about itself: each zone's technique and level, the heater's target and the
 * measured temperature when it has a sensor.
 */
public record DeviceStatus(Map<Zone, ZoneSetting> zones, OptionalInt heatTarget, OptionalDouble temperature) {

    public DeviceStatus {
        EnumMap<Zone, ZoneSetting> copy = new EnumMap<>(Zone.class);
        copy.putAll(zones);
        zones = Collections.unmodifiableMap(copy);
    }

    /** True when every zone is at level 0 and the heater is off. */
    public boolean isIdle() {
        return heatTarget.isEmpty() && zones.values().stream().allMatch(z -> z.level() == 0);
    }
}
