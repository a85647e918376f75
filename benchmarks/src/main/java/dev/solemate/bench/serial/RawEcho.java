package dev.solemate.bench.serial;

import dev.solemate.serial.transport.JSerialCommTransport;
import dev.solemate.serial.transport.SerialSettings;
import dev.solemate.serial.transport.Transport;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The baseline without the library's protocol: the far end of the pty echoes every byte it reads
 * straight back (optionally pacing its reads to a line speed), through the same transport class.
 *
 * <p>{@link Echo#INLINE} writes the echo from the reading thread: the fastest echo of one line at a
 * time. {@link Echo#QUEUED} hands it to a writer thread so that reading goes on while a write blocks,
 * as the emulator's main loop does: a stream written back to back otherwise deadlocks (the reader
 * blocks writing its echo, socat blocks writing to the reader, the host blocks writing to socat).
 */
final class RawEcho implements AutoCloseable {

    /** What the far end does with the bytes it reads. */
    enum Echo { NONE, INLINE, QUEUED }

    private final Transport port;
    private final java.util.concurrent.ExecutorService writer;
    final AtomicLong bytes = new AtomicLong();

    RawEcho(String path, Echo echo, int paceBaud) {
        port = JSerialCommTransport.open(SerialSettings.of(path, 115200), () -> "");
        writer = echo == Echo.QUEUED ? java.util.concurrent.Executors.newSingleThreadExecutor() : null;
        long nanosPerByte = paceBaud > 0 ? 10L * 1_000_000_000L / paceBaud : 0;
        long[] next = {0};
        port.start(new Transport.Receiver() {
            @Override
            public void onBytes(byte[] buffer, int length) {
                if (nanosPerByte > 0) {
                    long now = System.nanoTime();
                    next[0] = Math.max(next[0], now) + nanosPerByte * length;
                    java.util.concurrent.locks.LockSupport.parkNanos(next[0] - now);
                }
                bytes.addAndGet(length);
                if (echo == Echo.NONE) {
                    return;
                }
                byte[] copy = java.util.Arrays.copyOf(buffer, length);
                Runnable write = () -> {
                    try {
                        port.write(copy);
                    } catch (IOException e) {
                        throw new IllegalStateException(e);
                    }
                };
                if (writer != null) {
                    writer.execute(write);
                } else {
                    write.run();
                }
            }

            @Override
            public void onClosed(String reason) {
            }
        });
    }

    @Override
    public void close() {
        if (writer != null) {
            writer.shutdownNow();
        }
        port.close();
    }
}
