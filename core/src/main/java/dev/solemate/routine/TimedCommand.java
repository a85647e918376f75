package dev.solemate.routine;

import dev.solemate.device.Intensity;
import dev.solemate.device.Technique;
import dev.solemate.device.Zone;
import java.time.Duration;
import java.util.Objects;

/**
 * One command of a compiled routine, due at {@code at} from the routine's start. Intensities are
 * already quantised to the device's levels: {@link SetZone#intensity()} is exactly the percentage of a level.
 */
public sealed interface TimedCommand {

    /** When the command is due, from the start of the routine. */
    Duration at();

    /** Index into {@link CompiledRoutine#steps()} of the step this command belongs to. */
    int step();

    /** The command in words, as in listings and golden files: {@code set arch knead 3/5}, {@code heat 38}, {@code heat off}. */
    String describe();

    /** Sets a zone to a technique and device level (0 stops the zone). */
    record SetZone(Duration at, int step, Zone zone, Technique technique, int level, int steps) implements TimedCommand {
        public SetZone {
            Objects.requireNonNull(at, "at");
            Objects.requireNonNull(zone, "zone");
            Objects.requireNonNull(technique, "technique");
            if (level < 0 || level > steps) {
                throw new IllegalArgumentException("level " + level + " is out of range (expected 0 to " + steps + ")");
            }
        }

        /** The percentage of this level on the device; quantises back to exactly {@link #level()}. */
        public Intensity intensity() {
            return Intensity.ofLevel(level, steps);
        }

        @Override
        public String describe() {
            return "set " + zone.id() + " " + technique.id() + " " + level + "/" + steps;
        }
    }

    /** Sets the heater to {@code celsius}. */
    record SetHeat(Duration at, int step, int celsius) implements TimedCommand {
        public SetHeat {
            Objects.requireNonNull(at, "at");
        }

        @Override
        public String describe() {
            return "heat " + celsius;
        }
    }

    /** Turns the heater off. */
    record HeatOff(Duration at, int step) implements TimedCommand {
        public HeatOff {
            Objects.requireNonNull(at, "at");
        }

        @Override
        public String describe() {
            return "heat off";
        }
    }
}
