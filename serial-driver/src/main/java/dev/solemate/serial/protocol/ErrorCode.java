package dev.solemate.serial.protocol;

/**
 * Why a device refused a request. The names are the text dialect's spelling; {@link #wireCode()} is
 * the binary dialect's byte. Retryable codes mean the request may not have arrived intact: the host
 * sends it again; the others are final answers.
 */
public enum ErrorCode {
    BAD_CHECKSUM(1, true, "the checksum did not match (the line was damaged on the way)"),
    NO_CHECKSUM(2, true, "a request with a sequence number must carry a checksum (a damaged one lost it)"),
    BAD_SYNTAX(3, false, "the request is not well formed"),
    UNKNOWN_VERB(4, false, "the device does not know this verb"),
    BAD_ARG(5, false, "an argument is not allowed on this device"),
    TOO_LONG(6, true, "the line was longer than the device accepts"),
    OVERFLOW(7, true, "the receive buffer overflowed and input was lost"),
    OUT_OF_ORDER(8, true, "a request was skipped; the device waits for the missing sequence number"),
    STALE(9, false, "a resend of a request too old for the device to remember its answer"),
    NO_SESSION(10, false, "sequenced requests need a HELLO first"),
    OVERTEMP(11, false, "the heater is locked out after an over-temperature cut-off"),
    UNSUPPORTED_VERSION(12, false, "the device does not speak the protocol version asked for");

    private final int wireCode;
    private final boolean retryable;
    private final String meaning;

    ErrorCode(int wireCode, boolean retryable, String meaning) {
        this.wireCode = wireCode;
        this.retryable = retryable;
        this.meaning = meaning;
    }

    public int wireCode() {
        return wireCode;
    }

    /** True when the host should resend the request rather than give up on it. */
    public boolean retryable() {
        return retryable;
    }

    /** One sentence for people. */
    public String meaning() {
        return meaning;
    }

    /** The code for a binary wire byte, or {@link #BAD_SYNTAX} for an unknown byte. */
    public static ErrorCode ofWireCode(int code) {
        for (ErrorCode c : values()) {
            if (c.wireCode == code) {
                return c;
            }
        }
        return BAD_SYNTAX;
    }

    /** Parses a code name; unknown names (from a newer device) read as {@link #BAD_SYNTAX}. */
    public static ErrorCode parse(String name) {
        for (ErrorCode c : values()) {
            if (c.name().equals(name)) {
                return c;
            }
        }
        return BAD_SYNTAX;
    }
}
