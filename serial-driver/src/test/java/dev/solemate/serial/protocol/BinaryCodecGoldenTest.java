package dev.solemate.serial.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.solemate.serial.protocol.GoldenVectors.Vector;
import dev.solemate.serial.protocol.binary.BinaryProtocol;
import dev.solemate.serial.protocol.binary.Crc16Ccitt;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The binary dialect against its golden vectors: frames, stuffed wire bytes, refusals. */
class BinaryCodecGoldenTest {

    private final WireProtocol binary = new BinaryProtocol();
    private final MessageCodec codec = binary.codec();

    static List<Vector> requests() {
        return GoldenVectors.load("binary-v1.txt", "req");
    }

    static List<Vector> replies() {
        return GoldenVectors.load("binary-v1.txt", "rep");
    }

    static List<Vector> wire() {
        return GoldenVectors.load("binary-v1.txt", "wire");
    }

    static List<Vector> refused() {
        return GoldenVectors.load("binary-v1.txt", "bad");
    }

    @Test
    void crcIsCcittFalse() {
        byte[] check = "123456789".getBytes(StandardCharsets.US_ASCII);
        assertThat(Crc16Ccitt.compute(check, 0, check.length)).isEqualTo(0x29B1);
    }

    @ParameterizedTest
    @MethodSource("requests")
    void encodesEachRequestExactly(Vector v) {
        assertThat(codec.encodeRequest((Request) GoldenVectors.MESSAGES.get(v.name()))).isEqualTo(v.frame());
    }

    @ParameterizedTest
    @MethodSource("requests")
    void decodesEachRequest(Vector v) throws Exception {
        assertThat(codec.decodeRequest(v.frame())).isEqualTo(GoldenVectors.MESSAGES.get(v.name()));
    }

    @ParameterizedTest
    @MethodSource("replies")
    void encodesEachDeviceMessageExactly(Vector v) {
        assertThat(codec.encodeReply((DeviceMessage) GoldenVectors.MESSAGES.get(v.name()))).isEqualTo(v.frame());
    }

    @ParameterizedTest
    @MethodSource("replies")
    void decodesEachDeviceMessage(Vector v) throws Exception {
        assertThat(codec.decodeReply(v.frame())).isEqualTo(GoldenVectors.MESSAGES.get(v.name()));
    }

    @ParameterizedTest
    @MethodSource("wire")
    void wireBytesAreTheStartByteAndTheStuffedFrame(Vector v) {
        Object m = GoldenVectors.MESSAGES.get(v.name());
        byte[] wire = m instanceof Request r ? binary.wireRequest(r) : binary.wireReply((DeviceMessage) m);
        assertThat(wire).isEqualTo(v.frame());
    }

    @ParameterizedTest
    @MethodSource("wire")
    void framingRecoversTheFrameFedByteByByteAfterGarbage(Vector v) {
        FrameDecoder d = binary.framing().newDecoder(binary.maxReplyFrame());
        List<byte[]> frames = new ArrayList<>();
        byte[] garbage = {0x00, 0x7D, 0x42, (byte) 0xA5, 0x01};
        for (byte[] chunk : new byte[][] {garbage, v.frame()}) {
            for (int i = 0; i < chunk.length; i++) {
                d.feed(chunk, i, 1, frames::add);
            }
        }
        assertThat(frames).hasSize(1);
        assertThat(binary.framing().wrap(frames.get(0))).isEqualTo(v.frame());
    }

    @ParameterizedTest
    @MethodSource("refused")
    void refusesBadFramesWithTheDocumentedCode(Vector v) {
        assertThatThrownBy(() -> codec.decodeRequest(v.frame())).isInstanceOf(ProtocolException.class)
                .extracting(e -> ((ProtocolException) e).code().name()).isEqualTo(v.name());
    }
}
