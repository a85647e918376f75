package dev.solemate.testing;

import dev.solemate.device.DeviceProfile;
import dev.solemate.device.Technique;
import dev.solemate.device.Zone;
import dev.solemate.routine.CompiledRoutine;
import dev.solemate.routine.StepMark;
import dev.solemate.routine.TimedCommand;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Builds {@link CompiledRoutine}s by hand for tests of the player and the governor: steps one after
 * another, device commands at given times. (Routines themselves are built with
 * {@link dev.solemate.routine.RoutineBuilder} and compiled.)
 */
public final class CompiledRoutineBuilder {

    private final String name;
    private final DeviceProfile profile;
    private final List<StepMark> steps = new ArrayList<>();
    private final List<TimedCommand> commands = new ArrayList<>();
    private Duration end = Duration.ZERO;

    private CompiledRoutineBuilder(String name, DeviceProfile profile) {
        this.name = name;
        this.profile = profile;
    }

    public static CompiledRoutineBuilder routine(String name, DeviceProfile profile) {
        return new CompiledRoutineBuilder(name, profile);
    }

    /** Appends a step after the previous one. */
    public CompiledRoutineBuilder step(String stepName, Duration duration) {
        steps.add(new StepMark(steps.size(), stepName, end, duration));
        end = end.plus(duration);
        return this;
    }

    /** A zone command at {@code at} from the start, in the step that contains it. */
    public CompiledRoutineBuilder zone(Duration at, Zone zone, Technique technique, int level) {
        commands.add(new TimedCommand.SetZone(at, stepIndex(at), zone, technique, level, profile.intensitySteps()));
        return this;
    }

    public CompiledRoutineBuilder heat(Duration at, int celsius) {
        commands.add(new TimedCommand.SetHeat(at, stepIndex(at), celsius));
        return this;
    }

    public CompiledRoutineBuilder heatOff(Duration at) {
        commands.add(new TimedCommand.HeatOff(at, stepIndex(at)));
        return this;
    }

    public CompiledRoutine build() {
        List<TimedCommand> sorted = new ArrayList<>(commands);
        sorted.sort(Comparator.comparing(TimedCommand::at));
        return new CompiledRoutine(name, profile, end, steps, sorted, List.of());
    }

    private int stepIndex(Duration at) {
        int index = 0;
        for (StepMark step : steps) {
            if (step.start().compareTo(at) <= 0) {
                index = step.index();
            }
        }
        return index;
    }
}
