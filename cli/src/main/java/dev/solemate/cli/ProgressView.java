package dev.solemate.cli;

import dev.solemate.player.PlaybackEvent;
import dev.solemate.player.PlaybackListener;

/**
 * Shows a playing routine to a person: a live progress bar on a terminal, one plain line per step
 * otherwise (pipes, logs, tests). Events arrive on the player's timeline thread; the other methods
 * may be called from any thread.
 */
interface ProgressView extends PlaybackListener {

    /** Prints the last line once playback has ended. */
    void finish(String summary);

    /** Makes room for a line printed by someone else (the bar is redrawn below it). */
    default void clearLine() {
    }

    /** The terminal is now {@code columns} wide. */
    default void resized(int columns) {
    }

    static ProgressView forOutput(java.io.PrintWriter out, WarningPrinter warnings, boolean terminal) {
        return terminal ? new TerminalProgressBar(out, warnings, dev.solemate.cli.output.Terminal.width())
                : new PlainProgressLog(out, warnings);
    }

    /** Steps are numbered from 1 for people. */
    static String stepLabel(dev.solemate.player.Progress p) {
        return "step " + (p.step().index() + 1) + "/" + p.stepCount() + " " + p.step().name();
    }

    @Override
    void onEvent(PlaybackEvent event);
}
