package dev.solemate.serial.protocol;

/**
 * A frame could not be decoded. Carries the error code a device answers with and the sequence
 * number if it could be read ({@link Request#TYPED} otherwise).
 */
public final class ProtocolException extends Exception {

    private final ErrorCode code;
    private final int seq;

    public ProtocolException(ErrorCode code, int seq, String message) {
        super(message);
        this.code = code;
        this.seq = seq;
    }

    public ErrorCode code() {
        return code;
    }

    public int seq() {
        return seq;
    }
}
