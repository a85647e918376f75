package dev.solemate.cli;

import java.io.PrintWriter;
import java.util.HashSet;
import java.util.Set;

/**
 * Prints the safety warnings of a playback on stderr, each distinct message once. At a demo speed
 * on a real device the governor's gradual-rise rule (which runs in real seconds) delays many rises;
 * instead of one warning per rise, that is explained once, in a short line. On the simulator the
 * rule follows the routine's clock, so this never comes up there.
 */
final class WarningPrinter {

    private static final String RISE_RATE = "rise-rate:";

    private final PrintWriter err;
    private final double speed;
    private final boolean riseFollowsRoutine;
    private final Set<String> printed = new HashSet<>();
    private boolean riseRateExplained;

    /**
     * @param speed              how much faster than real time the device is driven
     * @param riseFollowsRoutine the device is a simulator whose governor runs on the routine's clock
     */
    WarningPrinter(PrintWriter err, double speed, boolean riseFollowsRoutine) {
        this.err = err;
        this.speed = speed;
        this.riseFollowsRoutine = riseFollowsRoutine;
    }

    /** Returns true when something was printed (a progress bar then redraws below it). */
    boolean print(String message) {
        if (riseFollowsRoutine && message.startsWith(RISE_RATE)) {
            // On a fast simulator the rule runs on the routine's clock; a rise held back there is a
            // scheduling delay of a millisecond or two, not something the routine asked for.
            return false;
        }
        if (speed > 1 && message.startsWith(RISE_RATE)) {
            if (riseRateExplained) {
                return false;
            }
            riseRateExplained = true;
            message = "at " + RunCommand.formatSpeed(speed) + "x the device still rises gradually in real seconds,"
                    + " so it lags some rises";
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
