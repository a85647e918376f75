package dev.solemate.cli.output;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Facts about the terminal the command runs on: whether a person is watching, and how wide it is
 * (from {@code stty size} on {@code /dev/tty}, else {@code $COLUMNS}, else 80), kept up to date on
 * a resize ({@code SIGWINCH}) so a progress bar can redraw to the new width.
 */
public final class Terminal {

    /** The width assumed when nothing says otherwise. */
    public static final int DEFAULT_WIDTH = 80;

    private static final Logger LOG = LoggerFactory.getLogger(Terminal.class);

    private Terminal() {
    }

    /** True when the standard input and output are a terminal (a person is watching). */
    public static boolean isInteractive() {
        return System.console() != null;
    }

    /** The terminal's width in columns now. */
    public static int width() {
        return width(stty(), System.getenv());
    }

    /** The width from {@code stty size}'s answer ("rows cols") or else the environment. */
    static int width(OptionalInt fromStty, Map<String, String> env) {
        if (fromStty.isPresent() && fromStty.getAsInt() > 0) {
            return fromStty.getAsInt();
        }
        String columns = env.get("COLUMNS");
        if (columns != null) {
            try {
                int c = Integer.parseInt(columns.strip());
                if (c > 0) {
                    return c;
                }
            } catch (NumberFormatException ignored) {
                // not a number: the default below
            }
        }
        return DEFAULT_WIDTH;
    }

    /** The columns {@code stty size} reports for the controlling terminal, if there is one. */
    static OptionalInt stty() {
        try {
            Process p = new ProcessBuilder("sh", "-c", "stty size < /dev/tty").redirectErrorStream(false).start();
            if (!p.waitFor(1, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                return OptionalInt.empty();
            }
            return parseSize(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            return OptionalInt.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return OptionalInt.empty();
        }
    }

    static OptionalInt parseSize(String answer) {
        String[] parts = answer.strip().split("\\s+");
        if (parts.length != 2) {
            return OptionalInt.empty();
        }
        try {
            return OptionalInt.of(Integer.parseInt(parts[1]));
        } catch (NumberFormatException e) {
            return OptionalInt.empty();
        }
    }

    /**
     * Calls {@code onResize} with the new width whenever the terminal is resized, on the JVM's
     * signal thread, until the returned handle is closed. Does nothing where SIGWINCH cannot be
     * handled (then the width stays as first measured).
     */
    @SuppressWarnings("removal")
    public static AutoCloseable onResize(IntConsumer onResize) {
        try {
            sun.misc.Signal winch = new sun.misc.Signal("WINCH");
            sun.misc.SignalHandler previous = sun.misc.Signal.handle(winch, s -> onResize.accept(width()));
            return () -> sun.misc.Signal.handle(winch, previous);
        } catch (IllegalArgumentException | LinkageError e) {
            LOG.debug("cannot follow terminal resizes here", e);
            return () -> { };
        }
    }
}
