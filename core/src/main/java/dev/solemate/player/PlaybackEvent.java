package dev.solemate.player;

import java.util.Objects;

/** What a playback reports to its listeners. */
public sealed interface PlaybackEvent {

    /** A step began (the first one at the start). */
    record StepStarted(Progress progress) implements PlaybackEvent {
        public StepStarted {
            Objects.requireNonNull(progress, "progress");
        }
    }

    /** Periodic progress, at the interval set in {@link PlaybackOptions}. */
    record Tick(Progress progress) implements PlaybackEvent {
        public Tick {
            Objects.requireNonNull(progress, "progress");
        }
    }

    /** Paused; the device was brought to zero while paused. */
    record Paused(Progress progress) implements PlaybackEvent {
    }

    /** Resumed; the current settings were restored (gradually, through the governor). */
    record Resumed(Progress progress) implements PlaybackEvent {
    }

    /** A command was adapted or a safety warning was raised while playing. */
    record Warning(String message) implements PlaybackEvent {
    }

    /** The playback ended; the device is at zero. Always the last event. */
    record Finished(PlaybackResult result) implements PlaybackEvent {
        public Finished {
            Objects.requireNonNull(result, "result");
        }
    }
}
