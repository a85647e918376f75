package dev.solemate.serial.protocol;

/**
 * Cuts frames from a byte stream that arrives in arbitrary pieces. Stateful: one instance per
 * stream, fed from one thread. Never throws on bad input and never holds more than its maximum
 * frame length: past it, it discards until the next frame boundary and carries on.
 */
public interface FrameDecoder {

    /** Feeds {@code length} bytes; complete frames go to the sink before this returns. */
    void feed(byte[] bytes, int offset, int length, FrameSink sink);

    /** Forgets any partial frame, e.g. after a real-time stop flushed the input. */
    void reset();

    /** Bytes held for a partial frame right now: at most the maximum frame length plus one (a trailing delimiter byte). */
    int buffered();
}
