package dev.solemate.device;

import java.time.Duration;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a model of massager can do, kept as data: its zones and the techniques each supports, how
 * many intensity levels it has, its heater range (if any), how long it may run in one session and
 * the wire protocol it speaks by default. Built-in profiles live in JSON files; see {@link DeviceProfiles}.
 *
 * @param id              stable model id, lower-case letters, digits and dashes, e.g. {@code shiatsu-4zone}
 * @param name            the name a person reads
 * @param zones           each zone the device has, with the techniques it supports there (never empty)
 * @param intensitySteps  levels above zero, 1 to 100
 * @param heat            the heater's set-point range, or empty when the device has no heater
 * @param maxSession      the longest session the device is meant for (the governor may cut it shorter)
 * @param protocol        default wire protocol id for serial drivers, e.g. {@code solemate-text}
 */
public record DeviceProfile(
        String id,
        String name,
        Map<Zone, Set<Technique>> zones,
        int intensitySteps,
        Optional<HeatRange> heat,
        Duration maxSession,
        String protocol) {

    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");

    public DeviceProfile {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(zones, "zones");
        Objects.requireNonNull(heat, "heat");
        Objects.requireNonNull(maxSession, "maxSession");
        Objects.requireNonNull(protocol, "protocol");
        if (!ID.matcher(id).matches()) {
            throw new IllegalArgumentException("profile id '" + id
                    + "' is invalid (expected lower-case letters, digits and dashes, at most 64)");
        }
        if (zones.isEmpty()) {
            throw new IllegalArgumentException("profile '" + id + "' has no zones (expected at least one)");
        }
        EnumMap<Zone, Set<Technique>> copy = new EnumMap<>(Zone.class);
        zones.forEach((zone, techniques) -> {
            if (techniques.isEmpty()) {
                throw new IllegalArgumentException("profile '" + id + "' zone " + zone.id()
                        + " has no techniques (expected at least one of: " + Technique.allowed() + ")");
            }
            copy.put(zone, Collections.unmodifiableSet(EnumSet.copyOf(techniques)));
        });
        zones = Collections.unmodifiableMap(copy);
        if (intensitySteps < 1 || intensitySteps > 100) {
            throw new IllegalArgumentException("profile '" + id + "' intensitySteps " + intensitySteps
                    + " is out of range (expected 1 to 100)");
        }
        if (maxSession.isNegative() || maxSession.isZero() || maxSession.compareTo(Duration.ofMinutes(30)) > 0) {
            throw new IllegalArgumentException("profile '" + id + "' maxSession " + maxSession.toMinutes()
                    + " min is out of range (expected 1 to 30 minutes)");
        }
    }

    public boolean hasZone(Zone zone) {
        return zones.containsKey(zone);
    }

    public boolean supports(Zone zone, Technique technique) {
        Set<Technique> techniques = zones.get(zone);
        return techniques != null && techniques.contains(technique);
    }

    public boolean hasHeat() {
        return heat.isPresent();
    }

    /** The device level for an intensity on this device, see {@link Intensity#toLevel(int)}. */
    public int levelOf(Intensity intensity) {
        return intensity.toLevel(intensitySteps);
    }

    /**
     * The highest level a comfort cap allows on this device: {@code max(1, floor(cap / 100 * steps))},
     * so the cap is never exceeded, yet a low cap still lets the device run at its lowest level.
     */
    public int capLevel(Intensity cap) {
        if (cap.isZero()) {
            return 0;
        }
        return Math.max(1, (int) Math.floor(cap.percent() / 100.0 * intensitySteps + 1e-9));
    }

    /** The techniques of a zone, or an empty set when the device lacks the zone. */
    public Set<Technique> techniques(Zone zone) {
        return zones.getOrDefault(zone, Set.of());
    }
}
