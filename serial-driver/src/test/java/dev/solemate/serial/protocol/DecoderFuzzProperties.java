package dev.solemate.serial.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import dev.solemate.serial.protocol.binary.BinaryProtocol;
import dev.solemate.serial.protocol.text.TextProtocol;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Both dialects' decoders against random and mutated input: nothing but {@link ProtocolException}
 * escapes, memory stays bounded, and the first valid frame after garbage is decoded.
 * {@code mvn verify} runs 1,000 cases per property (junit-platform.properties); the benchmark
 * {@code dev.solemate.bench.serial.DecoderFuzzBench} runs the same checks over a million or more.
 */
class DecoderFuzzProperties {

    private static final WireProtocol TEXT = new TextProtocol();
    private static final WireProtocol BINARY = new BinaryProtocol();

    @Provide
    Arbitrary<WireProtocol> protocols() {
        return Arbitraries.of(TEXT, BINARY);
    }

    @Provide
    Arbitrary<byte[]> noise() {
        // mostly bytes that matter to the framings, so the interesting paths are hit often
        Arbitrary<Byte> special = Arbitraries.of((byte) '\n', (byte) '\r', (byte) '*', (byte) ' ', (byte) 0xA5,
                (byte) 0x7D, (byte) 0x18, (byte) 0x00, (byte) '1', (byte) 'O', (byte) 'K');
        Arbitrary<Byte> any = Arbitraries.bytes();
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(3, special), net.jqwik.api.Tuple.of(7, any))
                .array(byte[].class).ofMaxSize(2000);
    }

    /** Every golden frame of both dialects, wrapped for the wire, with the protocol that speaks it. */
    @Provide
    Arbitrary<Sample> validFrames() {
        List<Sample> samples = new ArrayList<>();
        for (Object m : GoldenVectors.MESSAGES.values()) {
            for (WireProtocol p : List.of(TEXT, BINARY)) {
                if (m instanceof Request r && (p == BINARY && r.seq() > 255)) {
                    continue;
                }
                samples.add(new Sample(p, m));
            }
        }
        return Arbitraries.of(samples);
    }

    record Sample(WireProtocol protocol, Object message) {
        boolean isRequest() {
            return message instanceof Request;
        }

        byte[] wire() {
            return isRequest() ? protocol.wireRequest((Request) message) : protocol.wireReply((DeviceMessage) message);
        }

        int maxFrame() {
            return isRequest() ? protocol.maxRequestFrame() : protocol.maxReplyFrame();
        }

        Object decode(byte[] frame) throws ProtocolException {
            return isRequest() ? protocol.codec().decodeRequest(frame) : protocol.codec().decodeReply(frame);
        }

        @Override
        public String toString() {
            return protocol.id() + " " + message;
        }
    }

    private static List<byte[]> frames(WireProtocol p, int max, byte[] input, int chunk) {
        FrameDecoder d = p.framing().newDecoder(max);
        List<byte[]> frames = new ArrayList<>();
        for (int i = 0; i < input.length; i += chunk) {
            d.feed(input, i, Math.min(chunk, input.length - i), frames::add);
            assertThat(d.buffered()).isBetween(0, max + 1);
        }
        return frames;
    }

    @Property
    void randomBytesNeverThrowAnythingButProtocolExceptions(@ForAll("protocols") WireProtocol p,
            @ForAll("noise") byte[] input, @ForAll @IntRange(min = 1, max = 64) int chunk) {
        for (boolean request : new boolean[] {true, false}) {
            int max = request ? p.maxRequestFrame() : p.maxReplyFrame();
            for (byte[] frame : frames(p, max, input, chunk)) {
                assertThat(frame.length).isLessThanOrEqualTo(max);
                try {
                    Object decoded = request ? p.codec().decodeRequest(frame) : p.codec().decodeReply(frame);
                    assertThat(decoded).isNotNull();
                } catch (ProtocolException expected) {
                    assertThat(expected.code()).isNotNull();
                }
            }
        }
    }

    @Property
    void theFirstValidFrameAfterGarbageIsDecoded(@ForAll("validFrames") Sample sample, @ForAll("noise") byte[] garbage,
            @ForAll @IntRange(min = 1, max = 64) int chunk) throws Exception {
        ByteArrayOutputStream in = new ByteArrayOutputStream();
        in.writeBytes(garbage);
        if (sample.protocol() == TEXT) {
            in.write('\n'); // the text dialect resynchronises at the next newline
        }
        in.writeBytes(sample.wire());

        List<byte[]> frames = frames(sample.protocol(), sample.maxFrame(), in.toByteArray(), chunk);

        assertThat(frames).isNotEmpty();
        assertThat(sample.decode(frames.get(frames.size() - 1))).isEqualTo(sample.message());
    }

    @Property
    void aDamagedByteIsDetectedOrChangesNothing(@ForAll("validFrames") Sample sample, @ForAll @IntRange(min = 0, max = 1000) int at,
            @ForAll @IntRange(min = 1, max = 255) int xor) {
        byte[] wire = sample.wire();
        byte[] damaged = Arrays.copyOf(wire, wire.length);
        int index = at % wire.length;
        damaged[index] ^= (byte) xor;
        List<byte[]> frames = frames(sample.protocol(), sample.maxFrame(), damaged, damaged.length);
        for (byte[] frame : frames) {
            try {
                Object decoded = sample.decode(frame);
                // only a change that does not alter the meaning may pass (e.g. hex case in a text checksum),
                // or a text line whose first byte became '#': a comment, which hosts ignore like a lost line
                if (!(decoded instanceof DeviceMessage.Comment)) {
                    assertThat(decoded).as("damaged byte %d of %s", index, sample).isEqualTo(sample.message());
                }
            } catch (ProtocolException detected) {
                assertThat(detected.code()).isNotNull();
            }
        }
    }

    @Property
    void bytesInsertedOrDeletedNeverThrowAnythingButProtocolExceptions(@ForAll("validFrames") Sample sample,
            @ForAll @Size(max = 8) List<@IntRange(min = 0, max = 1000) Integer> deletions, @ForAll("noise") byte[] insert) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] wire = sample.wire();
        int cut = deletions.isEmpty() ? -1 : deletions.get(0) % wire.length;
        for (int i = 0; i < wire.length; i++) {
            if (i == cut) {
                out.write(insert, 0, Math.min(insert.length, 16));
                continue;
            }
            out.write(wire[i]);
        }
        for (byte[] frame : frames(sample.protocol(), sample.maxFrame(), out.toByteArray(), 7)) {
            try {
                sample.decode(frame);
            } catch (ProtocolException expected) {
                assertThat(expected.code()).isNotNull();
            }
        }
    }
}
