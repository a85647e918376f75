package dev.solemate.cli.control;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * Switches the controlling terminal to single-key input ({@code stty -icanon -echo}) and back.
 * Uses {@code stty} on {@code /dev/tty} rather than a terminal library; Ctrl-C still interrupts.
 */
final class RawTerminal implements AutoCloseable {

    private final String saved;
    private final Thread restoreAtExit;

    private RawTerminal(String saved) {
        this.saved = saved;
        this.restoreAtExit = new Thread(this::restore, "solemate-tty-restore");
        Runtime.getRuntime().addShutdownHook(restoreAtExit);
    }

    /** Enters single-key mode, or returns null when there is no usable terminal (then use line mode). */
    static RawTerminal enter() {
        if (System.console() == null || "dumb".equals(System.getenv("TERM"))) {
            return null;
        }
        try {
            String saved = stty("-g").strip();
            if (saved.isEmpty()) {
                return null;
            }
            stty("-icanon -echo min 1");
            return new RawTerminal(saved);
        } catch (IOException e) {
            return null;
        }
    }

    @Override
    public void close() {
        restore();
        try {
            Runtime.getRuntime().removeShutdownHook(restoreAtExit);
        } catch (IllegalStateException exiting) {
            // the hook is running or has run
        }
    }

    private void restore() {
        try {
            stty(saved);
        } catch (IOException e) {
            System.err.println("solemate: could not restore the terminal; type 'stty sane' and Enter");
        }
    }

    private static String stty(String args) throws IOException {
        Process p = new ProcessBuilder("sh", "-c", "stty " + args + " < /dev/tty").redirectErrorStream(true).start();
        try {
            if (!p.waitFor(2, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IOException("stty " + args + " failed");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
}
