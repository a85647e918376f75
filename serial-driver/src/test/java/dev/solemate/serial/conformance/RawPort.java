package dev.solemate.serial.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import dev.solemate.serial.protocol.FrameDecoder;
import dev.solemate.serial.protocol.FrameSink;
import dev.solemate.serial.protocol.binary.Crc16Ccitt;
import dev.solemate.serial.protocol.binary.StuffedFraming;
import dev.solemate.serial.transport.JSerialCommTransport;
import dev.solemate.serial.transport.SerialSettings;
import dev.solemate.serial.transport.Transport;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The suite's end of the wire: raw bytes out, device lines (text) or frames (binary) in, each with
 * the moment it arrived. Every device line is checked on arrival against docs/protocol.md §2 (a
 * valid checksum, at most 255 bytes, printable), every frame against its CRC; a violation fails the
 * test at its next read, whatever the test was looking at.
 */
final class RawPort implements AutoCloseable {

    /** One device line (without its {@code \n}) or frame (unstuffed, {@code LEN..CRC}), and when it arrived. */
    record Message(byte[] bytes, long nanos) {
        String text() {
            return new String(bytes, StandardCharsets.US_ASCII);
        }

        /** The line without its checksum. */
        String body() {
            String t = text();
            int star = t.lastIndexOf('*');
            return star < 0 ? t : t.substring(0, star);
        }

        /** True when the line's body starts with these tokens, e.g. {@code "ERR 12 BAD_CHECKSUM"}. */
        boolean is(String head) {
            String b = body();
            return b.equals(head) || b.startsWith(head + " ");
        }

        @Override
        public String toString() {
            return text();
        }
    }

    private static final Duration WAIT = Duration.ofSeconds(3);

    private final boolean binary;
    private final Transport transport;
    private final BlockingQueue<Message> in = new LinkedBlockingQueue<>();
    private final List<String> violations = new CopyOnWriteArrayList<>();
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();
    private final FrameDecoder frames = new StuffedFraming().newDecoder(260);

    private RawPort(String path, boolean binary) {
        this.binary = binary;
        this.transport = JSerialCommTransport.open(SerialSettings.of(path, SerialSettings.DEFAULT_BAUD), () -> "");
        transport.start(new Transport.Receiver() {
            @Override
            public void onBytes(byte[] buffer, int length) {
                received(buffer, length, System.nanoTime());
            }

            @Override
            public void onClosed(String reason) {
                // the device went away; the test notices by what does not arrive
            }
        });
    }

    static RawPort text(String path) {
        return new RawPort(path, false);
    }

    static RawPort binary(String path) {
        return new RawPort(path, true);
    }

    private synchronized void received(byte[] buffer, int length, long nanos) {
        if (binary) {
            frames.feed(buffer, 0, length, new FrameSink() {
                @Override
                public void frame(byte[] frame) {
                    int crc = Crc16Ccitt.compute(frame, 0, frame.length - 2);
                    int sent = (frame[frame.length - 2] & 0xFF) << 8 | (frame[frame.length - 1] & 0xFF);
                    if (crc != sent) {
                        violations.add("device frame with a bad CRC: " + hex(frame));
                    }
                    in.add(new Message(frame, nanos));
                }
            });
            return;
        }
        for (int i = 0; i < length; i++) {
            byte b = buffer[i];
            if (b != '\n') {
                line.write(b);
                continue;
            }
            byte[] l = line.toByteArray();
            line.reset();
            check(l);
            in.add(new Message(l, nanos));
        }
    }

    /** docs/protocol.md §2 and §5 for device lines. */
    private void check(byte[] l) {
        String text = new String(l, StandardCharsets.ISO_8859_1);
        if (l.length > 255) {
            violations.add("device line of " + l.length + " bytes (at most 255): " + text);
        }
        for (byte b : l) {
            if (b < 0x20 || b > 0x7E) {
                violations.add("device line with byte 0x" + Integer.toHexString(b & 0xFF) + ": " + text);
                return;
            }
        }
        if (text.startsWith("#")) {
            return;
        }
        int star = text.lastIndexOf('*');
        if (star < 0 || star + 3 != text.length() || !text.substring(star + 1).equals(Conformance.xor(text.substring(0, star)))) {
            violations.add("device line without a valid upper-case checksum: " + text);
        }
    }

    /** Writes bytes exactly as given. */
    void write(byte[] bytes) throws IOException {
        transport.write(bytes);
    }

    /** Writes a line as given, adding {@code \n}. */
    void send(String text) throws IOException {
        write((text + "\n").getBytes(StandardCharsets.ISO_8859_1));
    }

    /** The next device line or frame; fails after 3 s without one. */
    Message next() throws InterruptedException {
        return next(WAIT);
    }

    Message next(Duration limit) throws InterruptedException {
        Message m = in.poll(limit.toNanos(), TimeUnit.NANOSECONDS);
        assertNoViolations();
        if (m == null) {
            fail("the device sent nothing within " + limit.toMillis() + " ms");
        }
        return m;
    }

    /** The next message, or null if none comes within {@code limit}. */
    Message poll(Duration limit) throws InterruptedException {
        Message m = in.poll(limit.toNanos(), TimeUnit.NANOSECONDS);
        assertNoViolations();
        return m;
    }

    /** Fails if the device sends anything within {@code d}. */
    void assertQuiet(Duration d) throws InterruptedException {
        Message m = poll(d);
        assertThat(m).as("the device should have sent nothing more").isNull();
    }

    /** Everything the device sends until it has been quiet for {@code quiet}. */
    List<Message> drain(Duration quiet) throws InterruptedException {
        List<Message> out = new ArrayList<>();
        for (Message m; (m = poll(quiet)) != null; ) {
            out.add(m);
        }
        return out;
    }

    void assertNoViolations() {
        if (!violations.isEmpty()) {
            fail("the device broke the wire format: " + violations);
        }
    }

    static String hex(byte[] b) {
        StringBuilder s = new StringBuilder();
        for (byte x : b) {
            s.append(String.format("%02X ", x & 0xFF));
        }
        return s.toString().trim();
    }

    @Override
    public void close() {
        transport.close();
    }

    @Override
    public String toString() {
        return "RawPort" + Arrays.asList(binary ? "binary" : "text");
    }
}
