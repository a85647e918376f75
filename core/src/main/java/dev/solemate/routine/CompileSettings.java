package dev.solemate.routine;

import dev.solemate.device.DeviceProfile;
import dev.solemate.device.Intensity;
import dev.solemate.safety.SafetyLimits;
import java.time.Duration;
import java.util.Objects;

/**
 * The limits one compile call works under, checked once.
 *
 * @param comfortCap       intensities are scaled by {@code cap / 100} and clamped to its level
 * @param heatLimitCelsius the highest heater set-point, 20 to 43 °C
 * @param session          a routine longer than this gets a warning
 * @param sessionOwner     who switches off at {@code session}, for the warning
 * @param riseRate         percentage points per second a zone may rise (as the governor allows), or 0 for
 *                         no shaping (tests compare against the raw quantised levels)
 */
record CompileSettings(Intensity comfortCap, int heatLimitCelsius, Duration session, String sessionOwner,
                       double riseRate) {

    CompileSettings {
        Objects.requireNonNull(comfortCap, "comfortCap");
        Objects.requireNonNull(session, "session");
        Objects.requireNonNull(sessionOwner, "sessionOwner");
        if (comfortCap.isZero()) {
            throw new IllegalArgumentException("comfort cap 0 % would allow nothing (expected 1 to 100 %)");
        }
        if (heatLimitCelsius < Heat.MIN_CELSIUS || heatLimitCelsius > SafetyLimits.ABSOLUTE_HEAT_CEILING_CELSIUS) {
            throw new IllegalArgumentException("heat limit " + heatLimitCelsius + " °C is out of range (expected "
                    + Heat.MIN_CELSIUS + " to " + SafetyLimits.ABSOLUTE_HEAT_CEILING_CELSIUS + " °C)");
        }
        if (riseRate < 0 || Double.isNaN(riseRate)) {
            throw new IllegalArgumentException("rise rate " + riseRate + " (expected >= 0)");
        }
    }

    /** The device's own session limit and the default rise rate. */
    static CompileSettings of(DeviceProfile profile, Intensity cap, int heatLimitCelsius) {
        return new CompileSettings(cap, heatLimitCelsius, profile.maxSession(), profile.id() + " switches off after its",
                SafetyLimits.DEFAULT_RISE_RATE);
    }

    /** A massager's limits: the shorter session of device and governor, the governor's rise rate. */
    static CompileSettings of(DeviceProfile profile, SafetyLimits limits) {
        boolean governorFirst = limits.maxSession().compareTo(profile.maxSession()) < 0;
        return new CompileSettings(limits.comfortCap(), limits.heatLimitCelsius(),
                governorFirst ? limits.maxSession() : profile.maxSession(),
                governorFirst ? "the safety governor switches " + profile.id() + " off after the"
                        : profile.id() + " switches off after its",
                limits.riseRatePercentPerSecond());
    }

    CompileSettings withoutRiseShaping() {
        return new CompileSettings(comfortCap, heatLimitCelsius, session, sessionOwner, 0);
    }

    /**
     * How long a zone waits between one-level rises: the governor's interval
     * ({@code (100 / steps) / riseRate} seconds) plus 10 % so playback jitter never makes a rise early,
     * rounded up to 10 ms, and never under {@link RoutineCompiler#MIN_GAP}; 0 when shaping is off.
     */
    long riseIntervalMillis(int intensitySteps) {
        if (riseRate == 0) {
            return 0;
        }
        double millis = (100.0 / intensitySteps) / riseRate * 1000 * 1.1;
        long rounded = (long) Math.ceil(millis / 10 - 1e-9) * 10;
        return Math.max(rounded, RoutineCompiler.MIN_GAP.toMillis());
    }
}
