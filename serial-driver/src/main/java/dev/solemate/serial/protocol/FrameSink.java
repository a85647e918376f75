package dev.solemate.serial.protocol;

/** Receives what a {@link FrameDecoder} cuts from a byte stream; called on the thread that feeds the decoder. */
public interface FrameSink {

    /** One complete frame, without delimiters or escaping; the array belongs to the sink. */
    void frame(byte[] frame);

    /**
     * Bytes were thrown away (garbage before a frame, or a frame over the size limit). The decoder
     * has already resynchronised at the next boundary.
     *
     * @param count     how many bytes were dropped
     * @param oversized true when they were dropped because a frame exceeded the maximum length
     */
    default void discarded(int count, boolean oversized) {
    }
}
