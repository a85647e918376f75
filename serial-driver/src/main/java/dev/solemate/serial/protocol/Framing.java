package dev.solemate.serial.protocol;

/** How a dialect delimits frames on the wire: the decoder that cuts them, and the wrapper that writes them. */
public interface Framing {

    /**
     * A new decoder for one stream.
     *
     * @param maxFrameLength the longest frame (without delimiters) it accepts
     */
    FrameDecoder newDecoder(int maxFrameLength);

    /** The wire bytes for one frame (adds delimiters, escapes what needs escaping). */
    byte[] wrap(byte[] frame);
}
