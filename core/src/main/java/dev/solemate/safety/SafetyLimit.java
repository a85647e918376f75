package dev.solemate.safety;

/** The rules the safety governor enforces, named in its warnings and refusals. */
public enum SafetyLimit {
    /** The user's comfort cap: intensity was reduced to fit under it. */
    COMFORT_CAP,
    /** The heat limit: the set-point was reduced, or heat refused. */
    HEAT_LIMIT,
    /** Session auto-off: actuation time ran out, the device was stopped. */
    SESSION_LIMIT,
    /** Gradual rise: an increase was spread over time instead of applied at once. */
    RISE_RATE,
    /** The device lacks the zone, technique or heater asked for. */
    UNSUPPORTED;

    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
