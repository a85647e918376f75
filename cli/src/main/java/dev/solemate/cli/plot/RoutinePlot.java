package dev.solemate.cli.plot;

import dev.solemate.device.DeviceProfile;
import dev.solemate.device.Technique;
import dev.solemate.device.Zone;
import dev.solemate.routine.CompiledRoutine;
import dev.solemate.routine.StepMark;
import dev.solemate.routine.TimedCommand;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What a plot of a compiled routine shows, independent of how it is drawn: per zone the level the
 * device holds over time and with which technique, the heater's set-point over time, the steps,
 * and the zones the routine asked for that the device lacks. Built from the commands the device
 * would actually receive, so the picture is the truth for that device, not the routine's wish.
 *
 * @param routine   the routine's name
 * @param profile   the device it was compiled for
 * @param duration  the total length
 * @param lanes     one lane per zone of the profile and per zone the device lacks but the routine uses, toes first
 * @param heat      the heater's set-point over time (empty when the routine never heats)
 * @param steps     the steps, repeats unrolled
 * @param warnings  the compiler's adaptations, in its words
 */
public record RoutinePlot(
        String routine,
        DeviceProfile profile,
        Duration duration,
        List<Lane> lanes,
        List<HeatSpan> heat,
        List<StepMark> steps,
        List<String> warnings) {

    public RoutinePlot {
        Objects.requireNonNull(routine, "routine");
        Objects.requireNonNull(profile, "profile");
        Objects.requireNonNull(duration, "duration");
        lanes = List.copyOf(lanes);
        heat = List.copyOf(heat);
        steps = List.copyOf(steps);
        warnings = List.copyOf(warnings);
    }

    /** A zone's row: its segments, or none when the device lacks the zone ({@code skipped}). */
    public record Lane(Zone zone, boolean skipped, List<Segment> segments) {
        public Lane {
            Objects.requireNonNull(zone, "zone");
            segments = List.copyOf(segments);
        }
    }

    /** A zone held at one technique and level from {@code start} to {@code end} (level 0 = stopped). */
    public record Segment(Duration start, Duration end, Technique technique, int level, int steps) {
        public Segment {
            Objects.requireNonNull(start, "start");
            Objects.requireNonNull(end, "end");
            Objects.requireNonNull(technique, "technique");
        }

        /** The level as a fraction of the device's highest level. */
        public double fraction() {
            return (double) level / steps;
        }
    }

    /** The heater held at {@code celsius} from {@code start} to {@code end}; 0 means off. */
    public record HeatSpan(Duration start, Duration end, int celsius) {
        public HeatSpan {
            Objects.requireNonNull(start, "start");
            Objects.requireNonNull(end, "end");
        }

        public boolean isOn() {
            return celsius > 0;
        }
    }

    /** The plot of {@code compiled}: replays its commands per zone and for the heater. */
    public static RoutinePlot of(CompiledRoutine compiled) {
        DeviceProfile profile = compiled.profile();
        Duration end = compiled.duration();
        Map<Zone, List<Segment>> segments = new EnumMap<>(Zone.class);
        Map<Zone, TimedCommand.SetZone> current = new EnumMap<>(Zone.class);
        List<HeatSpan> heat = new ArrayList<>();
        Duration heatSince = Duration.ZERO;
        int heatNow = 0;
        boolean heated = false;
        for (TimedCommand command : compiled.commands()) {
            if (command instanceof TimedCommand.SetZone set) {
                TimedCommand.SetZone before = current.put(set.zone(), set);
                if (before != null) {
                    add(segments, before, set.at());
                }
            } else {
                int celsius = command instanceof TimedCommand.SetHeat h ? h.celsius() : 0;
                if (celsius != heatNow) {
                    if (command.at().compareTo(heatSince) > 0) {
                        heat.add(new HeatSpan(heatSince, command.at(), heatNow));
                    }
                    heatSince = command.at();
                    heatNow = celsius;
                    heated |= celsius > 0;
                }
            }
        }
        for (TimedCommand.SetZone last : current.values()) {
            add(segments, last, end);
        }
        if (end.compareTo(heatSince) > 0) {
            heat.add(new HeatSpan(heatSince, end, heatNow));
        }
        List<Lane> lanes = new ArrayList<>();
        for (Zone zone : Zone.values()) {
            if (profile.hasZone(zone)) {
                lanes.add(new Lane(zone, false, segments.getOrDefault(zone, List.of())));
            } else if (mentioned(zone, compiled.warnings())) {
                lanes.add(new Lane(zone, true, List.of()));
            }
        }
        return new RoutinePlot(compiled.name(), profile, end, lanes, heated ? heat : List.of(),
                compiled.steps(), compiled.warnings());
    }

    /** True when any lane is skipped. */
    public boolean hasSkippedZones() {
        return lanes.stream().anyMatch(Lane::skipped);
    }

    /** The hottest set-point, or 0 when the heater stays off. */
    public int maxHeat() {
        return heat.stream().mapToInt(HeatSpan::celsius).max().orElse(0);
    }

    /** True when the routine asked for heat but the device has no heater (the compiler said so). */
    public boolean heatSkipped() {
        return !profile.hasHeat() && warnings.stream()
                .anyMatch(w -> Pattern.compile("\\b(heat|heater)\\b").matcher(w.toLowerCase(Locale.ROOT)).find());
    }

    private static void add(Map<Zone, List<Segment>> segments, TimedCommand.SetZone set, Duration until) {
        if (until.compareTo(set.at()) > 0) {
            segments.computeIfAbsent(set.zone(), z -> new ArrayList<>())
                    .add(new Segment(set.at(), until, set.technique(), set.level(), set.steps()));
        }
    }

    // The compiler names a zone the device lacks in its warning, e.g. "zone toes: the device has no toes zone".
    private static boolean mentioned(Zone zone, List<String> warnings) {
        Pattern word = Pattern.compile("\\b" + zone.id() + "\\b");
        return warnings.stream().anyMatch(w -> word.matcher(w.toLowerCase(Locale.ROOT)).find());
    }
}
