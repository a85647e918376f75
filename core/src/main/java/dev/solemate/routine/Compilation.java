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
import java.util.Optional;
import java.util.Set;

/** The work of one {@link RoutineCompiler} call: zones, heat, warnings, in one pass over the plan. */
final class Compilation {

    private final Routine routine;
    private final DeviceProfile profile;
    private final CompileSettings settings;
    private final double scale;
    private final int capLevel;
    private final List<Routine.PlannedStep> plan;
    private final Set<String> warnings = new LinkedHashSet<>();
    private final List<TimedCommand> commands = new ArrayList<>();

    Compilation(Routine routine, DeviceProfile profile, CompileSettings settings) {
        this.routine = routine;
        this.profile = profile;
        this.settings = settings;
        this.scale = settings.comfortCap().percent() / 100.0;
        this.capLevel = profile.capLevel(settings.comfortCap());
        this.plan = routine.plan();
    }

    CompiledRoutine run() {
        warnAboutMissingZones();
        for (Zone zone : profile.zones().keySet()) {
            commands.addAll(new ZoneTrack(this, zone).compile());
        }
        compileHeat();
        Duration duration = routine.duration();
        if (duration.compareTo(settings.session()) > 0) {
            warnings.add("routine lasts " + HumanDuration.format(duration) + " but " + settings.sessionOwner() + " "
                    + HumanDuration.format(settings.session()) + " session limit: it will stop at "
                    + HumanDuration.clock(settings.session()));
        }
        commands.sort(Comparator.comparing(TimedCommand::at).thenComparingInt(Compilation::rank));
        List<StepMark> marks = plan.stream().map(Routine.PlannedStep::mark).toList();
        return new CompiledRoutine(routine.name(), profile, duration, marks, commands, List.copyOf(warnings));
    }

    Routine routine() {
        return routine;
    }

    DeviceProfile profile() {
        return profile;
    }

    List<Routine.PlannedStep> plan() {
        return plan;
    }

    long riseIntervalMillis() {
        return settings.riseIntervalMillis(profile.intensitySteps());
    }

    /** Warns, once per zone, that the rise rate keeps some of the zone's quick rises below their target. */
    void warnRisesCutShort(Zone zone) {
        warnings.add("zone " + zone.id() + ": some rises are quicker than the rise rate allows (one level every "
                + HumanDuration.format(Duration.ofMillis(riseIntervalMillis())) + "); they play lower than written");
    }

    /** The index of the step playing at {@code millis}; the last step at the end. */
    int stepAt(long millis) {
        int lo = 0;
        int hi = plan.size() - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (plan.get(mid).mark().start().toMillis() <= millis) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return plan.get(lo).mark().index();
    }

    /** The device level for a routine percentage: scaled under the cap, quantised, clamped. */
    int level(double percent) {
        double scaled = Math.min(100.0, Math.max(0.0, percent * scale));
        return Math.min(capLevel, profile.levelOf(Intensity.of(scaled)));
    }

    /** The technique a zone plays for {@code wanted}, warning once when it differs or is impossible. */
    Optional<Technique> techniqueFor(Zone zone, Technique wanted) {
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
                    warnings.add("zone " + zone.id() + ": " + profile.id() + " has no " + zone.id() + " zone; skipped");
                }
            }
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
        int heatLimit = settings.heatLimitCelsius();
        int limit = Math.min(Math.min(heatLimit, range.get().maxCelsius()), SafetyLimits.ABSOLUTE_HEAT_CEILING_CELSIUS);
        int celsius = heat.celsius();
        if (celsius > limit) {
            warnings.add("heat: " + celsius + " °C reduced to " + limit + " °C ("
                    + (limit == heatLimit ? "heat limit" : profile.id() + " maximum") + ")");
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
