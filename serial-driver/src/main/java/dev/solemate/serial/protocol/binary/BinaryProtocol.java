package dev.solemate.serial.protocol.binary;

import dev.solemate.serial.protocol.Framing;
import dev.solemate.serial.protocol.MessageCodec;
import dev.solemate.serial.protocol.WireProtocol;

/**
 * A compact binary dialect of a plausible vendor board (docs/protocol-binary.md): start byte,
 * length, command, sequence, payload, CRC-16/CCITT, byte-stuffed so that the real-time stop
 * {@code 0x18} never occurs inside a frame.
 */
public final class BinaryProtocol implements WireProtocol {

    public static final String ID = "solemate-binary";

    private final StuffedFraming framing = new StuffedFraming();
    private final BinaryCodec codec = new BinaryCodec();

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String description() {
        return "vendor binary dialect (0xA5 frames, CRC-16/CCITT, byte stuffing)";
    }

    @Override
    public Framing framing() {
        return framing;
    }

    @Override
    public MessageCodec codec() {
        return codec;
    }

    @Override
    public byte realtimeStop() {
        return StuffedFraming.STOP;
    }

    @Override
    public int sequenceModulus() {
        return 256;
    }

    @Override
    public int maxRequestFrame() {
        return 16;
    }

    @Override
    public int maxReplyFrame() {
        return 260;
    }

    /** A frame whose LEN exceeds the maximum is dropped silently: a corrupt LEN cannot be trusted (protocol-binary.md). */
    @Override
    public boolean refusesOversizedFrames() {
        return false;
    }
}
