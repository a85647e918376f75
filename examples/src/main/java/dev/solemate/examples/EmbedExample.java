package dev.solemate.examples;

import dev.solemate.Massager;
import dev.solemate.Massagers;
import dev.solemate.player.Playback;
import dev.solemate.player.PlaybackEvent;
import dev.solemate.player.PlaybackOptions;
import dev.solemate.player.PlaybackResult;
import dev.solemate.player.RoutinePlayer;
import dev.solemate.routine.CompiledRoutine;
import dev.solemate.routine.RoutineCompiler;
import dev.solemate.routine.Routines;
import java.io.PrintStream;
import java.util.concurrent.CompletableFuture;

/**
 * Embeds Solemate in an application: opens the simulator, plays the built-in {@code bedtime}
 * routine faster than real time, prints each step as it starts, and stops early once the routine
 * reaches its cool-down (the "condition"). Run it with:
 * {@code ./solemate-example EmbedExample} or {@code java -cp ... dev.solemate.examples.EmbedExample [speed]}.
 */
public final class EmbedExample {

    private EmbedExample() {
    }

    public static void main(String[] args) throws Exception {
        double speed = args.length > 0 ? Double.parseDouble(args[0]) : 60;
        PlaybackResult result = run(System.out, speed);
        System.out.println("ended: " + result.ending().id() + " after " + result.played().toSeconds() + " s of routine time");
    }

    /** The README's embedding example, kept here so that it compiles (DocsTest checks the README shows it verbatim). */
    static void readme() {
        // tag::readme[]
        try (Massager massager = Massagers.open("sim:?profile=shiatsu-4zone")) {
            CompiledRoutine routine = RoutineCompiler.compile(Routines.builtIn("bedtime"), massager.profile());
            Playback playback = RoutinePlayer.start(massager, routine, PlaybackOptions.defaults().withSpeed(60),
                    event -> System.out.println(event));
            PlaybackResult result = playback.completion().join();   // the device is at zero here, however it ended
        }
        // end::readme[]
    }

    /** Plays bedtime on {@code sim:} at {@code speed} until the cool-down starts; returns how it ended. */
    public static PlaybackResult run(PrintStream out, double speed) throws Exception {
        // tag::embed[]
        try (Massager massager = Massagers.open("sim:?profile=shiatsu-4zone")) {
            CompiledRoutine bedtime = RoutineCompiler.compile(Routines.builtIn("bedtime"), massager.profile());
            CompletableFuture<Void> coolDown = new CompletableFuture<>();

            // The listener runs on the player's timeline thread: print, signal, never block.
            Playback playback = RoutinePlayer.start(massager, bedtime, PlaybackOptions.defaults().withSpeed(speed),
                    event -> {
                        if (event instanceof PlaybackEvent.StepStarted started) {
                            out.println("step " + (started.progress().step().index() + 1) + ": "
                                    + started.progress().step().name());
                            if (started.progress().step().name().equals("cool-down")) {
                                coolDown.complete(null);
                            }
                        }
                    });

            // Stop on a condition: here, as soon as the cool-down begins (or the routine ends first).
            CompletableFuture.anyOf(coolDown, playback.completion()).join();
            PlaybackResult result = playback.stop().join();
            out.println("device at zero: " + massager.state().isAtZero());
            return result;
        }
        // end::embed[]
    }
}
