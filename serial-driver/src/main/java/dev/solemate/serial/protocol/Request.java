package dev.solemate.serial.protocol;

import java.util.Objects;

/**
 * One host request: a sequence number and an operation. A sequence number of {@link #TYPED} means the
 * line was typed by a person without one (text dialect only); such requests are never deduplicated.
 */
public record Request(int seq, Operation operation) {

    /** The sequence number of a request typed without one. */
    public static final int TYPED = -1;

    public Request {
        Objects.requireNonNull(operation, "operation");
        if (seq < TYPED) {
            throw new IllegalArgumentException("sequence number " + seq + " is negative (expected >= 0, or -1 for typed)");
        }
    }

    public boolean isTyped() {
        return seq == TYPED;
    }
}
