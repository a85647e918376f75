package dev.solemate.serial.protocol;

/**
 * Turns frames into messages and back, for both directions, so that one codec serves the host
 * (driver) and the device (emulator). Frames are what a {@link FrameDecoder} produces: no delimiters.
 */
public interface MessageCodec {

    byte[] encodeRequest(Request request);

    /** @throws ProtocolException with the code a device answers with */
    Request decodeRequest(byte[] frame) throws ProtocolException;

    byte[] encodeReply(DeviceMessage message);

    /** @throws ProtocolException when the frame is damaged or not a message */
    DeviceMessage decodeReply(byte[] frame) throws ProtocolException;
}
