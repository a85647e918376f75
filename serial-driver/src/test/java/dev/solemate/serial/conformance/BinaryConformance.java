package dev.solemate.serial.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.solemate.serial.protocol.binary.Crc16Ccitt;
import dev.solemate.serial.protocol.binary.StuffedFraming;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The binary dialect's own rules (docs/protocol-binary.md), each test one rule, spoken raw over a real
 * serial port. The rules it shares with the text dialect (protocol.md §6-§10) are {@link TextConformance}'s;
 * here they are checked where the binary spelling changes them: byte order, stuffing, the length byte,
 * the CRC, the sequence modulus of 256, the NAK codes.
 */
@Timeout(30)
abstract class BinaryConformance {

    private static final int HELLO = 0x01;
    private static final int SET_ZONE = 0x10;
    private static final int STATUS = 0x14;
    private static final int PING = 0x15;
    private static final int ACK = 0x81;
    private static final int HELLO_ACK = 0x82;
    private static final int STATUS_ACK = 0x83;
    private static final int NAK = 0x84;
    private static final int EVT_STOPPED = 0x90;
    private static final int EVT_STATUS = 0x91;
    private static final int EVT_FAULT = 0x94;
    private static final byte STOP = 0x18;

    private DeviceUnderTest device;
    private RawPort port;

    /** Starts the device under test, speaking (or able to speak) the binary dialect. */
    abstract DeviceUnderTest startDevice() throws Exception;

    @BeforeEach
    void connect() throws Exception {
        device = startDevice();
        port = RawPort.binary(device.portPath());
        // a device speaking both dialects answers this stop in text before any binary session: not a frame
        port.write(new byte[] {STOP});
        port.drain(Duration.ofMillis(150));
    }

    @AfterEach
    void disconnect() {
        Closer.close(port, device);
    }

    @AfterAll
    static void awaitClosed() throws InterruptedException {
        Closer.awaitAll();
    }

    @Test
    void helloAckCarriesItsSixteenBitFieldsBigEndianAndAnRxOfAtLeast33WireBytes() throws Exception {
        byte[] ack = request(0, HELLO, 1);
        assertFrame(ack, HELLO_ACK, 0);
        assertThat(ack[3]).as("version").isEqualTo((byte) 1);
        int rx = u16(ack, 4);
        assertThat(rx).as("rx counts wire bytes: one 16-byte frame stuffed is 1 + 2 x 16").isGreaterThanOrEqualTo(33);
        assertThat(rx).as("rx read big-endian (a little-endian 128 would read 32768)").isLessThan(16384);
    }

    @Test
    void aFrameWithABadCrcIsRefusedWithItsSequenceNumberAsRead() throws Exception {
        request(0, HELLO, 1);
        byte[] f = frame(PING, 1);
        f[f.length - 1] ^= 0x55;
        port.write(wire(f));
        byte[] nak = port.next().bytes();
        assertNak(nak, 1, 0x01);
        assertThat(nak[4] & 1).as("flags: the sequence number is known").isZero();
        assertFrame(request(1, PING), ACK, 1);
    }

    @Test
    void aLengthByteAboveTheMaximumIsDroppedSilentlyAndTheNextStartByteIsReadAfresh() throws Exception {
        request(0, HELLO, 1);
        ByteArrayOutputStream w = new ByteArrayOutputStream();
        w.writeBytes(new byte[] {(byte) 0xA5, 12, PING, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0});
        w.writeBytes(wire(frame(PING, 1)));
        port.write(w.toByteArray());

        assertFrame(port.next().bytes(), ACK, 1);
        port.assertQuiet(Duration.ofMillis(150));
    }

    @Test
    void aStartByteInTheMiddleOfAFrameAbandonsIt() throws Exception {
        request(0, HELLO, 1);
        ByteArrayOutputStream w = new ByteArrayOutputStream();
        w.writeBytes(new byte[] {(byte) 0xA5, 3, SET_ZONE, 1});
        w.writeBytes(wire(frame(PING, 1)));
        port.write(w.toByteArray());

        assertFrame(port.next().bytes(), ACK, 1);
        port.assertQuiet(Duration.ofMillis(150));
    }

    @Test
    void helloForVersion0IsRefusedUnsupportedVersionAndOpensNoSession() throws Exception {
        assertNak(request(3, HELLO, 0), 3, 0x0C);
        assertNak(request(4, PING), 4, 0x0A);
    }

    @Test
    void sequenceNumbersThatNeedStuffingTravelStuffed() throws Exception {
        for (int seq : new int[] {0x18, 0x7D, 0xA5}) {
            request(seq - 1, HELLO, 1);
            assertFrame(request(seq, PING), ACK, seq);
        }
    }

    @Test
    void sequenceNumbersWrapAt256AndBehindMeansUpTo128Back() throws Exception {
        request(254, HELLO, 1);
        byte[] last = request(255, PING);
        assertFrame(last, ACK, 255);
        assertFrame(request(0, PING), ACK, 0);
        assertThat(request(255, PING)).as("a duplicate across the wrap").isEqualTo(last);
        assertNak(request(2, PING), 2, 0x08); // ahead: 1 is missing
        assertNak(request(129, PING), 129, 0x09); // 128 behind: stale
        assertNak(request(128, PING), 128, 0x08); // 129 behind = 127 ahead
    }

