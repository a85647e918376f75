package dev.solemate.serial.protocol.binary;

import dev.solemate.serial.protocol.FrameDecoder;
import dev.solemate.serial.protocol.FrameSink;
import dev.solemate.serial.protocol.Framing;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;

/**
 * Binary frames: a start byte {@code 0xA5}, then the frame (its first byte is the payload length, so
 * the frame is {@code LEN + 5} bytes long) with {@code 0xA5}, {@code 0x18} and {@code 0x7D} escaped
 * as {@code 0x7D, b ^ 0x20}. Neither the start byte nor the real-time stop ever appears inside a
 * frame, so a device can pick the stop off anywhere and a decoder resynchronises at the next start byte.
 *
 * <pre>
 *   A5 00 15 7D 38 A3 23  ->  frame 00 15 18 A3 23   (PING, seq 24 = 0x18 escaped, CRC 0xA323)
 * </pre>
 */
public final class StuffedFraming implements Framing {

    static final byte START = (byte) 0xA5;
    static final byte ESCAPE = 0x7D;
    static final byte STOP = 0x18;

    @Override
    public FrameDecoder newDecoder(int maxFrameLength) {
        if (maxFrameLength < 5) {
            throw new IllegalArgumentException("maxFrameLength : " + maxFrameLength + " (expected: >= 5)");
        }
        return new Decoder(maxFrameLength);
    }

    @Override
    public byte[] wrap(byte[] frame) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(frame.length + 8);
        out.write(START);
        for (byte b : frame) {
            if (b == START || b == ESCAPE || b == STOP) {
                out.write(ESCAPE);
                out.write(b ^ 0x20);
            } else {
                out.write(b);
            }
        }
        return out.toByteArray();
    }

    private static final class Decoder implements FrameDecoder {
        private final byte[] frame;
        private boolean inFrame;
        private boolean escaped;
        private int length;
        private int total;
        private int garbage;

        Decoder(int max) {
            frame = new byte[max];
        }

        @Override
        public void feed(byte[] bytes, int offset, int count, FrameSink sink) {
            for (int i = offset; i < offset + count; i++) {
                byte b = bytes[i];
                if (b == START) {
                    if (inFrame && length > 0 || garbage > 0) {
                        sink.discarded(garbage + length, false);
                    }
                    garbage = 0;
                    inFrame = true;
                    escaped = false;
                    length = 0;
                    total = -1;
                } else if (!inFrame) {
                    garbage++;
                } else if (b == ESCAPE && !escaped) {
                    escaped = true;
                } else {
                    if (escaped) {
                        b ^= 0x20;
                        escaped = false;
                    }
                    if (length == 0) {
                        total = (b & 0xFF) + 5;
                        if (total > frame.length) {
                            sink.discarded(1, true);
                            inFrame = false;
                            continue;
                        }
                    }
                    frame[length++] = b;
                    if (length == total) {
                        sink.frame(Arrays.copyOf(frame, length));
                        inFrame = false;
                        length = 0;
                    }
                }
            }
        }

        @Override
        public void reset() {
            inFrame = false;
            escaped = false;
            length = 0;
            garbage = 0;
        }

        @Override
        public int buffered() {
            return length;
        }
    }
}
