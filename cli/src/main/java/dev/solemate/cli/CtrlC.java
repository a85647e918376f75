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
    private Object previous;

    @SuppressWarnings("removal")
    public CtrlC(Runnable onPress) {
        try {
            sun.misc.Signal signal = new sun.misc.Signal("INT");
            previous = sun.misc.Signal.handle(signal, s -> {
                if (pressed.compareAndSet(false, true)) {
                    onPress.run();
                }
            });
        } catch (IllegalArgumentException | LinkageError e) {
            LOG.debug("cannot handle SIGINT here; relying on the shutdown hook", e);
        }
    }

    public boolean wasPressed() {
        return pressed.get();
    }

    @Override
    @SuppressWarnings("removal")
    public void close() {
        if (previous instanceof sun.misc.SignalHandler handler) {
            sun.misc.Signal.handle(new sun.misc.Signal("INT"), handler);
        }
    }
}
