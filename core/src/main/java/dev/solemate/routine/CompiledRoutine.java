package dev.solemate.routine;

import dev.solemate.device.DeviceProfile;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A routine turned into a timed sequence of device commands for one device profile: quantised to
 * the device's levels, only changes, adapted to what the device lacks (each adaptation is listed in
 * {@link #warnings()}). Inspectable for tests, plots and dry runs; played by the player.
 *
 * @param name      the routine's name
 * @param profile   the device profile it was compiled for
 * @param duration  total length
 * @param steps     the steps in playing order, repeats unrolled
 * @param commands  the commands sorted by time
 * @param warnings  what the compiler had to adapt, for the caller to show
 */
public record CompiledRoutine(
        String name,
        DeviceProfile profile,
        Duration duration,
        List<StepMark> steps,
        List<TimedCommand> commands,
        List<String> warnings) {

    public CompiledRoutine {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(profile, "profile");
        Objects.requireNonNull(duration, "duration");
        steps = List.copyOf(steps);
        commands = List.copyOf(commands);
        warnings = List.copyOf(warnings);
        Duration previous = Duration.ZERO;
        for (TimedCommand command : commands) {
            if (command.at().compareTo(previous) < 0 || command.at().compareTo(duration) > 0) {
                throw new IllegalArgumentException("command at " + command.at()
                        + " is out of order or past the end (" + duration + ")");
            }
            previous = command.at();
        }
    }

    /**
     * The whole sequence as text, one line per step start and command, for dry runs, reviews and
     * golden files:
     * <pre>
     * # bedtime on shiatsu-4zone (5 levels): 14m30s, 12 steps, 212 commands
     * # warning: heat: 45 °C reduced to 40 °C (heat limit)
     * 00:00:00.000 step=0 begin "warm-up"
     * 00:00:00.000 step=0 set toes knead 1/5
     * 00:14:30.000 step=11 heat off
     * </pre>
     */
    public String listing() {
        StringBuilder sb = new StringBuilder();
        sb.append("# ").append(name).append(" on ").append(profile.id()).append(" (")
                .append(profile.intensitySteps()).append(" levels): ").append(HumanDuration.format(duration))
                .append(", ").append(steps.size()).append(" steps, ").append(commands.size()).append(" commands\n");
        for (String warning : warnings) {
            sb.append("# warning: ").append(warning).append('\n');
        }
        int next = 0;
        for (StepMark step : steps) {
            while (next < commands.size() && commands.get(next).at().compareTo(step.start()) < 0) {
                line(sb, commands.get(next++));
            }
            sb.append(HumanDuration.clock(step.start())).append(" step=").append(step.index())
                    .append(" begin \"").append(step.name()).append("\"\n");
        }
        while (next < commands.size()) {
            line(sb, commands.get(next++));
        }
        return sb.toString();
    }

    private static void line(StringBuilder sb, TimedCommand command) {
        sb.append(HumanDuration.clock(command.at())).append(" step=").append(command.step()).append(' ')
                .append(command.describe()).append('\n');
    }

    /** The step playing at {@code elapsed}, or the last step at or after the end. */
    public StepMark stepAt(Duration elapsed) {
        StepMark current = steps.get(0);
        for (StepMark step : steps) {
            if (step.start().compareTo(elapsed) <= 0) {
                current = step;
            }
        }
        return current;
    }
}
