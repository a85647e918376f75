package dev.solemate.cli;

import dev.solemate.player.PlaybackEvent;
import java.io.PrintWriter;

/** One line per step and per change of state, for output that is not a terminal. */
final class PlainProgressLog implements ProgressView {

    private final PrintWriter out;
    private final WarningPrinter warnings;

    PlainProgressLog(PrintWriter out, WarningPrinter warnings) {
        this.out = out;
        this.warnings = warnings;
    }

    @Override
    public void onEvent(PlaybackEvent event) {
        if (event instanceof PlaybackEvent.StepStarted s) {
            out.printf("[%s] %s%n", Durations.clock(s.progress().elapsed()), ProgressView.stepLabel(s.progress()));
        } else if (event instanceof PlaybackEvent.Paused p) {
            out.printf("[%s] paused%n", Durations.clock(p.progress().elapsed()));
        } else if (event instanceof PlaybackEvent.Resumed r) {
            out.printf("[%s] resumed%n", Durations.clock(r.progress().elapsed()));
        } else if (event instanceof PlaybackEvent.Warning w) {
            warnings.print(w.message());
        }
        out.flush();
    }

    @Override
    public void finish(String summary) {
        out.println(summary);
        out.flush();
    }
}
