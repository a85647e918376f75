package dev.solemate.cli.history;

import dev.solemate.player.PlaybackEnding;
import dev.solemate.secret.Redaction;
import dev.solemate.player.PlaybackResult;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Objects;
import java.util.Optional;

/**
 * One played routine as the history keeps it. The start keeps the local UTC offset of the moment,
 * so an evening stays the evening it was even after a move to another time zone.
 *
 * <p>A run writes its session when it starts ({@code playing}), a heartbeat now and then, and
 * again when it ends; {@link SessionLog#read()} gives the latest of each, so a session whose end
 * never came is still there ({@code interrupted}, with when it was last seen alive).
 *
 * @param start   when playback started, with the local offset
 * @param routine the routine's name (or file)
 * @param device  the device URI it played on, {@linkplain Redaction#redact redacted}
 * @param profile the device profile id
 * @param played  how much of the routine played
 * @param ending  completed, stopped, failed, terminated, playing or interrupted
 * @param reason  in words, e.g. {@code "stopped by user"}
 * @param session the id that ties the lines of one run together; empty in lines written before there were ids
 * @param lastSeen when the run was last known alive (its last heartbeat or end); empty when unknown
 */
public record SessionRecord(
        OffsetDateTime start,
        String routine,
        String device,
        String profile,
        Duration played,
        SessionEnding ending,
        String reason,
        Optional<String> session,
        Optional<OffsetDateTime> lastSeen) {

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
        Objects.requireNonNull(session, "session");
        Objects.requireNonNull(lastSeen, "lastSeen");
        // The history file is kept for years and shown by 'solemate history': never a password in it.
        device = Redaction.redact(device);
        if (played.isNegative()) {
            throw new IllegalArgumentException("played " + played + " is negative (expected >= 0)");
        }
    }

    /** A finished session without a session id (as lines written before ids were). */
    public SessionRecord(OffsetDateTime start, String routine, String device, String profile, Duration played,
                         PlaybackEnding ending, String reason) {
        this(start, routine, device, profile, played, SessionEnding.of(ending), reason, Optional.empty(), Optional.empty());
    }

    /** The record of a finished playback. */
    public static SessionRecord of(OffsetDateTime start, String routine, String device, String profile,
            PlaybackResult result) {
        return new SessionRecord(start, routine, device, profile, result.played(), result.ending(), result.reason());
    }

    /** This session with another ending, time played and reason, seen alive at {@code seen}. */
    public SessionRecord ended(SessionEnding newEnding, Duration newPlayed, String newReason, OffsetDateTime seen) {
        return new SessionRecord(start, routine, device, profile, newPlayed, newEnding, newReason, session,
                Optional.of(seen));
    }

    /**
     * True for a real evening's massage: on a device, not the built-in simulator (a demo or a
     * rehearsal), and completed or played for at least {@link #COUNTS_AFTER}.
     */
    public boolean counts() {
        return !onSimulator() && (ending == SessionEnding.COMPLETED || played.compareTo(COUNTS_AFTER) >= 0);
    }

    /** True when it played on the built-in simulator ({@code sim:}), where no foot was massaged. */
    public boolean onSimulator() {
        return device.regionMatches(true, 0, "sim:", 0, 4);
    }
}
