package dev.solemate.cli.output;

import java.io.PrintWriter;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the command itself says about events as they happen (a lost link, a broker back), one
 * plain sentence a line, in the same words whoever reads it:
 *
 * <ul>
 *   <li>{@link Style#PLAIN} on a terminal: the sentence alone;</li>
 *   <li>{@link Style#TIMESTAMPED} for a long-running command whose output is not a terminal (a log
 *       file, a service manager): {@code 2026-12-04T21:03:04+01:00 broker back after 12 s; ...};</li>
 *   <li>{@link Style#JOURNAL} under systemd ({@code JOURNAL_STREAM} set): the same, prefixed with the
 *       syslog priority journald reads ({@code <4>} for a warning, {@code <6>} for news).</li>
 * </ul>
 *
 * Every sentence is also recorded under the {@value Logging#VOICE_LOGGER} logger, so a
 * {@code --log-file} holds them between the details. Thread-safe: events arrive on library threads.
 */
public final class Voice {

    /** How each line looks. */
    public enum Style { PLAIN, TIMESTAMPED, JOURNAL }

    private static final Logger LOG = LoggerFactory.getLogger(Logging.VOICE_LOGGER);
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ISO_OFFSET_DATE_TIME;

    private final PrintWriter out;
    private final Style style;
    private final Clock clock;
    private volatile Runnable beforeLine = () -> { };

    public Voice(PrintWriter out, Style style, Clock clock) {
        this.out = Objects.requireNonNull(out, "out");
        this.style = Objects.requireNonNull(style, "style");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** A voice for a command that runs until stopped: timestamps when nobody watches a terminal. */
    public static Voice forService(PrintWriter out) {
        return new Voice(out, serviceStyle(System.getenv(), Terminal.isInteractive()), Clock.systemDefaultZone());
    }

    /** A voice for a command a person runs and watches: plain sentences. */
    public static Voice plain(PrintWriter out) {
        return new Voice(out, Style.PLAIN, Clock.systemDefaultZone());
    }

    /** The style for a long-running command in this environment. */
    public static Style serviceStyle(Map<String, String> env, boolean interactive) {
        if (env.get("JOURNAL_STREAM") != null && !env.get("JOURNAL_STREAM").isBlank()) {
            return Style.JOURNAL;
        }
        return interactive ? Style.PLAIN : Style.TIMESTAMPED;
    }

    public Style style() {
        return style;
    }

    /** Runs before every line, e.g. to clear a progress bar drawn on the same terminal. */
    public void beforeEachLine(Runnable action) {
        this.beforeLine = Objects.requireNonNull(action, "action");
    }

    /** News: something started, came back, ended as expected. */
    public void say(String sentence) {
        LOG.info(sentence);
        print(6, sentence);
    }

    /** Something went wrong that the user should know about (and what is known about the device). */
    public void warn(String sentence) {
        LOG.warn(sentence);
        print(4, sentence);
    }

    /** The line as this voice writes it, without printing it. */
    public String format(int priority, String sentence) {
        return switch (style) {
            case PLAIN -> sentence;
            case TIMESTAMPED -> now() + " " + sentence;
            case JOURNAL -> "<" + priority + ">" + now() + " " + sentence;
        };
    }

    private String now() {
        return OffsetDateTime.now(clock).truncatedTo(ChronoUnit.SECONDS).format(WHEN);
    }

    private synchronized void print(int priority, String sentence) {
        beforeLine.run();
        out.println(format(priority, sentence));
        out.flush();
    }
}