    @Test
    void anUnknownCommandOrAWrongPayloadLengthIsRefusedAndRemembered() throws Exception {
        request(0, HELLO, 1);
        byte[] unknown = request(1, 0x77);
        assertNak(unknown, 1, 0x04);
        assertNak(request(2, PING, 9), 2, 0x03);
        assertThat(request(1, 0x77)).isEqualTo(unknown);
        assertFrame(request(3, PING), ACK, 3);
    }

    @Test
    void theStopByteInTheMiddleOfAFrameStopsEverythingAndDiscardsTheFrame() throws Exception {
        request(0, HELLO, 1);
        assertFrame(request(1, SET_ZONE, 2, 0, 1), ACK, 1);
        byte[] set = wire(frame(SET_ZONE, 2, 2, 0, 2));
        port.write(Arrays.copyOf(set, 5));
        port.write(new byte[] {STOP});
        assertFrame(port.next().bytes(), EVT_STOPPED, 0);

        byte[] status = request(40, STATUS);
        assertFrame(status, STATUS_ACK, 40);
        for (int i = 0; i < status[6]; i++) {
            assertThat(status[7 + 3 * i + 2]).as("zone %d level", status[7 + 3 * i]).isZero();
        }
        assertThat(status[3]).as("heat target").isZero();
    }

    /** 30.5 °C is {@code 01 31}; read little-endian it would be 1254.5 °C. (A sensor such as an LM35 reads no negative.) */
    @Test
    void temperatureIsSixteenBitTenthsOfADegreeBigEndian() throws Exception {
        request(0, HELLO, 1);
        device.setTemperature(30.5);
        Thread.sleep(50);
        byte[] status = request(1, STATUS);
        assertFrame(status, STATUS_ACK, 1);
        int tenths = (short) u16(status, 4);
        assertThat(tenths).as("30.5 C, give or take the plate's drift").isBetween(295, 315);
    }

    @Test
    void rxWireBytesOfFramesInFlightAreAllAnswered() throws Exception {
        byte[] hello = request(0, HELLO, 1);
        int rx = u16(hello, 4);
        ByteArrayOutputStream burst = new ByteArrayOutputStream();
        int seq = 1;
        while (true) {
            byte[] w = wire(frame(PING, seq));
            if (burst.size() + w.length > rx) {
                break;
            }
            burst.writeBytes(w);
            seq++;
        }
        port.write(burst.toByteArray());
        for (int s = 1; s < seq; s++) {
            assertFrame(port.next().bytes(), ACK, s);
        }
    }

    @Test
    void theWatchdogReportsAFaultThenTheStatusInFrames() throws Exception {
        byte[] hello = request(0, HELLO, 1);
        int hb = u16(hello, 6);
        org.junit.jupiter.api.Assumptions.assumeTrue(hb > 0, "the device has no watchdog");
        assertFrame(request(1, SET_ZONE, 2, 0, 1), ACK, 1);

        byte[] fault = port.next(Duration.ofMillis(hb + 1000)).bytes();
        assertFrame(fault, EVT_FAULT, 0);
        assertThat(new String(fault, 3, 8, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("WATCHDOG");
        assertFrame(port.next().bytes(), EVT_STATUS, 0);
        assertNak(request(2, PING), 2, 0x0A);
    }

    // ------------------------------------------------------------------ frames, written from protocol-binary.md

    /** {@code LEN CMD SEQ PAYLOAD CRC_HI CRC_LO}. */
    static byte[] frame(int cmd, int seq, int... payload) {
        byte[] f = new byte[payload.length + 5];
        f[0] = (byte) payload.length;
        f[1] = (byte) cmd;
        f[2] = (byte) seq;
        for (int i = 0; i < payload.length; i++) {
            f[3 + i] = (byte) payload[i];
        }
        int crc = Crc16Ccitt.compute(f, 0, payload.length + 3);
        f[payload.length + 3] = (byte) (crc >> 8);
        f[payload.length + 4] = (byte) crc;
        return f;
    }

    /** The start byte and the stuffed frame. */
    static byte[] wire(byte[] frame) {
        return new StuffedFraming().wrap(frame);
    }

    private byte[] request(int seq, int cmd, int... payload) throws Exception {
        port.write(wire(frame(cmd, seq & 0xFF, payload)));
        return port.next().bytes();
    }

    private static int u16(byte[] f, int at) {
        return (f[at] & 0xFF) << 8 | (f[at + 1] & 0xFF);
    }

    private static void assertFrame(byte[] f, int cmd, int seq) {
        assertThat(f[1] & 0xFF).as("command of %s", RawPort.hex(f)).isEqualTo(cmd);
        assertThat(f[2] & 0xFF).as("sequence number of %s", RawPort.hex(f)).isEqualTo(seq & 0xFF);
    }

    private static void assertNak(byte[] f, int seq, int code) {
        assertFrame(f, NAK, seq);
        assertThat(f[3] & 0xFF).as("NAK code of %s", RawPort.hex(f)).isEqualTo(code);
    }
}
