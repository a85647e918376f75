package dev.solemate.routine;

import dev.solemate.device.DeviceProfile;
import dev.solemate.device.Intensity;
import dev.solemate.safety.SafetyLimits;
import java.time.Duration;
import java.util.Objects;

/**
 * Turns a {@link Routine} into the exact command sequence for one device profile:
 * <ul>
 *   <li>intensities are scaled by {@code comfortCap / 100}, quantised with {@link Intensity#toLevel}
 *       and never above {@link DeviceProfile#capLevel};</li>
 *   <li>only changes are emitted; a ramp becomes a command at each {@link #RESOLUTION} tick (100 ms from
 *       the step's start, sampled at the tick's middle) where its quantised level changes, a pulse a
 *       command at every half period where the level differs;</li>
 *   <li>rises are gradual as the safety governor requires (one level at a time, at the rise rate,
 *       20 %/s unless {@link SafetyLimits} say otherwise), so the governor never has to hold a
 *       command back and the sequence shows what the device really does; going down is immediate;</li>
 *   <li>what the device lacks is adapted, with one warning per zone/technique/heat setting: a missing
 *       zone is skipped, a missing technique replaced by {@link TechniqueFallback} (or skipped), heat
 *       skipped on a device without a heater and lowered to {@code min(heat limit, device max)};</li>
 *   <li>a routine longer than the session gets a warning saying when the device will stop;</li>
 *   <li>the sequence ends at zero by itself: at {@link Routine#duration()} every running zone goes to
 *       level 0 and the heater off.</li>
 * </ul>
 * Pure and thread-safe: no I/O, no clock.
 */
public final class RoutineCompiler {

    /**
     * Ramps are evaluated on this grid from each step's start: each tick plays the quantised level
     * of the ramp at the tick's middle, and a command is sent at the first tick where that level
     * differs. So a ramp from 0 to 100 % over 10 s on a 5-level device targets exactly 0, 2, 4, 6
     * and 8 s, and a steep ramp sends at most one command per zone per tick.
     */
    public static final Duration RESOLUTION = Duration.ofMillis(100);

    /**
     * Commands for one zone are at least this far apart (except the closing stop): a command
     * overridden sooner is dropped, latest wins.
     */
    public static final Duration MIN_GAP = RESOLUTION;

    private RoutineCompiler() {
    }

    /** Compiles at full comfort cap, the default 40 °C heat limit and the default rise rate. */
    public static CompiledRoutine compile(Routine routine, DeviceProfile profile) {
        return compile(routine, profile, Intensity.FULL);
    }

    /** Compiles with intensities scaled to fit under {@code comfortCap}, at the default 40 °C heat limit. */
    public static CompiledRoutine compile(Routine routine, DeviceProfile profile, Intensity comfortCap) {
        return compile(routine, profile, comfortCap, SafetyLimits.DEFAULT_HEAT_LIMIT_CELSIUS);
    }

    /**
     * Compiles with intensities scaled under {@code comfortCap} and heat at most {@code heatLimitCelsius}.
     *
     * @throws IllegalArgumentException for a zero cap or a heat limit outside 20-43 °C
     */
    public static CompiledRoutine compile(Routine routine, DeviceProfile profile, Intensity comfortCap,
                                          int heatLimitCelsius) {
        Objects.requireNonNull(profile, "profile");
        return compile(routine, profile, CompileSettings.of(profile, comfortCap, heatLimitCelsius));
    }

    /**
     * Compiles for a massager's safety limits: their comfort cap, heat limit and rise rate, and a
     * warning when the routine outlasts the shorter of the device's session and
     * {@link SafetyLimits#maxSession()}. Typically {@code compile(routine, massager.profile(), massager.limits())}.
     */
    public static CompiledRoutine compile(Routine routine, DeviceProfile profile, SafetyLimits limits) {
        Objects.requireNonNull(profile, "profile");
        Objects.requireNonNull(limits, "limits");
        return compile(routine, profile, CompileSettings.of(profile, limits));
    }

    static CompiledRoutine compile(Routine routine, DeviceProfile profile, CompileSettings settings) {
        Objects.requireNonNull(routine, "routine");
        Objects.requireNonNull(profile, "profile");
        return new Compilation(routine, profile, settings).run();
    }
}
