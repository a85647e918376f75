package dev.solemate.cli.history;

import dev.solemate.player.PlaybackEnding;
import dev.solemate.player.PlaybackResult;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Objects;

/**
 * One played routine as the history keeps it. The start keeps the local UTC offset of the moment,
 * so an evening stays the evening it was even after a move to another time zone.
 *
 * @param start   when playback started, with the local offset
 * @param routine the routine's name (or file)
 * @param device  the device URI it played on
 * @param profile the device profile id
 * @param played  how much of the routine played
 * @param ending  completed, stopped or failed
 * @param reason  in words, e.g. {@code "stopped by user"}
 */
public record SessionRecord(
        OffsetDateTime start,
        String routine,
        String device,
        String profile,
        Duration played,
        PlaybackEnding ending,
        String reason) {

    /** A session shorter than this that did not complete does not count towards a streak. */
    public static final Duration COUNTS_AFTER = Duration.ofMinutes(1);

    public SessionRecord {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(routine, "routine");
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(profile, "profile");
        Objects.requireNonNull(played, "played");
        Objects.requireNonNull(ending, "ending");
        Objects.requireNonNull(reason, "reason");
        if (played.isNegative()) {
            throw new IllegalArgumentException("played " + played + " is negative (expected >= 0)");
        }
    }

    /** The record of a finished playback. */
    public static SessionRecord of(OffsetDateTime start, String routine, String device, String profile,
            PlaybackResult result) {
        return new SessionRecord(start, routine, device, profile, result.played(), result.ending(), result.reason());
    }

    /**
     * True for a real evening's massage: on a device, not the built-in simulator (a demo or a
     * rehearsal), and completed or played for at least {@link #COUNTS_AFTER}.
     */
    public boolean counts() {
        return !onSimulator() && (ending == PlaybackEnding.COMPLETED || played.compareTo(COUNTS_AFTER) >= 0);
    }

    /** True when it played on the built-in simulator ({@code sim:}), where no foot was massaged. */
    public boolean onSimulator() {
        return device.regionMatches(true, 0, "sim:", 0, 4);
    }
}
