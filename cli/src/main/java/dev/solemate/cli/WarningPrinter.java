package dev.solemate.cli;

import java.io.PrintWriter;
import java.util.HashSet;
import java.util.Set;

/**
 * Prints the safety warnings of a playback on stderr, each distinct message once. At a demo speed
 * the governor's gradual-rise rule (which runs in real seconds) delays many rises; instead of one
 * warning per rise, that is explained once.
 */
final class WarningPrinter {

    private static final String RISE_RATE = "rise-rate:";

    private final PrintWriter err;
    private final double speed;
    private final Set<String> printed = new HashSet<>();
    private boolean riseRateExplained;

    WarningPrinter(PrintWriter err, double speed) {
        this.err = err;
        this.speed = speed;
    }

    /** Returns true when something was printed (a progress bar then redraws below it). */
    boolean print(String message) {
        if (speed > 1 && message.startsWith(RISE_RATE)) {
            if (riseRateExplained) {
                return false;
            }
            riseRateExplained = true;
            message = "at " + RunCommand.formatSpeed(speed) + "x the safety governor still raises intensity gradually in real"
                    + " seconds, so the device lags some of the routine's rises (at normal speed it follows them exactly)";
            err.println("note: " + message);
            err.flush();
            return true;
        }
        if (!printed.add(message)) {
            return false;
        }
        err.println("warning: " + message);
        err.flush();
        return true;
    }
}
