package dev.solemate.serial.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.solemate.serial.protocol.GoldenVectors;
import dev.solemate.serial.protocol.GoldenVectors.Vector;
import dev.solemate.time.VirtualTimeline;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The emulator over a raw socket, fed the golden request lines and answering with the golden reply
 * lines: the same vectors the codec tests use, so emulator and driver agree on every byte.
 */
@Timeout(10)
class EmulatorGoldenSessionTest {

    private static final Map<String, String> TEXT = GoldenVectors.load("text-v1.txt").stream()
            .filter(v -> !v.kind().equals("bad") && !v.kind().equals("typed"))
            .collect(Collectors.toMap(Vector::name, Vector::wireText));

    @Test
    void answersTheGoldenHandshakeAndCommandsWithTheGoldenReplies() throws Exception {
        try (FirmwareEmulator emu = FirmwareEmulator.start("tcp://127.0.0.1:0", EmulatorOptions.defaults(), new VirtualTimeline());
             Socket s = new Socket("127.0.0.1", emu.tcpPort())) {
            OutputStream out = s.getOutputStream();
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));

            out.write((TEXT.get("hello") + "\n").getBytes(StandardCharsets.US_ASCII));
            assertThat(in.readLine()).isEqualTo(TEXT.get("hello-ack"));

            // after a real-time stop the next sequence number (12 here) starts the count afresh
            out.write(("1 STOP*" + xor("1 STOP") + "\n").getBytes(StandardCharsets.US_ASCII));
            assertThat(in.readLine()).isEqualTo("OK 1*" + xor("OK 1"));

            out.write(new byte[] {0x18});
            assertThat(in.readLine()).isEqualTo(TEXT.get("evt-stopped"));

            out.write((TEXT.get("set-arch-knead-3") + "\n").getBytes(StandardCharsets.US_ASCII));
            assertThat(in.readLine()).isEqualTo(TEXT.get("ack-12"));

            out.write(("13 SET calf knead 1*" + xor("13 SET calf knead 1") + "\n").getBytes(StandardCharsets.US_ASCII));
            String refusal = in.readLine();
            assertThat(refusal).startsWith("ERR 13 BAD_ARG zone calf is not on this board");

            out.write("14 SET arch knead 3*00\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(in.readLine()).startsWith("ERR 14 BAD_CHECKSUM");
        }
    }

    private static String xor(String s) {
        int x = 0;
        for (byte b : s.getBytes(StandardCharsets.US_ASCII)) {
            x ^= b;
        }
        return String.format("%02X", x);
    }
}
