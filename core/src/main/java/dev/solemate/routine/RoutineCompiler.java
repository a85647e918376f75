package dev.solemate.routine;

import dev.solemate.device.DeviceProfile;
import dev.solemate.device.HeatRange;
import dev.solemate.device.Intensity;
import dev.solemate.device.Technique;
import dev.solemate.device.Zone;
import dev.solemate.safety.SafetyLimits;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Turns a {@link Routine} into the exact command sequence for one device profile:
 * <ul>
 *   <li>intensities are scaled by {@code comfortCap / 100}, quantised with {@link Intensity#toLevel}
 *       and never above {@link DeviceProfile#capLevel};</li>
 *   <li>only changes are emitted; a ramp becomes a command at each {@link #RESOLUTION} tick (100 ms from
 *       the step's start, sampled at the tick's middle) where its quantised level changes, a pulse a command at every half period
 *       where the level differs;</li>
 *   <li>what the device lacks is adapted, with one warning per zone/technique/heat setting: a missing
 *       zone is skipped, a missing technique replaced by {@link TechniqueFallback} (or skipped), heat
 *       skipped on a device without a heater and lowered to {@code min(heat limit, device max)};</li>
 *   <li>a routine longer than the device's session gets a warning saying when the device will stop;</li>
 *   <li>the sequence ends at zero by itself: at {@link Routine#duration()} every running zone goes to
 *       level 0 and the heater off.</li>
 * </ul>
 * Pure and thread-safe: no I/O, no clock.
 */
public final class RoutineCompiler {

    /**
     * Ramps are evaluated on this grid from each step's start: each tick plays the quantised level
     * of the ramp at the tick's middle, and a command is sent at the first tick where that level
     * differs. So a ramp from 0 to 100 % over 10 s on a 5-level device changes level at exactly
     * 0, 2, 4, 6 and 8 s, and a steep ramp sends at most one command per zone per tick.
     */
    public static final Duration RESOLUTION = Duration.ofMillis(100);

    /**
     * A zone command followed by another for the same zone within this time is dropped (latest
     * wins): it can only happen where a step ends less than a tick after a ramp's last change.
     */
    public static final Duration MIN_GAP = RESOLUTION;

    private RoutineCompiler() {
    }

    /** Compiles at full comfort cap and the default 40 °C heat limit. */
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
        Objects.requireNonNull(routine, "routine");
        Objects.requireNonNull(profile, "profile");
        Objects.requireNonNull(comfortCap, "comfortCap");
        if (comfortCap.isZero()) {
            throw new IllegalArgumentException("comfort cap 0 % would allow nothing (expected 1 to 100 %)");
        }
        if (heatLimitCelsius < Heat.MIN_CELSIUS || heatLimitCelsius > SafetyLimits.ABSOLUTE_HEAT_CEILING_CELSIUS) {
            throw new IllegalArgumentException("heat limit " + heatLimitCelsius + " °C is out of range (expected "
                    + Heat.MIN_CELSIUS + " to " + SafetyLimits.ABSOLUTE_HEAT_CEILING_CELSIUS + " °C)");
        }
        return new Compilation(routine, profile, comfortCap, heatLimitCelsius, profile.maxSession(),
                profile.id() + " switches off after its").run();
    }

    /**
     * Compiles for a massager's safety limits: their comfort cap and heat limit, and a warning when
     * the routine outlasts the shorter of the device's session and {@link SafetyLimits#maxSession()}.
     * Typically {@code compile(routine, massager.profile(), massager.limits())}.
     */
    public static CompiledRoutine compile(Routine routine, DeviceProfile profile, SafetyLimits limits) {
        Objects.requireNonNull(limits, "limits");
        CompiledRoutine checked = compile(routine, profile, limits.comfortCap(), limits.heatLimitCelsius());
        if (limits.maxSession().compareTo(profile.maxSession()) >= 0) {
            return checked;
        }
        return new Compilation(routine, profile, limits.comfortCap(), limits.heatLimitCelsius(), limits.maxSession(),
                "the safety governor switches " + profile.id() + " off after the").run();
    }

    /** The state of one compile call. */
    private static final class Compilation {
        private final Routine routine;
        private final DeviceProfile profile;
        private final double scale;
        private final int capLevel;
        private final int heatLimit;
        private final List<Routine.PlannedStep> plan;
        private final Set<String> warnings = new LinkedHashSet<>();
        private final List<TimedCommand> commands = new ArrayList<>();

        private final Duration session;
        private final String sessionOwner;

        Compilation(Routine routine, DeviceProfile profile, Intensity cap, int heatLimit, Duration session,
                    String sessionOwner) {
            this.session = session;
            this.sessionOwner = sessionOwner;
            this.routine = routine;
            this.profile = profile;
            this.scale = cap.percent() / 100.0;
            this.capLevel = profile.capLevel(cap);
            this.heatLimit = heatLimit;
            this.plan = routine.plan();
        }

        CompiledRoutine run() {
            warnAboutMissingZones();
            for (Zone zone : profile.zones().keySet()) {
                new ZoneTrack(zone).compile();
            }
            compileHeat();
            Duration duration = routine.duration();
            if (duration.compareTo(session) > 0) {
                warnings.add("routine lasts " + HumanDuration.format(duration) + " but " + sessionOwner + " "
                        + HumanDuration.format(session) + " session limit: it will stop at "
                        + HumanDuration.clock(session));
            }
            commands.sort(Comparator.comparing(TimedCommand::at).thenComparingInt(Compilation::rank));
            List<StepMark> marks = plan.stream().map(Routine.PlannedStep::mark).toList();
            return new CompiledRoutine(routine.name(), profile, duration, marks, commands, List.copyOf(warnings));
        }

        private static int rank(TimedCommand command) {
            if (command instanceof TimedCommand.SetZone set) {
                return set.zone().ordinal();
            }
            return Zone.values().length;
        }

        private void warnAboutMissingZones() {
            for (Routine.PlannedStep planned : plan) {
                for (Zone zone : planned.step().zones().keySet()) {
                    if (!profile.hasZone(zone)) {
                        warnings.add("zone " + zone.id() + ": " + profile.id() + " has no " + zone.id()
                                + " zone; skipped");
                    }
                }
            }
        }

        /** The technique a zone plays for {@code wanted}, warning once when it differs. */
        private Optional<Technique> techniqueFor(Zone zone, Technique wanted) {
            Optional<Technique> chosen = TechniqueFallback.choose(wanted, profile.techniques(zone));
            if (chosen.isEmpty()) {
                warnings.add("zone " + zone.id() + ": " + profile.id() + " cannot " + wanted.id() + " there"
                        + " and has no close substitute; those steps skip the zone");
            } else if (chosen.get() != wanted) {
                warnings.add("zone " + zone.id() + ": " + profile.id() + " cannot " + wanted.id() + " there;"
                        + " using " + chosen.get().id() + " instead");
            }
            return chosen;
        }

        /** The device level for a routine percentage: scaled under the cap, quantised, clamped. */
        private int level(double percent) {
            double scaled = Math.min(100.0, Math.max(0.0, percent * scale));
            return Math.min(capLevel, profile.levelOf(Intensity.of(scaled)));
        }

        /** One zone's commands over the whole routine, emitting only changes. */
        private final class ZoneTrack {
            private final Zone zone;
            private final List<TimedCommand.SetZone> track = new ArrayList<>();

            ZoneTrack(Zone zone) {
                this.zone = zone;
            }

            void compile() {
                for (Routine.PlannedStep planned : plan) {
                    StepMark mark = planned.mark();
                    long start = mark.start().toMillis();
                    Optional<ZoneAction> action = planned.step().actionFor(zone);
                    Optional<Technique> playing = action.flatMap(a -> techniqueFor(zone, a.technique()));
                    if (playing.isEmpty()) {
                        emit(start, mark.index(), null, 0);
                        continue;
                    }
                    Shape shape = action.get().intensity();
                    Technique t = playing.get();
                    long length = mark.duration().toMillis();
                    if (shape instanceof Shape.Pulse pulse) {
                        long period = pulse.period().toMillis();
                        long half = pulse.half().toMillis();
                        for (long from = 0; from < length; from += period) {
                            emit(start + from, mark.index(), t, level(pulse.high().percent()));
                            if (from + half < length) {
                                emit(start + from + half, mark.index(), t, level(pulse.low().percent()));
                            }
                        }
                    } else {
                        monotone(shape, mark, t, start, length);
                    }
                }
                if (!track.isEmpty() && last().level() > 0) {
                    // The closing stop is added directly: it must stand at exactly the routine's end.
                    track.add(new TimedCommand.SetZone(routine.duration(), plan.get(plan.size() - 1).mark().index(),
                            zone, last().technique(), 0, profile.intensitySteps()));
                }
                commands.addAll(track);
            }

            /**
             * Emits every level change of a shape whose level only moves one way over the step
             * (constant or ramp), seen on a {@link #RESOLUTION} grid from the step's start: the level
             * at the start, then a binary search for the grid tick of each next change.
             */
            private void monotone(Shape shape, StepMark mark, Technique t, long start, long length) {
                long tick = RESOLUTION.toMillis();
                long ticks = (length + tick - 1) / tick;
                long at = 0;
                int level = levelAtTick(shape, mark.duration(), 0);
                emit(start, mark.index(), t, level);
                while (levelAtTick(shape, mark.duration(), ticks - 1) != level) {
                    long lo = at;
                    long hi = ticks - 1;
                    // invariant: the level at tick lo is `level`, the level at tick hi is not
                    while (hi - lo > 1) {
                        long mid = (lo + hi) >>> 1;
                        if (levelAtTick(shape, mark.duration(), mid) == level) {
                            lo = mid;
                        } else {
                            hi = mid;
                        }
                    }
                    at = hi;
                    level = levelAtTick(shape, mark.duration(), at);
                    emit(start + at * tick, mark.index(), t, level);
                }
            }

            /** The level played during a tick: the shape's level at the tick's middle. */
            private int levelAtTick(Shape shape, Duration length, long tick) {
                return level(shape.percentAt(RESOLUTION.multipliedBy(tick).plus(RESOLUTION.dividedBy(2)), length));
            }

            private void emit(long atMillis, int step, Technique t, int level) {
                // Latest wins: a command overridden within MIN_GAP is never sent (no floods from steep ramps).
                while (!track.isEmpty() && atMillis - last().at().toMillis() < MIN_GAP.toMillis()) {
                    track.remove(track.size() - 1);
                }
                int current = track.isEmpty() ? 0 : last().level();
                Technique technique = track.isEmpty() ? null : last().technique();
                if (level == current && (level == 0 || t == technique)) {
                    return;
                }
                Technique used = level == 0 ? technique : t;
                track.add(new TimedCommand.SetZone(Duration.ofMillis(atMillis), step, zone, used, level,
                        profile.intensitySteps()));
            }

            private TimedCommand.SetZone last() {
                return track.get(track.size() - 1);
            }
        }

        private void compileHeat() {
            int on = 0;
            for (Routine.PlannedStep planned : plan) {
                int wanted = adaptHeat(planned.heat());
                if (wanted == on) {
                    continue;
                }
                Duration at = planned.mark().start();
                int step = planned.mark().index();
                commands.add(wanted == 0 ? new TimedCommand.HeatOff(at, step) : new TimedCommand.SetHeat(at, step, wanted));
                on = wanted;
            }
            if (on != 0) {
                commands.add(new TimedCommand.HeatOff(routine.duration(), plan.get(plan.size() - 1).mark().index()));
            }
        }

        /** The set-point the device gets for a requested heat, 0 for off; warns once per adaptation. */
        private int adaptHeat(Heat heat) {
            if (heat.isOff()) {
                return 0;
            }
            Optional<HeatRange> range = profile.heat();
            if (range.isEmpty()) {
                warnings.add("heat: " + profile.id() + " has no heater; heat skipped");
                return 0;
            }
            int limit = Math.min(Math.min(heatLimit, range.get().maxCelsius()), SafetyLimits.ABSOLUTE_HEAT_CEILING_CELSIUS);
            int celsius = heat.celsius();
            if (celsius > limit) {
                warnings.add("heat: " + celsius + " °C reduced to " + limit + " °C (" + (limit == heatLimit
                        ? "heat limit" : profile.id() + " maximum") + ")");
                celsius = limit;
            }
            if (celsius < range.get().minCelsius()) {
                warnings.add("heat: " + celsius + " °C is below the lowest setting of " + profile.id() + " ("
                        + range.get().minCelsius() + " °C); heat skipped");
                return 0;
            }
            return celsius;
        }
    }
}
