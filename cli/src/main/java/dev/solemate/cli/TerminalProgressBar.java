package dev.solemate.cli;

import dev.solemate.player.PlaybackEvent;
import dev.solemate.player.PlaybackResult;
import dev.solemate.player.Progress;
import java.io.PrintWriter;

/**
 * A one-line progress bar redrawn in place:
 * {@code [##########..........]  48%  07:02 / 14:30  step 4/9 heel}. Redraws at most ten times a
 * second whatever the playback speed.
 */
final class TerminalProgressBar implements ProgressView {

    private static final int WIDTH = 30;
    private static final long MIN_REDRAW_NANOS = 100_000_000;

    private final PrintWriter out;
    private final WarningPrinter warnings;
    private long lastDraw;
    private String status = "";

    TerminalProgressBar(PrintWriter out, WarningPrinter warnings) {
        this.out = out;
        this.warnings = warnings;
    }

    @Override
    public synchronized void onEvent(PlaybackEvent event) {
        if (event instanceof PlaybackEvent.StepStarted s) {
            draw(s.progress(), true);
        } else if (event instanceof PlaybackEvent.Tick t) {
            draw(t.progress(), false);
        } else if (event instanceof PlaybackEvent.Paused p) {
            status = "  (paused)";
            draw(p.progress(), true);
        } else if (event instanceof PlaybackEvent.Resumed r) {
            status = "";
            draw(r.progress(), true);
        } else if (event instanceof PlaybackEvent.Warning w) {
            out.print("\r\033[2K");
            out.flush();
            if (warnings.print(w.message())) {
                lastDraw = 0;
            }
        }
    }

    private void draw(Progress p, boolean force) {
        long now = System.nanoTime();
        if (!force && now - lastDraw < MIN_REDRAW_NANOS) {
            return;
        }
        lastDraw = now;
        int filled = (int) Math.round(p.fraction() * WIDTH);
        String bar = "#".repeat(filled) + ".".repeat(WIDTH - filled);
        out.printf("\r\033[2K[%s] %3d%%  %s / %s  %s%s", bar, Math.round(p.fraction() * 100),
                Durations.clock(p.elapsed()), Durations.clock(p.total()), ProgressView.stepLabel(p), status);
        out.flush();
    }

    @Override
    public synchronized void finish(PlaybackResult result) {
        out.print("\r\033[2K");
        out.println(RunSummary.describe(result));
        out.flush();
    }
}
