package dev.solemate.examples;

import dev.solemate.Massager;
import dev.solemate.Massagers;
import dev.solemate.device.Technique;
import dev.solemate.device.Zone;
import dev.solemate.player.PlaybackEvent;
import dev.solemate.player.PlaybackOptions;
import dev.solemate.player.PlaybackResult;
import dev.solemate.player.RoutinePlayer;
import dev.solemate.routine.CompiledRoutine;
import dev.solemate.routine.Routine;
import dev.solemate.routine.RoutineCompiler;
import dev.solemate.routine.Shape;
import java.io.PrintStream;
import java.time.Duration;

/**
 * Builds a routine in Java code with the fluent builder, which validates it exactly like a routine
 * file, compiles it for the device (printing what had to be adapted) and plays it.
 */
public final class BuilderExample {

    private BuilderExample() {
    }

    public static void main(String[] args) throws Exception {
        double speed = args.length > 0 ? Double.parseDouble(args[0]) : 30;
        PlaybackResult result = run(System.out, "sim:?profile=budget-2zone", speed);
        System.out.println("ended: " + result.ending().id());
    }

    /** Builds the routine. @throws IllegalArgumentException when a rule is broken, naming the step */
    public static Routine routine() {
        // tag::build[]
        return Routine.builder("arch and heel")
                .description("Two minutes for tired arches and heels")
                .heat(38)
                .step("warm-up", Duration.ofSeconds(30), s -> s.allZones(Technique.KNEAD, Shape.ramp(10, 30)))
                .repeat(2, r -> r
                        .step("arch", Duration.ofSeconds(20), s -> s.zone(Zone.ARCH, Technique.ROLL, Shape.constant(40)))
                        .step("heel", Duration.ofSeconds(20), s -> s.zone(Zone.HEEL, Technique.PRESS,
                                Shape.pulse(20, 45, Duration.ofSeconds(4)))))
                .step("cool-down", Duration.ofSeconds(10), s -> s.allZones(Technique.KNEAD, Shape.ramp(20, 5)).heatOff())
                .build();
        // end::build[]
    }

    /** Compiles {@link #routine()} for the device at {@code uri} and plays it at {@code speed}. */
    public static PlaybackResult run(PrintStream out, String uri, double speed) {
        try (Massager massager = Massagers.open(uri)) {
            // tag::run[]
            CompiledRoutine compiled = RoutineCompiler.compile(routine(), massager.profile());
            compiled.warnings().forEach(w -> out.println("adapted: " + w));
            PlaybackResult result = RoutinePlayer.start(massager, compiled, PlaybackOptions.defaults().withSpeed(speed),
                    event -> {
                        if (event instanceof PlaybackEvent.StepStarted s) {
                            out.println("step: " + s.progress().step().name());
                        }
                    }).completion().join();
            // end::run[]
            return result;
        }
    }
}
