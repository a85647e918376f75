package dev.solemate.mqtt.bridge;

import com.fasterxml.jackson.databind.JsonNode;
import dev.solemate.device.Technique;
import dev.solemate.device.Zone;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * A validated command for one device, as parsed from {@code <base>/<device>/set}. Every field is
 * optional; {@link CommandParser} guarantees the combination makes sense and that every value fits
 * the device, so executing it can only fail on the device side (safety refusal, lost link).
 *
 * @param transaction  the caller's transaction id, echoed in the response
 * @param power        ON starts the default routine, OFF stops everything
 * @param routine      start this routine; {@code Optional.of(Optional.empty())} stops the routine
 * @param zones        per-zone changes
 * @param heat         a heater target; {@code Optional.of(OptionalInt.empty())} turns heat off
 * @param playback     pause or resume the playing routine
 * @param comfortCap   a new comfort cap in percent
 */
public record Command(
        Optional<JsonNode> transaction,
        Optional<Power> power,
        Optional<Optional<String>> routine,
        Map<Zone, ZoneChange> zones,
        Optional<OptionalInt> heat,
        Optional<PlaybackAction> playback,
        OptionalInt comfortCap) {

    public Command {
        Objects.requireNonNull(transaction, "transaction");
        Objects.requireNonNull(power, "power");
        Objects.requireNonNull(routine, "routine");
        Objects.requireNonNull(heat, "heat");
        Objects.requireNonNull(playback, "playback");
        Objects.requireNonNull(comfortCap, "comfortCap");
        EnumMap<Zone, ZoneChange> copy = new EnumMap<>(Zone.class);
        copy.putAll(zones);
        zones = Collections.unmodifiableMap(copy);
    }

    /** The two power commands. */
    public enum Power { ON, OFF }

    /** Pausing or resuming a routine. */
    public enum PlaybackAction { PAUSE, RESUME }

    /** A change to one zone: a technique, an intensity in percent, or both. */
    public record ZoneChange(Optional<Technique> technique, OptionalDouble intensity) {
        public ZoneChange {
            Objects.requireNonNull(technique, "technique");
            Objects.requireNonNull(intensity, "intensity");
        }
    }

    /** True when the command changes manual settings (zones or heat). */
    public boolean isManual() {
        return !zones.isEmpty() || heat.isPresent();
    }
}
