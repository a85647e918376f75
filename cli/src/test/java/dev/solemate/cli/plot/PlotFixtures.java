package dev.solemate.cli.plot;

import dev.solemate.device.DeviceProfile;
import dev.solemate.device.DeviceProfiles;
import dev.solemate.device.Technique;
import dev.solemate.device.Zone;
import dev.solemate.routine.CompiledRoutine;
import dev.solemate.routine.StepMark;
import dev.solemate.routine.TimedCommand;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Compiled routines built by hand, so plot tests do not depend on the compiler's choices. */
final class PlotFixtures {

    private PlotFixtures() {
    }

    /** Five minutes on the shiatsu profile: warm-up on every zone, arch and heel work, cool-down, heat at 38. */
    static CompiledRoutine eveningOnShiatsu(List<String> warnings) {
        DeviceProfile p = DeviceProfiles.builtIn("shiatsu-4zone");
        int n = p.intensitySteps();
        List<StepMark> steps = List.of(
                new StepMark(0, "warm-up", s(0), s(60)),
                new StepMark(1, "arch <& roll>", s(60), s(120)),
                new StepMark(2, "heel press", s(180), s(90)),
                new StepMark(3, "cool-down", s(270), s(30)));
        List<TimedCommand> c = new ArrayList<>();
        c.add(new TimedCommand.SetHeat(s(0), 0, 38));
        for (Zone z : p.zones().keySet()) {
            c.add(new TimedCommand.SetZone(s(0), 0, z, Technique.KNEAD, 1, n));
        }
        for (Zone z : p.zones().keySet()) {
            c.add(new TimedCommand.SetZone(s(30), 0, z, Technique.KNEAD, 2, n));
        }
        c.add(new TimedCommand.SetZone(s(60), 1, Zone.TOES, Technique.KNEAD, 0, n));
        c.add(new TimedCommand.SetZone(s(60), 1, Zone.BALL, Technique.KNEAD, 0, n));
        c.add(new TimedCommand.SetZone(s(60), 1, Zone.ARCH, Technique.ROLL, 2, n));
        c.add(new TimedCommand.SetZone(s(60), 1, Zone.HEEL, Technique.KNEAD, 0, n));
        c.add(new TimedCommand.SetZone(s(120), 1, Zone.ARCH, Technique.ROLL, 3, n));
        c.add(new TimedCommand.SetZone(s(180), 2, Zone.ARCH, Technique.ROLL, 0, n));
        c.add(new TimedCommand.SetZone(s(180), 2, Zone.HEEL, Technique.PRESS, 3, n));
        c.add(new TimedCommand.SetZone(s(225), 2, Zone.HEEL, Technique.PRESS, 4, n));
        c.add(new TimedCommand.SetHeat(s(240), 2, 40));
        for (Zone z : p.zones().keySet()) {
            c.add(new TimedCommand.SetZone(s(270), 3, z, Technique.KNEAD, 1, n));
        }
        c.add(new TimedCommand.HeatOff(s(270), 3));
        c.sort(java.util.Comparator.comparing(TimedCommand::at));
        return new CompiledRoutine("evening", p, s(300), steps, c, warnings);
    }

    /** The budget profile (ball and heel, no heater) with the compiler's warnings about what it skipped. */
    static CompiledRoutine eveningOnBudget() {
        DeviceProfile p = DeviceProfiles.builtIn("budget-2zone");
        List<StepMark> steps = List.of(new StepMark(0, "warm-up", s(0), s(60)), new StepMark(1, "heel", s(60), s(60)));
        List<TimedCommand> c = List.of(
                new TimedCommand.SetZone(s(0), 0, Zone.BALL, Technique.KNEAD, 1, 3),
                new TimedCommand.SetZone(s(0), 0, Zone.HEEL, Technique.KNEAD, 1, 3),
                new TimedCommand.SetZone(s(60), 1, Zone.BALL, Technique.KNEAD, 0, 3),
                new TimedCommand.SetZone(s(60), 1, Zone.HEEL, Technique.ROLL, 2, 3));
        return new CompiledRoutine("evening", p, s(120), steps, c, List.of(
                "step 'warm-up': zone arch is not on budget-2zone; skipped",
                "step 'warm-up': zone toes is not on budget-2zone; skipped",
                "heat 38 °C skipped: budget-2zone has no heater"));
    }

    static Duration s(long seconds) {
        return Duration.ofSeconds(seconds);
    }
}
