package dev.solemate.cli.history;

import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.Collection;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Evenings and streaks. An evening is a local calendar date; a session that starts after midnight
 * but before {@link #ROLLOVER} (04:00) belongs to the evening before, so a massage at 00:30 keeps
 * yesterday's streak alive instead of starting a new day. Times are taken in the offset the session
 * was recorded with: the evening is the one the person lived.
 */
public final class Evenings {

    /** Sessions before this local time count for the previous evening. */
    public static final LocalTime ROLLOVER = LocalTime.of(4, 0);

    private Evenings() {
    }

    /** The evening a moment belongs to. */
    public static LocalDate eveningOf(OffsetDateTime at) {
        return at.toLocalDateTime().minusHours(ROLLOVER.getHour()).minusMinutes(ROLLOVER.getMinute()).toLocalDate();
    }

    /** The evening it is now, or the last one that has begun, in {@code zone}. */
    public static LocalDate currentEvening(java.time.Instant now, ZoneId zone) {
        return eveningOf(now.atZone(zone).toOffsetDateTime());
    }

    /**
     * The current streak: consecutive evenings with a counting session, ending tonight or, while
     * tonight has no session yet, last night (so the streak is not lost before bedtime).
     *
     * @param sessions every session on record
     * @param tonight  the current evening
     */
    public static Streak streak(Collection<SessionRecord> sessions, LocalDate tonight) {
        Set<LocalDate> evenings = new TreeSet<>();
        for (SessionRecord session : sessions) {
            if (session.counts()) {
                evenings.add(eveningOf(session.start()));
            }
        }
        boolean doneTonight = evenings.contains(tonight);
        LocalDate day = doneTonight ? tonight : tonight.minusDays(1);
        int count = 0;
        while (evenings.contains(day)) {
            count++;
            day = day.minusDays(1);
        }
        return new Streak(count, count == 0 ? Optional.empty() : Optional.of(day.plusDays(1)), doneTonight);
    }

    /**
     * A run of consecutive evenings with a session.
     *
     * @param evenings  how many evenings in a row (0 when none)
     * @param since     the first evening of the run
     * @param tonight   whether tonight already has a session
     */
    public record Streak(int evenings, Optional<LocalDate> since, boolean tonight) {
    }
}
