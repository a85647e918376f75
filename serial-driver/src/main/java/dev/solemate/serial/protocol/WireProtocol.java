package dev.solemate.serial.protocol;

/**
 * A dialect the serial driver can speak: framing, message coding and a few constants. Found with
 * {@link java.util.ServiceLoader} ({@code META-INF/services/dev.solemate.serial.protocol.WireProtocol}),
 * chosen by {@code ?protocol=<id>} or the device profile, so a new dialect plugs in without touching
 * the driver.
 */
public interface WireProtocol {

    /** The id used in URIs and profiles, e.g. {@code solemate-text}. */
    String id();

    /** One line for people. */
    String description();

    Framing framing();

    MessageCodec codec();

    /** The one byte a device acts on at once, wherever it appears in the input. */
    byte realtimeStop();

    /** Sequence numbers run from 0 to {@code sequenceModulus() - 1} and wrap. */
    int sequenceModulus();

    /** The longest request frame a device must accept. */
    int maxRequestFrame();

    /** The longest reply frame a host must accept. */
    int maxReplyFrame();

    /**
     * True when a device answers a request frame longer than {@link #maxRequestFrame()} with
     * {@code TOO_LONG}. The text dialect does (the line is known to end at its newline); the binary
     * dialect drops such a frame silently, because a length byte too large cannot be trusted.
     */
    default boolean refusesOversizedFrames() {
        return true;
    }

    /** Wire bytes for a request. */
    default byte[] wireRequest(Request request) {
        return framing().wrap(codec().encodeRequest(request));
    }

    /** Wire bytes for a device message. */
    default byte[] wireReply(DeviceMessage message) {
        return framing().wrap(codec().encodeReply(message));
    }
}
