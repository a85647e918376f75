package dev.solemate.bench.serial;

import dev.solemate.serial.transport.JSerialCommTransport;
import dev.solemate.serial.transport.SerialSettings;
import dev.solemate.serial.transport.Transport;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The baseline without the library's protocol: the far end of the pty echoes every byte it reads
 * straight back (optionally pacing its reads to a line speed), through the same transport class.
 */
final class RawEcho implements AutoCloseable {

    private final Transport port;
    final AtomicLong bytes = new AtomicLong();

    RawEcho(String path, boolean echo, int paceBaud) {
        port = JSerialCommTransport.open(SerialSettings.of(path, 115200), () -> "");
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
                if (echo) {
                    try {
                        port.write(java.util.Arrays.copyOf(buffer, length));
                    } catch (IOException e) {
                        throw new IllegalStateException(e);
                    }
                }
            }

            @Override
            public void onClosed(String reason) {
            }
        });
    }

    @Override
    public void close() {
        port.close();
    }
}
