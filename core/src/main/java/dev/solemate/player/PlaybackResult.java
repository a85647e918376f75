package dev.solemate.player;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of a playback.
 *
 * @param ending how it ended
 * @param played routine time played before the end
 * @param reason in words, e.g. {@code "completed"}, {@code "stopped by user"}, {@code "device disconnected: ..."}
 * @param error  the error that ended it, for {@link PlaybackEnding#FAILED}
 */
public record PlaybackResult(PlaybackEnding ending, Duration played, String reason, Optional<Throwable> error) {

    public PlaybackResult {
        Objects.requireNonNull(ending, "ending");
        Objects.requireNonNull(played, "played");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(error, "error");
    }
}
