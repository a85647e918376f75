package dev.solemate.serial.transport;

import java.io.IOException;

/**
 * A byte pipe to a device (a serial port, a TCP socket). Reading happens on the transport's own
 * thread, which hands bytes to a {@link Receiver}; writing happens on the thread that calls
 * {@link #write} (a link's I/O thread, never an application's).
 */
public interface Transport extends AutoCloseable {

    /** How long a write may make no progress before the transport is closed and the write fails. */
    int WRITE_TIMEOUT_MILLIS = 2000;

    /** Where this transport goes, for messages, e.g. {@code /dev/ttyUSB0} or {@code 192.0.2.7:4001}. */
    String describe();

    /** Starts the reading thread; call once. */
    void start(Receiver receiver);

    /**
     * Writes every byte or throws, within {@link #WRITE_TIMEOUT_MILLIS} of no progress (the transport
     * is then closed and the message says the port is stuck); one thread writes (the link's I/O thread).
     */
    void write(byte[] bytes) throws IOException;

    /** Releases the link and ends the reading thread; idempotent, never throws. */
    @Override
    void close();

    /** Gets what the transport reads; called on the transport's reading thread, one call at a time. */
    interface Receiver {

        /** {@code length} bytes arrived in {@code buffer}, which is reused after the call returns. */
        void onBytes(byte[] buffer, int length);

        /** The link is gone (not called after {@link Transport#close()}); {@code reason} says why, for people. */
        void onClosed(String reason);
    }
}
