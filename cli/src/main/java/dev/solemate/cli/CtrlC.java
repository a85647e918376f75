package dev.solemate.cli;

import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Catches Ctrl-C (SIGINT) while a device is running so the command can stop the device, say so,
 * and exit with 130 instead of dying mid-command. Uses {@code sun.misc.Signal} (jdk.unsupported),
 * the only way in Java to handle a signal without shutting the JVM down; where it is missing, the
 * library's shutdown hook still stops every open massager.
 */
public final class CtrlC implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CtrlC.class);

    private final AtomicBoolean pressed = new AtomicBoolean();
    private final String name;
    private Object previous;

    public CtrlC(Runnable onPress) {
        this("INT", onPress);
    }

    /**
     * Handles {@code TERM} the same way: a service manager or {@code kill} stopping the program
     * stops the device and lets the command record how the session ended, instead of the JVM
     * going down around it.
     */
    public static CtrlC onTerminate(Runnable onSignal) {
        return new CtrlC("TERM", onSignal);
    }

    @SuppressWarnings("removal")
    private CtrlC(String name, Runnable onPress) {
        this.name = name;
        try {
            sun.misc.Signal signal = new sun.misc.Signal(name);
            previous = sun.misc.Signal.handle(signal, s -> {
                if (pressed.compareAndSet(false, true)) {
                    onPress.run();
                }
            });
        } catch (IllegalArgumentException | LinkageError e) {
            LOG.debug("cannot handle SIG{} here; relying on the shutdown hook", name, e);
        }
    }

    public boolean wasPressed() {
        return pressed.get();
    }

    @Override
    @SuppressWarnings("removal")
    public void close() {
        if (previous instanceof sun.misc.SignalHandler handler) {
            sun.misc.Signal.handle(new sun.misc.Signal(name), handler);
        }
    }
}
