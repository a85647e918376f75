package dev.solemate.serial.transport;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Gives blocking writes a timeout they do not have by themselves: jSerialComm's write on Linux and a
 * socket's write block until the bytes are taken, with no limit. One daemon thread for all
 * transports looks every 100 ms for a write that has made no progress for its timeout and closes
 * that transport, which makes the write return; the writer then reports the stuck port. It never
 * writes anything itself.
 */
final class StuckWrites {

    /** A transport whose writes are watched. */
    interface Watched {
        /** {@link System#nanoTime()} when the write in progress started, or 0 when none is. */
        long writeStartedAt();

        /** Gives up the stuck write: closes the transport so that it returns. */
        void abortStuckWrite();
    }

    private static final long SCAN_MILLIS = 100;
    private static final Set<Watched> WATCHED = ConcurrentHashMap.newKeySet();
    private static final long TIMEOUT_NANOS = TimeUnit.MILLISECONDS.toNanos(Transport.WRITE_TIMEOUT_MILLIS);
    private static volatile Thread scanner;

    private StuckWrites() {
    }

    static void watch(Watched w) {
        WATCHED.add(w);
        if (scanner == null) {
            startScanner();
        }
    }

    static void unwatch(Watched w) {
        WATCHED.remove(w);
    }

    private static synchronized void startScanner() {
        if (scanner != null) {
            return;
        }
        Thread t = new Thread(StuckWrites::scan, "solemate-stuck-writes");
        t.setDaemon(true);
        scanner = t;
        t.start();
    }

    private static void scan() {
        while (true) {
            try {
                Thread.sleep(SCAN_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
            long now = System.nanoTime();
            for (Watched w : WATCHED) {
                long started = w.writeStartedAt();
                if (started != 0 && now - started > TIMEOUT_NANOS) {
                    WATCHED.remove(w);
                    w.abortStuckWrite();
                }
            }
        }
    }
}
