package dev.solemate.cli.history;

import static dev.solemate.cli.history.SessionLogTest.session;
import static org.assertj.core.api.Assertions.assertThat;

import dev.solemate.player.PlaybackEnding;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EveningsTest {

    @Test
    void aSessionAfterMidnightBelongsToTheEveningBeforeUntilFourInTheMorning() {
        assertThat(Evenings.eveningOf(OffsetDateTime.parse("2026-11-25T00:30:00+01:00"))).isEqualTo("2026-11-24");
        assertThat(Evenings.eveningOf(OffsetDateTime.parse("2026-11-25T03:59:59+01:00"))).isEqualTo("2026-11-24");
        assertThat(Evenings.eveningOf(OffsetDateTime.parse("2026-11-25T04:00:00+01:00"))).isEqualTo("2026-11-25");
        assertThat(Evenings.eveningOf(OffsetDateTime.parse("2026-11-25T23:59:00+01:00"))).isEqualTo("2026-11-25");
    }

    @Test
    void theStreakCountsBackFromLastNightWhileTonightHasNoSessionYet() {
        List<SessionRecord> sessions = List.of(
                session("2026-11-20T21:00:00+01:00", "bedtime", 900, PlaybackEnding.COMPLETED),
                session("2026-11-22T21:00:00+01:00", "bedtime", 900, PlaybackEnding.COMPLETED),
                session("2026-11-24T00:40:00+01:00", "bedtime", 300, PlaybackEnding.STOPPED),
                session("2026-11-24T22:00:00+01:00", "bedtime", 900, PlaybackEnding.COMPLETED));

        Evenings.Streak streak = Evenings.streak(sessions, LocalDate.parse("2026-11-25"));

        assertThat(streak).isEqualTo(new Evenings.Streak(3, Optional.of(LocalDate.parse("2026-11-22")), false));
    }

    @Test
    void aRehearsalOnTheSimulatorKeepsNoStreakAlive() {
        List<SessionRecord> sessions = List.of(
                session("2026-11-24T21:00:00+01:00", "bedtime", 900, PlaybackEnding.COMPLETED),
                session("2026-11-25T21:00:00+01:00", "bedtime", 900, PlaybackEnding.COMPLETED, "sim:?speed=60"),
                session("2026-11-25T21:30:00+01:00", "bedtime", 900, PlaybackEnding.COMPLETED, "SIM:"));

        assertThat(Evenings.streak(sessions, LocalDate.parse("2026-11-25")))
                .isEqualTo(new Evenings.Streak(1, Optional.of(LocalDate.parse("2026-11-24")), false));
    }

    @Test
    void tonightsSessionExtendsTheStreak() {
        List<SessionRecord> sessions = List.of(
                session("2026-11-24T21:00:00+01:00", "bedtime", 900, PlaybackEnding.COMPLETED),
                session("2026-11-25T21:00:00+01:00", "bedtime", 900, PlaybackEnding.COMPLETED));

        assertThat(Evenings.streak(sessions, LocalDate.parse("2026-11-25")))
                .isEqualTo(new Evenings.Streak(2, Optional.of(LocalDate.parse("2026-11-24")), true));
    }

    @Test
    void aSessionStoppedWithinAMinuteDoesNotCount() {
        List<SessionRecord> sessions = List.of(
                session("2026-11-24T21:00:00+01:00", "bedtime", 59, PlaybackEnding.STOPPED),
                session("2026-11-24T21:02:00+01:00", "bedtime", 10, PlaybackEnding.FAILED));

        assertThat(Evenings.streak(sessions, LocalDate.parse("2026-11-25")).evenings()).isZero();
    }

    @Test
    void aMissedEveningEndsTheStreak() {
        List<SessionRecord> sessions = List.of(
                session("2026-11-22T21:00:00+01:00", "bedtime", 900, PlaybackEnding.COMPLETED));

        assertThat(Evenings.streak(sessions, LocalDate.parse("2026-11-25")))
                .isEqualTo(new Evenings.Streak(0, Optional.empty(), false));
    }
}
