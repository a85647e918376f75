package dev.solemate.serial.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import dev.solemate.serial.protocol.text.LineFraming;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Line framing: lines cut wherever the bytes split, over-long lines skipped without poisoning the stream. */
class LineFramingTest {

    private final List<String> frames = new ArrayList<>();
    private final List<Integer> discarded = new ArrayList<>();
    private final FrameSink sink = new FrameSink() {
        @Override
        public void frame(byte[] frame) {
            frames.add(new String(frame, StandardCharsets.US_ASCII));
        }

        @Override
        public void discarded(int count, boolean oversized) {
            discarded.add(count);
        }
    };

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void cutsLinesFedByteByByte() {
        FrameDecoder d = new LineFraming().newDecoder(16);
        byte[] in = bytes("12 PING*1F\r\n\n7 STOP*00\n");
        for (int i = 0; i < in.length; i++) {
            d.feed(in, i, 1, sink);
        }
        assertThat(frames).containsExactly("12 PING*1F", "7 STOP*00");
    }

    @Test
    void cutsLinesSplitAcrossReads() {
        FrameDecoder d = new LineFraming().newDecoder(16);
        d.feed(bytes("OK 1*31\nOK"), 0, 10, sink);
        d.feed(bytes(" 2*32\nOK 3"), 0, 10, sink);
        assertThat(frames).containsExactly("OK 1*31", "OK 2*32");
        assertThat(d.buffered()).isEqualTo(4);
    }

    @Test
    void discardsAnOverLongLineAndCarriesOnAtTheNextNewline() {
        FrameDecoder d = new LineFraming().newDecoder(8);
        byte[] in = bytes("0123456789ABCDEF\nOK 1*31\n");
        d.feed(in, 0, in.length, sink);
        assertThat(frames).containsExactly("OK 1*31");
        assertThat(discarded).containsExactly(17);
    }

    @Test
    void acceptsALineOfExactlyTheMaximumWithACarriageReturn() {
        FrameDecoder d = new LineFraming().newDecoder(8);
        byte[] in = bytes("12345678\r\n123456789\n");
        d.feed(in, 0, in.length, sink);
        assertThat(frames).containsExactly("12345678");
        assertThat(discarded).containsExactly(10);
    }

    @Test
    void wrapAddsTheNewline() {
        assertThat(new LineFraming().wrap(bytes("OK 1*31"))).isEqualTo(bytes("OK 1*31\n"));
    }
}
