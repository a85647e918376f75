package dev.solemate.safety;

import dev.solemate.device.Intensity;
import java.time.Duration;
import java.util.Objects;

/**
 * The limits the {@link SafetyGovernor} enforces. Every value is checked where it is made; nothing
 * here can raise heat above {@link #ABSOLUTE_HEAT_CEILING_CELSIUS} or a session above
 * {@link #ABSOLUTE_MAX_SESSION}.
 *
 * @param comfortCap          the highest intensity this user wants; routines are scaled to fit under it
 * @param heatLimitCelsius    the highest heater set-point, at most 43 °C (default 40 °C)
 * @param maxSession          actuation time after which the device is switched off (default 15 min, at most 30)
 * @param riseRatePercentPerSecond how fast intensity may rise, in percentage points per second (default 20)
 * @param restBeforeNewSession how long the device must rest before the session allowance starts again
 */
public record SafetyLimits(
        Intensity comfortCap,
        int heatLimitCelsius,
        Duration maxSession,
        double riseRatePercentPerSecond,
        Duration restBeforeNewSession) {

    /** IEC 60335-2-32 allows 43 °C on the contact surface with a single fault; no setting goes above it. */
    public static final int ABSOLUTE_HEAT_CEILING_CELSIUS = 43;
    public static final int DEFAULT_HEAT_LIMIT_CELSIUS = 40;
    /** Makers advise 10-20 minute sessions and never more than 30. */
    public static final Duration ABSOLUTE_MAX_SESSION = Duration.ofMinutes(30);
    public static final Duration DEFAULT_MAX_SESSION = Duration.ofMinutes(15);
    public static final double DEFAULT_RISE_RATE = 20;
    public static final Duration DEFAULT_REST = Duration.ofMinutes(10);

    public SafetyLimits {
        Objects.requireNonNull(comfortCap, "comfortCap");
        Objects.requireNonNull(maxSession, "maxSession");
        Objects.requireNonNull(restBeforeNewSession, "restBeforeNewSession");
        if (comfortCap.isZero()) {
            throw new IllegalArgumentException("comfortCap 0 % would allow nothing (expected 1 to 100 %)");
        }
        if (heatLimitCelsius < 20 || heatLimitCelsius > ABSOLUTE_HEAT_CEILING_CELSIUS) {
            throw new IllegalArgumentException("heatLimitCelsius " + heatLimitCelsius
                    + " is out of range (expected 20 to " + ABSOLUTE_HEAT_CEILING_CELSIUS + " °C)");
        }
        if (maxSession.compareTo(Duration.ofMinutes(1)) < 0 || maxSession.compareTo(ABSOLUTE_MAX_SESSION) > 0) {
            throw new IllegalArgumentException("maxSession " + maxSession.toSeconds()
                    + " s is out of range (expected 1 to 30 minutes)");
        }
        if (!(riseRatePercentPerSecond >= 1 && riseRatePercentPerSecond <= 100)) {
            throw new IllegalArgumentException("riseRatePercentPerSecond " + riseRatePercentPerSecond
                    + " is out of range (expected 1 to 100)");
        }
        if (restBeforeNewSession.compareTo(Duration.ofMinutes(1)) < 0) {
            throw new IllegalArgumentException("restBeforeNewSession " + restBeforeNewSession.toSeconds()
                    + " s is too short (expected at least 1 minute)");
        }
    }

    /** The defaults: no cap, 40 °C, 15 minutes, 20 points per second, 10 minutes' rest. */
    public static SafetyLimits defaults() {
        return new SafetyLimits(Intensity.FULL, DEFAULT_HEAT_LIMIT_CELSIUS, DEFAULT_MAX_SESSION,
                DEFAULT_RISE_RATE, DEFAULT_REST);
    }

    public SafetyLimits withComfortCap(Intensity cap) {
        return new SafetyLimits(cap, heatLimitCelsius, maxSession, riseRatePercentPerSecond, restBeforeNewSession);
    }

    public SafetyLimits withHeatLimit(int celsius) {
        return new SafetyLimits(comfortCap, celsius, maxSession, riseRatePercentPerSecond, restBeforeNewSession);
    }

    public SafetyLimits withMaxSession(Duration session) {
        return new SafetyLimits(comfortCap, heatLimitCelsius, session, riseRatePercentPerSecond, restBeforeNewSession);
    }

    public SafetyLimits withRiseRate(double percentPerSecond) {
        return new SafetyLimits(comfortCap, heatLimitCelsius, maxSession, percentPerSecond, restBeforeNewSession);
    }
}
