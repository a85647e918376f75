package dev.solemate.serial.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.solemate.serial.protocol.GoldenVectors.Vector;
import dev.solemate.serial.protocol.text.TextProtocol;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The text codec against the golden vectors: exact bytes out, exact messages in. */
class TextCodecGoldenTest {

    private final MessageCodec codec = new TextProtocol().codec();

    static List<Vector> requests() {
        return GoldenVectors.load("text-v1.txt", "req");
    }

    static List<Vector> replies() {
        return GoldenVectors.load("text-v1.txt", "rep");
    }

    static List<Vector> typed() {
        return GoldenVectors.load("text-v1.txt", "typed");
    }

    static List<Vector> refused() {
        return GoldenVectors.load("text-v1.txt", "bad");
    }

    @ParameterizedTest
    @MethodSource("requests")
    void encodesEachRequestExactly(Vector v) {
        assertThat(new String(codec.encodeRequest((Request) GoldenVectors.MESSAGES.get(v.name())), StandardCharsets.US_ASCII))
                .isEqualTo(v.wireText());
    }

    @ParameterizedTest
    @MethodSource("requests")
    void decodesEachRequest(Vector v) throws Exception {
        assertThat(codec.decodeRequest(v.frame())).isEqualTo(GoldenVectors.MESSAGES.get(v.name()));
    }

    @ParameterizedTest
    @MethodSource("replies")
    void encodesEachDeviceMessageExactly(Vector v) {
        assertThat(new String(codec.encodeReply((DeviceMessage) GoldenVectors.MESSAGES.get(v.name())), StandardCharsets.US_ASCII))
                .isEqualTo(v.wireText());
    }

    @ParameterizedTest
    @MethodSource("replies")
    void decodesEachDeviceMessage(Vector v) throws Exception {
        assertThat(codec.decodeReply(v.frame())).isEqualTo(GoldenVectors.MESSAGES.get(v.name()));
    }

    @ParameterizedTest
    @MethodSource("typed")
    void acceptsLinesTypedByAPersonWithoutSequenceOrChecksum(Vector v) throws Exception {
        Request r = codec.decodeRequest(v.frame());
        assertThat(r.isTyped()).isTrue();
        assertThat(r.operation()).isEqualTo(((Request) GoldenVectors.MESSAGES.get(v.name())).operation());
    }

    @ParameterizedTest
    @MethodSource("refused")
    void refusesBadLinesWithTheDocumentedCode(Vector v) {
        assertThatThrownBy(() -> codec.decodeRequest(v.frame())).isInstanceOf(ProtocolException.class)
                .extracting(e -> ((ProtocolException) e).code().name()).isEqualTo(v.name());
    }
}
