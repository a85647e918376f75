package dev.solemate.routine;

import dev.solemate.device.Technique;
import dev.solemate.device.Zone;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One zone's commands over a whole routine. First the target levels: the quantised level of each
 * step's shape, only changes, ramps on the {@link RoutineCompiler#RESOLUTION} grid, pulses at their
 * half periods, a command overridden within {@link RoutineCompiler#MIN_GAP} dropped. Then rises are
 * shaped as the safety governor would: one level at a time, at most one per rise interval, while
 * going down is immediate. Last, a stop at the routine's end.
 */
final class ZoneTrack {

    private final Compilation compilation;
    private final Zone zone;
    private final int steps;
    private final List<TimedCommand.SetZone> targets = new ArrayList<>();

    ZoneTrack(Compilation compilation, Zone zone) {
        this.compilation = compilation;
        this.zone = zone;
        this.steps = compilation.profile().intensitySteps();
    }

    List<TimedCommand.SetZone> compile() {
        for (Routine.PlannedStep planned : compilation.plan()) {
            StepMark mark = planned.mark();
            long start = mark.start().toMillis();
            Optional<ZoneAction> action = planned.step().actionFor(zone);
            Optional<Technique> playing = action.flatMap(a -> compilation.techniqueFor(zone, a.technique()));
            if (playing.isEmpty()) {
                target(start, mark.index(), null, 0);
                continue;
            }
            Shape shape = action.get().intensity();
            Technique technique = playing.get();
            long length = mark.duration().toMillis();
            if (shape instanceof Shape.Pulse pulse) {
                long period = pulse.period().toMillis();
                long half = pulse.half().toMillis();
                for (long from = 0; from < length; from += period) {
                    target(start + from, mark.index(), technique, compilation.level(pulse.high().percent()));
                    if (from + half < length) {
                        target(start + from + half, mark.index(), technique, compilation.level(pulse.low().percent()));
                    }
                }
            } else {
                monotone(shape, mark, technique, start, length);
            }
        }
        long end = compilation.routine().duration().toMillis();
        List<TimedCommand.SetZone> commands = shapeRises(end);
        if (!commands.isEmpty() && last(commands).level() > 0) {
            // The closing stop stands at exactly the routine's end, whatever came just before.
            commands.add(new TimedCommand.SetZone(Duration.ofMillis(end), compilation.stepAt(end), zone,
                    last(commands).technique(), 0, steps));
        }
        return commands;
    }

    /**
     * Adds every level change of a shape whose level only moves one way over the step (constant or
     * ramp), seen on the resolution grid from the step's start: the level at the start, then a
     * binary search for the tick of each next change.
     */
    private void monotone(Shape shape, StepMark mark, Technique technique, long start, long length) {
        long tick = RoutineCompiler.RESOLUTION.toMillis();
        long ticks = (length + tick - 1) / tick;
        long at = 0;
        int level = levelAtTick(shape, mark.duration(), 0);
        target(start, mark.index(), technique, level);
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
            target(start + at * tick, mark.index(), technique, level);
        }
    }

    /** The level played during a tick: the shape's level at the tick's middle. */
    private int levelAtTick(Shape shape, Duration length, long tick) {
        Duration resolution = RoutineCompiler.RESOLUTION;
        return compilation.level(shape.percentAt(resolution.multipliedBy(tick).plus(resolution.dividedBy(2)), length));
    }

    private void target(long atMillis, int step, Technique technique, int level) {
        // Latest wins: a target overridden within MIN_GAP is never sent.
        while (!targets.isEmpty() && atMillis - last(targets).at().toMillis() < RoutineCompiler.MIN_GAP.toMillis()) {
            targets.remove(targets.size() - 1);
        }
        int current = targets.isEmpty() ? 0 : last(targets).level();
        Technique now = targets.isEmpty() ? null : last(targets).technique();
        if (level == current && (level == 0 || technique == now)) {
            return;
        }
        targets.add(new TimedCommand.SetZone(Duration.ofMillis(atMillis), step, zone, level == 0 ? now : technique,
                level, steps));
    }

    /**
     * The commands that follow the targets as the rise rate allows: down and technique changes at
     * once, up one level per rise interval while the target stays above, and never two commands
     * closer than {@link RoutineCompiler#MIN_GAP} (a rise due just before a target waits for it).
     */
    private List<TimedCommand.SetZone> shapeRises(long end) {
        long interval = compilation.riseIntervalMillis();
        if (interval == 0) {
            return new ArrayList<>(targets);
        }
        long gap = RoutineCompiler.MIN_GAP.toMillis();
        List<TimedCommand.SetZone> out = new ArrayList<>();
        int level = 0;
        int goal = 0;
        Technique technique = null;
        long lastRise = Long.MIN_VALUE / 4;
        long lastCommand = Long.MIN_VALUE / 4;
        int i = 0;
        while (true) {
            long nextTarget = i < targets.size() ? targets.get(i).at().toMillis() : Long.MAX_VALUE;
            long nextRise = level < goal ? Math.max(lastRise + interval, lastCommand + gap) : Long.MAX_VALUE;
            if (nextRise != Long.MAX_VALUE && (nextRise >= end - gap || nextTarget < nextRise + gap)) {
                nextRise = Long.MAX_VALUE;
            }
            if (nextTarget == Long.MAX_VALUE && nextRise == Long.MAX_VALUE) {
                if (level < goal) {
                    compilation.warnRisesCutShort(zone);
                }
                return out;
            }
            if (nextRise < nextTarget) {
                level++;
                out.add(command(nextRise, technique, level));
                lastRise = nextRise;
                lastCommand = nextRise;
                continue;
            }
            TimedCommand.SetZone target = targets.get(i++);
            long at = nextTarget;
            if (level < goal && !(goal == level + 1 && lastRise + interval <= at)) {
                compilation.warnRisesCutShort(zone);
            }
            goal = target.level();
            if (goal < level || (goal == level && goal > 0 && target.technique() != technique)) {
                level = goal;
                technique = target.technique();
                out.add(target);
                lastCommand = at;
            } else if (goal > level && lastRise + interval <= at) {
                level++;
                technique = target.technique();
                out.add(command(at, technique, level));
                lastRise = at;
                lastCommand = at;
            } else if (goal > level && level > 0 && target.technique() != technique) {
                // Switch technique now at the level already reached; the rise follows.
                technique = target.technique();
                out.add(command(at, technique, level));
                lastCommand = at;
            } else if (goal > level) {
                technique = target.technique();
            }
        }
    }

    private TimedCommand.SetZone command(long atMillis, Technique technique, int level) {
        return new TimedCommand.SetZone(Duration.ofMillis(atMillis), compilation.stepAt(atMillis), zone, technique,
                level, steps);
    }

    private static TimedCommand.SetZone last(List<TimedCommand.SetZone> list) {
        return list.get(list.size() - 1);
    }
}
