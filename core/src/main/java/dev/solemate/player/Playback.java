package dev.solemate.player;

import dev.solemate.routine.CompiledRoutine;
import java.util.concurrent.CompletableFuture;

/**
 * A routine playing on a massager, started by {@code RoutinePlayer.start}. Control methods may be
 * called from any thread. Whatever ends it, the device is stopped before {@link #completion()} completes.
 */
public interface Playback {

    CompiledRoutine routine();

    /** Where the playback is now. */
    Progress progress();

    /** True once it has ended. */
    boolean isDone();

    /** True while paused. */
    boolean isPaused();

    /** Pauses: the device goes to zero and the routine's clock stops. No effect if paused or done. */
    void pause();

    /** Resumes where it paused. No effect unless paused. */
    void resume();

    /** Stops the device at once (ahead of any queued command) and ends the playback as STOPPED. */
    CompletableFuture<PlaybackResult> stop();

    /** Completes when the playback ended and the device was stopped. Never completes exceptionally. */
    CompletableFuture<PlaybackResult> completion();
}
