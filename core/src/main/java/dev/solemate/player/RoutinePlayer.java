package dev.solemate.player;

import dev.solemate.Massager;
import dev.solemate.routine.CompiledRoutine;
import java.util.Objects;

/**
 * Plays a {@link CompiledRoutine} on a {@link Massager}, drift-free: every command is scheduled on
 * the massager's timeline at the absolute time {@code start + at / speed} (plus the time spent
 * paused), never relative to the previous one, so late wake-ups never add up.
 *
 * <pre>{@code
 * Playback playback = RoutinePlayer.start(massager, compiled, PlaybackOptions.defaults(), event -> show(event));
 * PlaybackResult result = playback.completion().join();
 * }</pre>
 *
 * Whatever ends the playback (completion, {@link Playback#stop()}, {@link Massager#stop()}, another
 * routine started on the same massager, the device's {@code power} button,
 * a listener that throws, a device error, fault or lost link, the session limit, the massager being
 * closed or the JVM exiting), the device is stopped and {@link Playback#completion()} completes
 * normally with the {@link PlaybackResult}.
 */
public final class RoutinePlayer {

    private RoutinePlayer() {
    }

    /**
     * Starts playing now: {@link Massager#play}. The first step's commands go out at once. The
     * massager holds the playback: a routine already playing on it ends first (STOPPED, "replaced
     * by ..."), and every stop of the massager ({@link Massager#stop()} included) ends this one.
     *
     * @param listener receives progress on the massager's timeline thread; see {@link PlaybackListener}
     * @throws IllegalArgumentException when the routine has no steps
     * @throws IllegalStateException    when the massager is closed
     */
    public static Playback start(Massager massager, CompiledRoutine routine, PlaybackOptions options,
                                 PlaybackListener listener) {
        Objects.requireNonNull(massager, "massager");
        return massager.play(routine, options, listener);
    }

    /** Starts playing at normal speed with progress every second. */
    public static Playback start(Massager massager, CompiledRoutine routine, PlaybackListener listener) {
        return start(massager, routine, PlaybackOptions.defaults(), listener);
    }
}
