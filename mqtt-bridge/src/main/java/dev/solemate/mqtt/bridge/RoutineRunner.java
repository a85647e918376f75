package dev.solemate.mqtt.bridge;

import dev.solemate.Massager;
import dev.solemate.player.Playback;
import dev.solemate.player.PlaybackListener;
import dev.solemate.player.PlaybackOptions;
import dev.solemate.routine.CompiledRoutine;

/** Starts a compiled routine on a massager: the core's player, or a stand-in in tests. */
@FunctionalInterface
public interface RoutineRunner {

    Playback start(Massager massager, CompiledRoutine routine, PlaybackOptions options, PlaybackListener listener);
}
