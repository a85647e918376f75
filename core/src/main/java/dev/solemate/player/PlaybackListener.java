package dev.solemate.player;

/**
 * Receives a playback's events, on the massager's timeline thread (the real clock's
 * {@code solemate-timeline} thread, or the test thread on a virtual timeline). It must return
 * quickly. If it throws, the playback ends as {@link PlaybackEnding#FAILED} and the device is stopped:
 * a routine whose progress cannot be shown is not worth running blind.
 */
@FunctionalInterface
public interface PlaybackListener {

    void onEvent(PlaybackEvent event);
}
