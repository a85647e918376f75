package dev.solemate.routine;

import dev.solemate.device.Zone;
import java.time.Duration;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One step of a routine: for {@code duration}, each listed zone does its action and every other
 * zone rests. {@code everyZone} (the {@code "all"} key in JSON) applies to every zone of the device
 * that {@code zones} does not name.
 *
 * @param name       shown while the step plays, 1 to 80 characters
 * @param duration   1 s to 2 h, whole milliseconds
 * @param everyZone  the action for every zone not named in {@code zones}, if any
 * @param zones      actions for named zones; may be empty (a resting step)
 * @param heat       the heater for this step, or empty to use the routine's heat
 */
public record Step(String name, Duration duration, Optional<ZoneAction> everyZone, Map<Zone, ZoneAction> zones,
                   Optional<Heat> heat) implements Block {

    public static final Duration MIN_DURATION = Duration.ofSeconds(1);
    public static final Duration MAX_DURATION = Routine.MAX_DURATION;

    public Step {
        name = Routine.checkName("step name", name);
        Objects.requireNonNull(duration, "duration");
        Objects.requireNonNull(everyZone, "everyZone");
        Objects.requireNonNull(zones, "zones");
        Objects.requireNonNull(heat, "heat");
        checkDuration(duration);
        EnumMap<Zone, ZoneAction> copy = new EnumMap<>(Zone.class);
        zones.forEach((zone, action) -> copy.put(Objects.requireNonNull(zone, "zone"),
                Objects.requireNonNull(action, "action")));
        zones = Collections.unmodifiableMap(copy);
    }

    /** @throws IllegalArgumentException naming the duration and the allowed range */
    static void checkDuration(Duration duration) {
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("duration " + HumanDuration.format(duration)
                    + " is not positive (expected " + HumanDuration.format(MIN_DURATION) + " to "
                    + HumanDuration.format(MAX_DURATION) + ")");
        }
        HumanDuration.requireWholeMillis("duration", duration);
        if (duration.compareTo(MIN_DURATION) < 0 || duration.compareTo(MAX_DURATION) > 0) {
            throw new IllegalArgumentException("duration " + HumanDuration.format(duration)
                    + " is out of range (expected " + HumanDuration.format(MIN_DURATION) + " to "
                    + HumanDuration.format(MAX_DURATION) + ")");
        }
    }

    /** The action for {@code zone}: its own, else the every-zone action, else none (the zone rests). */
    public Optional<ZoneAction> actionFor(Zone zone) {
        ZoneAction own = zones.get(zone);
        return own != null ? Optional.of(own) : everyZone;
    }

    @Override
    public long unrolledSteps() {
        return 1;
    }
}
