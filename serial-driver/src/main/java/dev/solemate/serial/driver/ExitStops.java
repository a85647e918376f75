package dev.solemate.serial.driver;

import dev.solemate.serial.transport.JSerialCommTransport;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops every open serial link when the JVM exits (SIGTERM, SIGINT, System.exit, the end of main),
 * before jSerialComm closes the ports: all stops are asked for at once, then one bounded wait. See
 * {@link JSerialCommTransport#beforePortsCloseAtExit} for why this runs from jSerialComm's hook and
 * not from a JVM hook of our own. The core's own exit hook stops every massager too; two stop bytes
 * are harmless, a port closed before the first one is not.
 */
final class ExitStops {

    private static final Logger LOG = LoggerFactory.getLogger(ExitStops.class);
    /** How long the exit waits for boards to confirm; a port that cannot take the byte does not hold the others. */
    static final long WAIT_MILLIS = 500;
    private static final Set<LinkConnection> OPEN = ConcurrentHashMap.newKeySet();
    private static final AtomicBoolean REGISTERED = new AtomicBoolean();

    private ExitStops() {
    }

    /** Stops {@code link} at exit unless it was closed before; registers the hook on first use. */
    static void track(LinkConnection link) {
        if (REGISTERED.compareAndSet(false, true)) {
            JSerialCommTransport.beforePortsCloseAtExit(ExitStops::stopAll);
        }
        OPEN.add(link);
    }

    static void untrack(LinkConnection link) {
        OPEN.remove(link);
    }

    /** Asks every open link to stop at once, then waits once, up to {@link #WAIT_MILLIS}. */
    static void stopAll() {
        List<LinkConnection> links = new ArrayList<>(OPEN);
        List<CompletableFuture<Void>> stops = new ArrayList<>();
        for (LinkConnection link : links) {
            stops.add(link.haltForExit());
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MILLIS);
        for (int i = 0; i < links.size(); i++) {
            try {
                stops.get(i).get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                LOG.warn("{}: the stop at exit is NOT confirmed ({}); the board's watchdog is the last line: {}",
                        links.get(i), e.getCause() == null ? e.toString() : e.getCause().getMessage(),
                        links.get(i).watchdogPromise());
            }
        }
    }
}
