package dev.solemate;

import dev.solemate.device.Intensity;
import dev.solemate.device.Zone;
import java.time.Duration;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * A snapshot of a massager: connection, each zone, heat, the comfort cap in force and how much of
 * the session allowance is used. Immutable; a new snapshot is published on every change.
 *
 * @param connection   whether the device is reachable
 * @param zones        every zone of the device, stopped zones included
 * @param heatTarget   the heater's set-point, or empty when heat is off
 * @param temperature  the measured temperature, when the device reports one
 * @param comfortCap   the user's cap in force
 * @param sessionUsed  actuation time used in the current session
 * @param sessionLimit the session allowance
 */
public record MassagerState(
        ConnectionState connection,
        Map<Zone, ZoneState> zones,
        OptionalInt heatTarget,
        OptionalDouble temperature,
        Intensity comfortCap,
        Duration sessionUsed,
        Duration sessionLimit) {

    public MassagerState {
        Objects.requireNonNull(connection, "connection");
        EnumMap<Zone, ZoneState> copy = new EnumMap<>(Zone.class);
        copy.putAll(zones);
        zones = Collections.unmodifiableMap(copy);
        Objects.requireNonNull(heatTarget, "heatTarget");
        Objects.requireNonNull(temperature, "temperature");
        Objects.requireNonNull(comfortCap, "comfortCap");
        Objects.requireNonNull(sessionUsed, "sessionUsed");
        Objects.requireNonNull(sessionLimit, "sessionLimit");
    }

    /** True when any zone moves or the heater is on. */
    public boolean isActive() {
        return heatTarget.isPresent() || zones.values().stream().anyMatch(ZoneState::isActive);
    }

    /** True when every zone is at level 0 and the heater is off. */
    public boolean isAtZero() {
        return !isActive();
    }
}
