package dev.solemate.cli;

import dev.solemate.player.PlaybackEvent;
import dev.solemate.player.PlaybackListener;
import dev.solemate.player.PlaybackResult;

/**
 * Shows a playing routine to a person: a live progress bar on a terminal, one plain line per step
 * otherwise (pipes, logs, tests). Events arrive on the player's timeline thread.
 */
interface ProgressView extends PlaybackListener {

    /** Prints the outcome once playback has ended. */
    void finish(PlaybackResult result);

    static ProgressView forOutput(java.io.PrintWriter out, WarningPrinter warnings, boolean terminal) {
        return terminal ? new TerminalProgressBar(out, warnings) : new PlainProgressLog(out, warnings);
    }

    /** Steps are numbered from 1 for people. */
    static String stepLabel(dev.solemate.player.Progress p) {
        return "step " + (p.step().index() + 1) + "/" + p.stepCount() + " " + p.step().name();
    }

    @Override
    void onEvent(PlaybackEvent event);
}
