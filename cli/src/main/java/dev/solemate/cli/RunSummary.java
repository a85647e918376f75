package dev.solemate.cli;

import dev.solemate.player.PlaybackResult;

/** The last line of {@code solemate run}: how the routine ended, and that the device is at zero. */
final class RunSummary {

    private RunSummary() {
    }

    static String describe(PlaybackResult result) {
        return switch (result.ending()) {
            case COMPLETED -> "Finished after " + Durations.clock(result.played()) + "; the device is at zero.";
            case STOPPED -> "Stopped after " + Durations.clock(result.played()) + " (" + result.reason()
                    + "); the device is at zero.";
            case FAILED -> "Ended after " + Durations.clock(result.played()) + ": " + result.reason()
                    + "; the device was stopped.";
            case TERMINATED -> "Terminated after " + Durations.clock(result.played()) + " (" + result.reason()
                    + "); the device was stopped.";
        };
    }
}
