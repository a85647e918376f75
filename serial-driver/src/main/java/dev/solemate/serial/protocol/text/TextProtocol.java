package dev.solemate.serial.protocol.text;

import dev.solemate.serial.protocol.Framing;
import dev.solemate.serial.protocol.MessageCodec;
import dev.solemate.serial.protocol.WireProtocol;

/** The Solemate text protocol v1: lines a person can type, with sequence numbers and XOR checksums. */
public final class TextProtocol implements WireProtocol {

    public static final String ID = "solemate-text";
    /** Ctrl-X (CAN), as GRBL's soft reset: a device stops everything the moment it reads this byte. */
    public static final byte REALTIME_STOP = 0x18;
    public static final int MAX_REQUEST_LINE = 64;
    public static final int MAX_REPLY_LINE = 255;

    private final LineFraming framing = new LineFraming();
    private final TextCodec codec = new TextCodec();

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String description() {
        return "Solemate text protocol v1 (lines, sequence numbers, XOR checksum)";
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
        return REALTIME_STOP;
    }

    @Override
    public int sequenceModulus() {
        return TextCodec.SEQ_MODULUS;
    }

    @Override
    public int maxRequestFrame() {
        return MAX_REQUEST_LINE;
    }

    @Override
    public int maxReplyFrame() {
        return MAX_REPLY_LINE;
    }
}
