package dev.solemate.cli.output;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A sentence reads the same everywhere; only a service's log gets a timestamp, and journald its priority. */
class VoiceTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-04T20:03:04.567Z"), ZoneOffset.ofHours(1));

    @Test
    void onATerminalASentenceIsPrintedAlone() {
        assertThat(said(Voice.Style.PLAIN)).isEqualTo("Broker back after 12 s; state re-published.\n");
    }

    @Test
    void withoutATerminalEachLineStartsWithTheTimeToTheSecond() {
        assertThat(said(Voice.Style.TIMESTAMPED))
                .isEqualTo("2026-12-04T21:03:04+01:00 Broker back after 12 s; state re-published.\n");
    }

    @Test
    void underSystemdEachLineCarriesItsSyslogPriority() {
        assertThat(said(Voice.Style.JOURNAL))
                .isEqualTo("<6>2026-12-04T21:03:04+01:00 Broker back after 12 s; state re-published.\n");
    }

    @Test
    void theStyleOfALongRunningCommandFollowsItsEnvironment() {
        assertThat(Voice.serviceStyle(Map.of("JOURNAL_STREAM", "8:12345"), false)).isEqualTo(Voice.Style.JOURNAL);
        assertThat(Voice.serviceStyle(Map.of(), false)).isEqualTo(Voice.Style.TIMESTAMPED);
        assertThat(Voice.serviceStyle(Map.of(), true)).isEqualTo(Voice.Style.PLAIN);
    }

    @Test
    void aProgressBarIsClearedBeforeEachLine() {
        StringWriter text = new StringWriter();
        Voice voice = new Voice(new PrintWriter(text), Voice.Style.PLAIN, CLOCK);
        voice.beforeEachLine(() -> text.write("<clear>"));
        voice.warn("Lost the broker.");
        assertThat(text.toString()).isEqualTo("<clear>Lost the broker.\n");
    }

    private static String said(Voice.Style style) {
        StringWriter text = new StringWriter();
        new Voice(new PrintWriter(text), style, CLOCK).say("Broker back after 12 s; state re-published.");
        return text.toString().replace(System.lineSeparator(), "\n");
    }
}
