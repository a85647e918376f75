package dev.solemate.cli;

import dev.solemate.player.PlaybackEvent;
import dev.solemate.player.Progress;
import java.io.PrintWriter;
import java.time.Duration;

/**
 * A one-line progress bar redrawn in place, fitted to the terminal's width and redrawn when the
 * terminal is resized: {@code [##########..........]  48%  07:02 / 14:30  step 4/9 heel}. Redraws at
 * most ten times a second whatever the playback speed.
 */
final class TerminalProgressBar implements ProgressView {

    private static final int MAX_BAR = 30;
    private static final int MIN_BAR = 10;
    private static final long MIN_REDRAW_NANOS = 100_000_000;

    private final PrintWriter out;
    private final WarningPrinter warnings;
    private volatile int columns;
    private long lastDraw;
    private String status = "";
    private Progress last;

    TerminalProgressBar(PrintWriter out, WarningPrinter warnings, int columns) {
        this.out = out;
        this.warnings = warnings;
        this.columns = columns;
    }

    @Override
    public synchronized void onEvent(PlaybackEvent event) {
        if (event instanceof PlaybackEvent.StepStarted s) {
            draw(s.progress(), true);
        } else if (event instanceof PlaybackEvent.Tick t) {
            draw(t.progress(), false);
        } else if (event instanceof PlaybackEvent.Paused p) {
            status = " (paused)";
            draw(p.progress(), true);
        } else if (event instanceof PlaybackEvent.Resumed r) {
            status = "";
            draw(r.progress(), true);
        } else if (event instanceof PlaybackEvent.Warning w) {
            clearLine();
            if (warnings.print(w.message()) && last != null) {
                draw(last, true);
            }
        }
    }

    @Override
    public synchronized void clearLine() {
        out.print("\r\033[2K");
        out.flush();
        lastDraw = 0;
    }

    @Override
    public synchronized void resized(int newColumns) {
        columns = newColumns;
        if (last != null) {
            draw(last, true);
        }
    }

    private void draw(Progress p, boolean force) {
        last = p;
        long now = System.nanoTime();
        if (!force && lastDraw != 0 && now - lastDraw < MIN_REDRAW_NANOS) {
            return;
        }
        lastDraw = now;
        out.print("\r\033[2K" + line(p.fraction(), p.elapsed(), p.total(), ProgressView.stepLabel(p) + status, columns));
        out.flush();
    }

    /**
     * The bar's line for a terminal {@code columns} wide: never more than {@code columns - 1}
     * characters (a line that reaches the last column wraps on some terminals, and then every
     * redraw would start a new line). The bar shrinks first, then disappears, then the step's
     * name is shortened.
     */
    static String line(double fraction, Duration elapsed, Duration total, String step, int columns) {
        int room = Math.max(1, columns - 1);
        String numbers = String.format("%3d%%  %s / %s", Math.round(fraction * 100), Durations.clock(elapsed),
                Durations.clock(total));
        String text = numbers + "  " + step;
        int barWidth = Math.min(MAX_BAR, room - text.length() - 3);
        if (barWidth >= MIN_BAR) {
            int filled = (int) Math.round(fraction * barWidth);
            return "[" + "#".repeat(filled) + ".".repeat(barWidth - filled) + "] " + text;
        }
        if (text.length() <= room) {
            return text;
        }
        return room <= 1 ? text.substring(0, room) : text.substring(0, room - 1) + "…";
    }

    @Override
    public synchronized void finish(String summary) {
        out.print("\r\033[2K");
        out.println(summary);
        out.flush();
    }
}
