package dev.solemate.cli.control;

import dev.solemate.Massager;
import dev.solemate.MassagerEvent;
import dev.solemate.MassagerListener;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Single-key control on a terminal in raw mode: {@link KeyControl} on screen, redrawn in place
 * with ANSI cursor movement after every key and every state change the device reports (from the
 * massager's event thread). Leaving it, however, stops the device.
 */
final class KeySession {

    private final Massager massager;
    private final KeyControl control;
    private final PrintWriter out;
    private int drawn;

    KeySession(Massager massager, PrintWriter out) {
        this.massager = massager;
        this.control = new KeyControl(massager);
        this.out = out;
    }

    void run(InputStream keys) throws IOException {
        MassagerListener redraw = event -> {
            if (event instanceof MassagerEvent.StateChanged || event instanceof MassagerEvent.Disconnected) {
                draw();
            }
        };
        massager.addListener(redraw);
        try {
            draw();
            int[] digit = new int[1];
            while (control.press(Key.read(keys, digit), digit[0])) {
                draw();
            }
        } finally {
            massager.removeListener(redraw);
            boolean confirmed = false;
            try {
                massager.stop().get(5, TimeUnit.SECONDS);
                confirmed = true;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception e) {
                confirmed = false;
            }
            draw();
            if (confirmed) {
                out.println("Stopped the device. Bye.");
            } else {
                String words = dev.solemate.cli.DeviceFacts.notConfirmed(massager.watchdog());
                out.println(Character.toUpperCase(words.charAt(0)) + words.substring(1) + ". Bye.");
            }
            out.flush();
        }
    }

    private synchronized void draw() {
        List<String> lines = control.screen();
        StringBuilder sb = new StringBuilder();
        if (drawn > 0) {
            sb.append("\033[").append(drawn).append('A');
        }
        for (String line : lines) {
            sb.append('\r').append("\033[2K").append(line).append('\n');
        }
        drawn = lines.size();
        out.print(sb);
        out.flush();
    }
}
