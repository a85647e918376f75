package dev.solemate.serial.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import dev.solemate.time.VirtualTimeline;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * docs/protocol.md §13 says its example sessions are real output of the emulator: they are replayed
 * here, every {@code >} line sent, every {@code <} line compared with what the emulator answers. The
 * temperature is masked (the heater moves it with time) and so, on those lines only, the checksum;
 * every checksum shown on the page is checked on its own.
 */
@Timeout(20)
class ProtocolDocExamplesTest {

    private static final Pattern TEMPERATURE = Pattern.compile("(temp=|OVERTEMP )-?[0-9]+\\.[0-9]");
    private static final Pattern COMMENT = Pattern.compile("\\s{2,}\\(.*\\)$");

    /** One line of an example: {@code > } sent, {@code < } received, or a note; {@code damaged} when the page says so. */
    private record Line(String text, boolean damaged) {
        boolean sent() {
            return text.startsWith("> ");
        }

        boolean received() {
            return text.startsWith("< ");
        }

        String wireText() {
            return text.substring(2);
        }
    }

    @Test
    void theExampleSessionsAreWhatTheEmulatorSays() throws Exception {
        List<List<Line>> blocks = exampleBlocks();
        assertThat(blocks).hasSizeGreaterThanOrEqualTo(6);
        // the first four continue one host session; the person typing starts afresh; device events are not replayable
        replay(List.of(blocks.get(0), blocks.get(1), blocks.get(2), blocks.get(3)));
        replay(List.of(blocks.get(4)));
    }

    @Test
    void everyChecksumShownInTheExamplesIsRight() throws IOException {
        for (List<Line> block : exampleBlocks()) {
            for (Line line : block) {
                if (!(line.sent() || line.received()) || line.damaged()) {
                    continue;
                }
                String text = line.wireText();
                if (text.startsWith("<") || text.startsWith("#") || !text.contains("*")) {
                    continue;
                }
                int star = text.lastIndexOf('*');
                assertThat(text.substring(star + 1)).as(line.text()).isEqualTo(xor(text.substring(0, star)));
            }
        }
    }

    private static void replay(List<List<Line>> blocks) throws Exception {
        VirtualTimeline time = new VirtualTimeline();
        try (FirmwareEmulator emu = FirmwareEmulator.start("tcp://127.0.0.1:0", EmulatorOptions.defaults(), time);
                Socket s = new Socket("127.0.0.1", emu.tcpPort())) {
            s.setSoTimeout(3000);
            OutputStream out = s.getOutputStream();
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
            for (List<Line> block : blocks) {
                for (Line line : block) {
                    String text = line.text().length() > 2 ? line.wireText() : "";
                    if (line.sent()) {
                        out.write(wire(text));
                        out.flush();
                    } else if (line.received()) {
                        String got = in.readLine();
                        assertThat(got).as("after the page's line before '%s'", text).isNotNull();
                        assertThat(masked(got)).as("the emulator's answer for the page's '%s'", text).isEqualTo(masked(text));
                    } else if (line.text().contains("without a request")) {
                        time.advance(Duration.ofMillis(1010));
                    }
                }
            }
        }
    }

    /** A {@code >} line as bytes: {@code <0x18>} and {@code <Ctrl-X>} are the stop byte; a line ends in \n unless it ends in a stop. */
    private static byte[] wire(String text) {
        String t = text.replace("<Ctrl-X>", "\u0018").replace("<0x18>", "\u0018");
        return (t.endsWith("\u0018") ? t : t + "\n").getBytes(StandardCharsets.ISO_8859_1);
    }

    private static String masked(String line) {
        String m = TEMPERATURE.matcher(line).replaceAll("$1T");
        return m.equals(line) ? line : m.substring(0, m.lastIndexOf('*'));
    }

    /** The §13 code blocks, each as its {@code >}, {@code <} and other lines, comments after two spaces cut off. */
    private static List<List<Line>> exampleBlocks() throws IOException {
        List<String> page = Files.readAllLines(protocolDoc(), StandardCharsets.UTF_8);
        List<List<Line>> blocks = new ArrayList<>();
        boolean inSection = false;
        List<Line> block = null;
        for (String raw : page) {
            if (raw.startsWith("## ")) {
                inSection = raw.startsWith("## 13.");
            }
            if (!inSection) {
                continue;
            }
            if (raw.startsWith("```")) {
                if (block == null) {
                    block = new ArrayList<>();
                } else {
                    blocks.add(block);
                    block = null;
                }
            } else if (block != null) {
                block.add(new Line(COMMENT.matcher(raw.stripTrailing()).replaceAll(""), raw.contains("(damaged")));
            }
        }
        return blocks;
    }

    private static Path protocolDoc() {
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            if (Files.exists(d.resolve("docs/protocol.md"))) {
                return d.resolve("docs/protocol.md");
            }
        }
        fail("no docs/protocol.md above " + Path.of("").toAbsolutePath());
        return null;
    }

    private static String xor(String body) {
        int x = 0;
        for (byte b : body.getBytes(StandardCharsets.ISO_8859_1)) {
            x ^= b & 0xFF;
        }
        return String.format("%02X", x);
    }
}
