package dev.solemate;

import dev.solemate.driver.DeviceConnection;
import dev.solemate.driver.DeviceUri;
import dev.solemate.driver.DriverContext;
import dev.solemate.driver.MassagerDriver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens massagers by URI, choosing the driver by scheme from the drivers on the class path
 * ({@link ServiceLoader}), like {@code DriverManager} but loud about drivers that fail to load.
 *
 * <pre>{@code
 * try (Massager m = Massagers.open("sim:?profile=shiatsu-4zone")) {
 *     m.setZone(Zone.ARCH, Technique.KNEAD, Intensity.of(40)).join();
 * }
 * }</pre>
 *
 * Every massager still open when the JVM exits is stopped by a shutdown hook: every stop goes out
 * at once, then one bounded wait for all, and only then are the links closed ({@link #stopOnExit}).
 * {@code kill -9} runs no hook: then each device's own watchdog is the last line.
 */
public final class Massagers {

    private static final Logger LOG = LoggerFactory.getLogger(Massagers.class);
    private static final Set<Massager> OPEN = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(Massagers::stopAllOnExit, "solemate-shutdown"));
    }

    private Massagers() {
    }

    /** Opens a device with default safety limits on the real clock. */
    public static Massager open(String uri) {
        return open(uri, MassagerOptions.defaults());
    }

    /**
     * Opens a device.
     *
     * @throws IllegalArgumentException when the URI is malformed or no driver handles its scheme
     *     (the message lists the installed schemes)
     * @throws MassagerException        when the driver cannot open the device
     */
    public static Massager open(String uri, MassagerOptions options) {
        DeviceUri parsed = DeviceUri.parse(uri);
        return open(driverFor(parsed.scheme()), parsed, options);
    }

    /**
     * Opens a device with a driver the caller already looked up (with {@link #driverFor}), so that
     * opening thousands of devices (an MQTT bridge) does not scan the class path for drivers each time.
     *
     * @throws IllegalArgumentException when the URI is malformed or the driver does not handle its scheme
     * @throws MassagerException        when the driver cannot open the device
     */
    public static Massager open(MassagerDriver driver, String uri, MassagerOptions options) {
        DeviceUri parsed = DeviceUri.parse(uri);
        if (!driver.schemes().contains(parsed.scheme())) {
            throw new IllegalArgumentException("driver " + driver.getClass().getSimpleName() + " does not open '"
                    + parsed.scheme() + ":' URIs (it opens: " + String.join(", ", driver.schemes()) + ")");
        }
        return open(driver, parsed, options);
    }

    private static Massager open(MassagerDriver driver, DeviceUri parsed, MassagerOptions options) {
        DeviceConnection connection = driver.connect(parsed, new DriverContext(options.timeline()));
        Massager[] holder = new Massager[1];
        Massager massager = new Massager(parsed, connection, options, () -> OPEN.remove(holder[0]));
        holder[0] = massager;
        OPEN.add(massager);
        return massager;
    }

    /** The driver for a scheme. @throws IllegalArgumentException listing the installed schemes */
    public static MassagerDriver driverFor(String scheme) {
        Map<String, MassagerDriver> drivers = drivers();
        MassagerDriver driver = drivers.get(scheme.toLowerCase(java.util.Locale.ROOT));
        if (driver == null) {
            throw new IllegalArgumentException("no driver for scheme '" + scheme + ":' (installed: "
                    + String.join(", ", drivers.keySet().stream().map(s -> s + ":").toList())
                    + "; add a driver jar to the class path for others)");
        }
        return driver;
    }

    /**
     * Every installed driver by scheme; the first driver found for a scheme wins. A driver that
     * fails to load is logged with the reason, not silently dropped.
     */
    public static Map<String, MassagerDriver> drivers() {
        Map<String, MassagerDriver> result = new LinkedHashMap<>();
        ServiceLoader<MassagerDriver> loader = ServiceLoader.load(MassagerDriver.class, classLoader());
        var iterator = loader.iterator();
        while (true) {
            try {
                if (!iterator.hasNext()) {
                    break;
                }
                MassagerDriver driver = iterator.next();
                for (String scheme : driver.schemes()) {
                    result.putIfAbsent(scheme, driver);
                }
            } catch (ServiceConfigurationError e) {
                LOG.error("a massager driver failed to load and is not available: {}", e.getMessage(), e);
            }
        }
        return Collections.unmodifiableMap(result);
    }

    private static ClassLoader classLoader() {
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        return context != null ? context : Massagers.class.getClassLoader();
    }

    /** The shutdown hook's work; package-private so that a test can run it on chosen massagers. */
    static void stopAllOnExit() {
        stopOnExit(new ArrayList<>(OPEN));
    }

    /** How long the exit waits, in all, for every device to confirm its stop; and then for every link to close. */
    static final Duration EXIT_WAIT = Duration.ofSeconds(1);
    /** How much longer the exit waits for the routines it ended to report their end to their listeners. */
    static final Duration FINISH_WAIT = Duration.ofMillis(500);

    /**
     * Stops every massager at once, then waits once for all of them, then closes them all:
     * <ol>
     *   <li>every stop goes out before the first wait, so 100 devices are stopped in the time of
     *       one, and one device that does not answer delays no other's stop;</li>
     *   <li>one wait, bounded by {@link #EXIT_WAIT} in all, for the devices to confirm, then (at
     *       most {@link #FINISH_WAIT} more) for the ended routines to report {@code Finished} to
     *       their listeners;</li>
     *   <li>only then is any link closed (each on its own thread, bounded again), so no transport
     *       goes away under a stop still on its way.</li>
     * </ol>
     * Each massager refuses every command but stop from step 1 on, and the routine playing on it
     * ends as {@link dev.solemate.player.PlaybackEnding#TERMINATED}.
     *
     * @return how many devices confirmed their stop within the wait
     */
    static int stopOnExit(List<Massager> open) {
        List<CompletableFuture<Void>> stops = new ArrayList<>(open.size());
        List<dev.solemate.player.Playback> playing = new ArrayList<>();
        for (Massager massager : open) {
            massager.playback().ifPresent(playing::add);
            try {
                stops.add(massager.haltForExit("the JVM is shutting down"));
            } catch (RuntimeException e) {
                LOG.warn("could not stop {} at exit: {}", massager, e.toString());
                stops.add(CompletableFuture.failedFuture(e));
            }
        }
        long deadline = System.nanoTime() + EXIT_WAIT.toNanos();
        int confirmed = 0;
        for (int i = 0; i < stops.size(); i++) {
            try {
                stops.get(i).get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                confirmed++;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (ExecutionException | TimeoutException e) {
                LOG.warn("could not confirm the stop of {} at exit: {}", open.get(i), e instanceof ExecutionException
                        ? e.getCause().toString() : "no answer within " + EXIT_WAIT.toMillis() + " ms");
            }
        }
        // The ended routines report Finished (TERMINATED) to their listeners once the stops are
        // confirmed, before their completion completes: a listener that records the session (the
        // CLI's history) gets to do it before the links close and the JVM goes.
        long finishBy = deadline + FINISH_WAIT.toNanos();
        for (dev.solemate.player.Playback p : playing) {
            try {
                p.completion().get(Math.max(0, finishBy - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (ExecutionException | TimeoutException e) {
                LOG.debug("routine {} did not report its end at exit: {}", p, e.toString());
            }
        }
        closeAll(open);
        return confirmed;
    }

    /** Closes every massager, each on its own thread, waiting for them all up to {@link #EXIT_WAIT} once more. */
    private static void closeAll(List<Massager> open) {
        if (open.size() == 1) {
            closeQuietly(open.get(0));
            return;
        }
        List<Thread> closers = new ArrayList<>(open.size());
        for (Massager massager : open) {
            Thread t = new Thread(() -> closeQuietly(massager), "solemate-exit-close");
            t.setDaemon(true);
            t.start();
            closers.add(t);
        }
        long deadline = System.nanoTime() + EXIT_WAIT.toNanos();
        for (Thread t : closers) {
            try {
                long left = deadline - System.nanoTime();
                if (left > 0) {
                    t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static void closeQuietly(Massager massager) {
        try {
            massager.close();
        } catch (RuntimeException e) {
            LOG.warn("could not close {} at exit: {}", massager, e.toString());
        }
    }
}
