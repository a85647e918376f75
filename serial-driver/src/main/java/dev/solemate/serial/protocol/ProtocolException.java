package dev.solemate.serial.protocol;

/**
 * A frame could not be decoded. Carries the error code a device answers with, the sequence number if
 * it could be read ({@link Request#TYPED} otherwise), and two facts a device needs to apply
 * docs/protocol.md §10 in the right order: whether the refused line was a typed one (no sequence
 * number, checksum absent or good: refused with {@code NO_CHECKSUM} instead during a host session)
 * and whether it was a HELLO (whose refusal changes no session state).
 */
public final class ProtocolException extends Exception {

    private final ErrorCode code;
    private final int seq;
    private final boolean typedLine;
    private final boolean hello;

    public ProtocolException(ErrorCode code, int seq, String message) {
        this(code, seq, message, false, false);
    }

    private ProtocolException(ErrorCode code, int seq, String message, boolean typedLine, boolean hello) {
        super(message);
        this.code = code;
        this.seq = seq;
        this.typedLine = typedLine;
        this.hello = hello;
    }

    /** The same refusal, of a line typed without a sequence number. */
    public ProtocolException ofTypedLine() {
        return new ProtocolException(code, seq, getMessage(), true, hello);
    }

    /** The same refusal, of a HELLO request. */
    public ProtocolException ofHello() {
        return new ProtocolException(code, seq, getMessage(), typedLine, true);
    }

    public ErrorCode code() {
        return code;
    }

    public int seq() {
        return seq;
    }

    /** True when the line had no sequence number and no damage was seen (no checksum, or a good one). */
    public boolean typedLine() {
        return typedLine;
    }

    /** True when the refused request was a HELLO. */
    public boolean hello() {
        return hello;
    }
}
