package dev.solemate.serial.conformance;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Closes a test's port and device off the test thread. jSerialComm takes about 0.4 s to close a port
 * and the device as much again, which would double the suite's run time; the next test uses a new
 * device on a new port, so nothing waits for the old ones except {@link #awaitAll()} at the end of a
 * class (no device or socat outlives the class that started it).
 */
final class Closer {

    private static final List<CompletableFuture<Void>> PENDING = new ArrayList<>();

    private Closer() {
    }

    static synchronized void close(AutoCloseable... resources) {
        PENDING.add(CompletableFuture.runAsync(() -> {
            for (AutoCloseable r : resources) {
                if (r != null) {
                    try {
                        r.close();
                    } catch (Exception e) {
                        // best effort: the next test does not depend on it
                    }
                }
            }
        }));
    }

    static void awaitAll() throws InterruptedException {
        List<CompletableFuture<Void>> all;
        synchronized (Closer.class) {
            all = new ArrayList<>(PENDING);
            PENDING.clear();
        }
        try {
            CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("devices under test did not close within 30 s", e);
        }
    }
}
