package dev.solemate.serial.protocol.text;

import dev.solemate.serial.protocol.FrameDecoder;
import dev.solemate.serial.protocol.FrameSink;
import dev.solemate.serial.protocol.Framing;
import java.util.Arrays;

/**
 * Frames are lines ending in {@code \n}; a {@code \r} before it is dropped, empty lines are skipped.
 *
 * <pre>
 *   "12 PING*1F\r\n7 ST" "ATUS*..\n"   ->   "12 PING*1F", "7 STATUS*.."
 * </pre>
 *
 * A line longer than the maximum is discarded up to and including its {@code \n}, then decoding carries on.
 */
public final class LineFraming implements Framing {

    @Override
    public FrameDecoder newDecoder(int maxFrameLength) {
        if (maxFrameLength <= 0) {
            throw new IllegalArgumentException("maxFrameLength : " + maxFrameLength + " (expected: > 0)");
        }
        return new Decoder(maxFrameLength);
    }

    @Override
    public byte[] wrap(byte[] frame) {
        byte[] wire = Arrays.copyOf(frame, frame.length + 1);
        wire[frame.length] = '\n';
        return wire;
    }

    private static final class Decoder implements FrameDecoder {
        private final byte[] line;
        private int length;
        private int discarding; // bytes dropped of the current over-long line, 0 when not discarding

        Decoder(int max) {
            line = new byte[max + 1]; // room for a trailing '\r'
        }

        @Override
        public void feed(byte[] bytes, int offset, int count, FrameSink sink) {
            for (int i = offset; i < offset + count; i++) {
                byte b = bytes[i];
                if (b == '\n') {
                    if (discarding > 0) {
                        sink.discarded(discarding + 1, true);
                        discarding = 0;
                    } else {
                        int end = length > 0 && line[length - 1] == '\r' ? length - 1 : length;
                        if (end > 0) {
                            sink.frame(Arrays.copyOf(line, end));
                        }
                    }
                    length = 0;
                } else if (discarding > 0) {
                    discarding++;
                } else if (length == line.length || (length == line.length - 1 && b != '\r')) {
                    discarding = length + 1;
                    length = 0;
                } else {
                    line[length++] = b;
                }
            }
        }

        @Override
        public void reset() {
            length = 0;
            discarding = 0;
        }

        @Override
        public int buffered() {
            return length;
        }
    }
}
