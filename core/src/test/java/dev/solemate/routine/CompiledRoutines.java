package dev.solemate.routine;

import dev.solemate.device.Zone;
import java.util.EnumMap;
import java.util.Map;

/** Test helpers that replay a compiled routine's commands to see the state they leave. */
final class CompiledRoutines {

    private CompiledRoutines() {
    }

    static Map<Zone, Integer> finalLevels(CompiledRoutine compiled) {
        Map<Zone, Integer> levels = new EnumMap<>(Zone.class);
        for (TimedCommand command : compiled.commands()) {
            if (command instanceof TimedCommand.SetZone set) {
                levels.put(set.zone(), set.level());
            }
        }
        return levels;
    }

    static int finalHeat(CompiledRoutine compiled) {
        int heat = 0;
        for (TimedCommand command : compiled.commands()) {
            if (command instanceof TimedCommand.SetHeat set) {
                heat = set.celsius();
            } else if (command instanceof TimedCommand.HeatOff) {
                heat = 0;
            }
        }
        return heat;
    }
}
