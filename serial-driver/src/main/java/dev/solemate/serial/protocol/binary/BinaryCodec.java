package dev.solemate.serial.protocol.binary;

import dev.solemate.device.HeatRange;
import dev.solemate.device.Technique;
import dev.solemate.device.Zone;
import dev.solemate.driver.DeviceEvent;
import dev.solemate.driver.DeviceStatus;
import dev.solemate.driver.ZoneSetting;
import dev.solemate.serial.protocol.Capabilities;
import dev.solemate.serial.protocol.DeviceHello;
import dev.solemate.serial.protocol.DeviceMessage;
import dev.solemate.serial.protocol.ErrorCode;
import dev.solemate.serial.protocol.MessageCodec;
import dev.solemate.serial.protocol.Operation;
import dev.solemate.serial.protocol.ProtocolException;
import dev.solemate.serial.protocol.Request;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.Set;

/**
 * The vendor binary dialect (docs/protocol-binary.md): frames {@code LEN CMD SEQ PAYLOAD CRC_HI CRC_LO},
 * CRC-16/CCITT-FALSE over everything before the CRC. Zones and techniques travel as their index in
 * {@link Zone} and {@link Technique}.
 */
public final class BinaryCodec implements MessageCodec {

    // host -> device
    static final int HELLO = 0x01;
    static final int SET_ZONE = 0x10;
    static final int SET_HEAT = 0x11;
    static final int HEAT_OFF = 0x12;
    static final int STOP = 0x13;
    static final int STATUS = 0x14;
    static final int PING = 0x15;
    // device -> host
    static final int ACK = 0x81;
    static final int HELLO_ACK = 0x82;
    static final int STATUS_ACK = 0x83;
    static final int NAK = 0x84;
    static final int EVT_STOPPED = 0x90;
    static final int EVT_STATUS = 0x91;
    static final int EVT_BUTTON = 0x92;
    static final int EVT_OVERTEMP = 0x93;
    static final int EVT_FAULT = 0x94;

    private static final int NO_TEMPERATURE = 0x8000;

    // ---------------------------------------------------------------- requests

    @Override
    public byte[] encodeRequest(Request request) {
        if (request.isTyped()) {
            throw new IllegalArgumentException("the binary dialect has no typed requests (expected a sequence number)");
        }
        Operation op = request.operation();
        int seq = request.seq();
        if (op instanceof Operation.Hello h) {
            return frame(HELLO, seq, h.protocolVersion());
        } else if (op instanceof Operation.SetZone z) {
            return frame(SET_ZONE, seq, z.zone().ordinal(), z.technique().ordinal(), z.level());
        } else if (op instanceof Operation.SetHeat h) {
            return frame(SET_HEAT, seq, h.celsius());
        } else if (op instanceof Operation.HeatOff) {
            return frame(HEAT_OFF, seq);
        } else if (op instanceof Operation.StopAll) {
            return frame(STOP, seq);
        } else if (op instanceof Operation.QueryStatus) {
            return frame(STATUS, seq);
        } else if (op instanceof Operation.Ping) {
            return frame(PING, seq);
        }
        throw new IllegalArgumentException("no binary command for " + op);
    }

    @Override
    public Request decodeRequest(byte[] frame) throws ProtocolException {
        Frame f = Frame.check(frame);
        byte[] p = f.payload;
        switch (f.command) {
            case HELLO:
                try {
                    f.expectLength(1);
                } catch (ProtocolException e) {
                    throw e.ofHello();
                }
                return new Request(f.seq, new Operation.Hello(p[0] & 0xFF)); // a version it cannot speak is the board's answer
            case SET_ZONE:
                f.expectLength(3);
                Zone zone = f.zone(p[0]);
                Technique technique = f.technique(p[1]);
                int level = p[2] & 0xFF;
                if (level > 100) {
                    throw new ProtocolException(ErrorCode.BAD_ARG, f.seq, "level " + level + " (expected 0 to 100)");
                }
                return new Request(f.seq, new Operation.SetZone(zone, technique, level));
            case SET_HEAT:
                f.expectLength(1);
                if ((p[0] & 0xFF) > 99) {
                    throw new ProtocolException(ErrorCode.BAD_ARG, f.seq, "celsius " + (p[0] & 0xFF) + " (expected 0 to 99)");
                }
                return new Request(f.seq, new Operation.SetHeat(p[0] & 0xFF));
            case HEAT_OFF:
                f.expectLength(0);
                return new Request(f.seq, new Operation.HeatOff());
            case STOP:
                f.expectLength(0);
                return new Request(f.seq, new Operation.StopAll());
            case STATUS:
                f.expectLength(0);
                return new Request(f.seq, new Operation.QueryStatus());
            case PING:
                f.expectLength(0);
                return new Request(f.seq, new Operation.Ping());
            default:
                throw new ProtocolException(ErrorCode.UNKNOWN_VERB, f.seq,
                        "unknown command 0x" + Integer.toHexString(f.command));
        }
    }

    // ---------------------------------------------------------------- replies

    @Override
    public byte[] encodeReply(DeviceMessage message) {
        if (message instanceof DeviceMessage.Ack a) {
            return frame(ACK, a.seq());
        } else if (message instanceof DeviceMessage.HelloAck h) {
            return frame(HELLO_ACK, h.seq(), hello(h.hello()));
        } else if (message instanceof DeviceMessage.StatusAck s) {
            return frame(STATUS_ACK, s.seq(), status(s.status()));
        } else if (message instanceof DeviceMessage.Nak n) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.write(n.code().wireCode());
            out.write(n.seq() == Request.TYPED ? 1 : 0);
            ascii(out, n.detail(), 200);
            return frame(NAK, n.seq() == Request.TYPED ? 0 : n.seq(), out.toByteArray());
        } else if (message instanceof DeviceMessage.Stopped) {
            return frame(EVT_STOPPED, 0);
        } else if (message instanceof DeviceMessage.Comment c) {
            // the binary dialect has no comments; a fault with code "comment" carries the text
            return encodeReply(new DeviceMessage.Notice(new DeviceEvent.Fault("comment", c.text())));
        } else if (message instanceof DeviceMessage.Notice n) {
            DeviceEvent e = n.event();
            if (e instanceof DeviceEvent.StatusReport r) {
                return frame(EVT_STATUS, 0, status(r.status()));
            } else if (e instanceof DeviceEvent.ButtonPressed b) {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                ascii(out, b.button(), 32);
                return frame(EVT_BUTTON, 0, out.toByteArray());
            } else if (e instanceof DeviceEvent.OverTemperature o) {
                int tenths = (int) Math.round(o.celsius() * 10);
                return frame(EVT_OVERTEMP, 0, (tenths >> 8) & 0xFF, tenths & 0xFF);
            } else if (e instanceof DeviceEvent.Fault fault) {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                ascii(out, fault.code(), 32);
                out.write(0);
                ascii(out, fault.message(), 160);
                return frame(EVT_FAULT, 0, out.toByteArray());
            }
        }
        throw new IllegalArgumentException("no binary form for " + message);
    }

    @Override
    public DeviceMessage decodeReply(byte[] frame) throws ProtocolException {
        Frame f = Frame.check(frame);
        Reader r = new Reader(f);
        switch (f.command) {
            case ACK:
                return new DeviceMessage.Ack(f.seq);
            case HELLO_ACK:
                return new DeviceMessage.HelloAck(f.seq, r.hello());
            case STATUS_ACK:
                return new DeviceMessage.StatusAck(f.seq, r.status());
            case NAK: {
                ErrorCode code = ErrorCode.ofWireCode(r.u8());
                boolean noSeq = (r.u8() & 1) != 0;
                return new DeviceMessage.Nak(noSeq ? Request.TYPED : f.seq, code, r.rest());
            }
            case EVT_STOPPED:
                return new DeviceMessage.Stopped();
            case EVT_STATUS:
                return new DeviceMessage.Notice(new DeviceEvent.StatusReport(r.status()));
            case EVT_BUTTON:
                return new DeviceMessage.Notice(new DeviceEvent.ButtonPressed(r.rest()));
            case EVT_OVERTEMP:
                return new DeviceMessage.Notice(new DeviceEvent.OverTemperature(r.s16() / 10.0));
            case EVT_FAULT: {
                String code = r.cString();
                return new DeviceMessage.Notice(new DeviceEvent.Fault(code, r.rest()));
            }
            default:
                throw new ProtocolException(ErrorCode.UNKNOWN_VERB, f.seq, "unknown reply 0x" + Integer.toHexString(f.command));
        }
    }

    // ---------------------------------------------------------------- payloads

    private static byte[] hello(DeviceHello h) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(h.protocolVersion());
        u16(out, h.rxBuffer());
        u16(out, h.heartbeatMillis());
        Optional<Capabilities> caps = h.capabilities();
        out.write(caps.map(Capabilities::steps).orElse(0));
        out.write(caps.flatMap(Capabilities::heat).map(HeatRange::minCelsius).orElse(0));
        out.write(caps.flatMap(Capabilities::heat).map(HeatRange::maxCelsius).orElse(0));
        out.write(caps.map(Capabilities::sessionMinutes).orElse(0));
        Map<Zone, Set<Technique>> zones = caps.map(Capabilities::zones).orElse(Map.of());
        out.write(zones.size());
        zones.forEach((zone, techniques) -> {
            out.write(zone.ordinal());
            int mask = 0;
            for (Technique t : techniques) {
                mask |= 1 << t.ordinal();
            }
            out.write(mask);
        });
        for (String s : new String[] {h.model(), h.firmware(), h.serialNumber(), h.profileId().orElse("")}) {
            ascii(out, s, 40);
            out.write(0);
        }
        return out.toByteArray();
    }

    private static byte[] status(DeviceStatus s) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(s.heatTarget().orElse(0));
        int tenths = s.temperature().isPresent() ? (int) Math.round(s.temperature().getAsDouble() * 10) : NO_TEMPERATURE;
        u16(out, tenths);
        out.write(s.zones().size());
        s.zones().forEach((zone, setting) -> {
            out.write(zone.ordinal());
            out.write(setting.technique().ordinal());
            out.write(setting.level());
        });
        return out.toByteArray();
    }

    private static void u16(ByteArrayOutputStream out, int v) {
        out.write((v >> 8) & 0xFF);
        out.write(v & 0xFF);
    }

    private static void ascii(ByteArrayOutputStream out, String s, int max) {
        int n = 0;
        for (char c : s.toCharArray()) {
            if (n++ == max) {
                break;
            }
            out.write(c >= ' ' && c <= '~' ? c : '?');
        }
    }

    private static byte[] frame(int command, int seq, int... payload) {
        byte[] p = new byte[payload.length];
        for (int i = 0; i < payload.length; i++) {
            p[i] = (byte) payload[i];
        }
        return frame(command, seq, p);
    }

    private static byte[] frame(int command, int seq, byte[] payload) {
        if (payload.length > 255) {
            throw new IllegalArgumentException("payload of " + payload.length + " bytes (expected at most 255)");
        }
        byte[] f = new byte[payload.length + 5];
        f[0] = (byte) payload.length;
        f[1] = (byte) command;
        f[2] = (byte) seq;
        System.arraycopy(payload, 0, f, 3, payload.length);
        int crc = Crc16Ccitt.compute(f, 0, payload.length + 3);
        f[payload.length + 3] = (byte) (crc >> 8);
        f[payload.length + 4] = (byte) crc;
        return f;
    }

    /** A frame whose length and CRC were checked. */
    private static final class Frame {
        final int command;
        final int seq;
        final byte[] payload;

        private Frame(int command, int seq, byte[] payload) {
            this.command = command;
            this.seq = seq;
            this.payload = payload;
        }

        static Frame check(byte[] f) throws ProtocolException {
            if (f.length < 5 || (f[0] & 0xFF) + 5 != f.length) {
                throw new ProtocolException(ErrorCode.BAD_SYNTAX, Request.TYPED, "frame of " + f.length
                        + " bytes does not match its length byte " + (f.length == 0 ? "-" : Integer.toString(f[0] & 0xFF)));
            }
            int seq = f[2] & 0xFF;
            int expected = Crc16Ccitt.compute(f, 0, f.length - 2);
            int actual = (f[f.length - 2] & 0xFF) << 8 | (f[f.length - 1] & 0xFF);
            if (expected != actual) {
                throw new ProtocolException(ErrorCode.BAD_CHECKSUM, seq, String.format(
                        "CRC %04X does not match the frame (computed %04X)", actual, expected));
            }
            byte[] payload = new byte[f.length - 5];
            System.arraycopy(f, 3, payload, 0, payload.length);
            return new Frame(f[1] & 0xFF, seq, payload);
        }

        void expectLength(int n) throws ProtocolException {
            if (payload.length != n) {
                throw new ProtocolException(ErrorCode.BAD_SYNTAX, seq, "command 0x" + Integer.toHexString(command)
                        + " has " + payload.length + " payload bytes (expected " + n + ")");
            }
        }

        Zone zone(byte b) throws ProtocolException {
            int i = b & 0xFF;
            if (i >= Zone.values().length) {
                throw new ProtocolException(ErrorCode.BAD_ARG, seq, "zone " + i + " (expected 0 to " + (Zone.values().length - 1) + ")");
            }
            return Zone.values()[i];
        }

        Technique technique(byte b) throws ProtocolException {
            int i = b & 0xFF;
            if (i >= Technique.values().length) {
                throw new ProtocolException(ErrorCode.BAD_ARG, seq, "technique " + i + " (expected 0 to "
                        + (Technique.values().length - 1) + ")");
            }
            return Technique.values()[i];
        }
    }

    /** Reads a payload; running off its end is a BAD_SYNTAX, never an exception of another kind. */
    private static final class Reader {
        private final Frame frame;
        private int pos;

        Reader(Frame frame) {
            this.frame = frame;
        }

        int u8() throws ProtocolException {
            if (pos >= frame.payload.length) {
                throw new ProtocolException(ErrorCode.BAD_SYNTAX, frame.seq, "payload ends early at byte " + pos);
            }
            return frame.payload[pos++] & 0xFF;
        }

        int u16() throws ProtocolException {
            return u8() << 8 | u8();
        }

        int s16() throws ProtocolException {
            return (short) u16();
        }

        String cString() throws ProtocolException {
            StringBuilder b = new StringBuilder();
            int c;
            while ((c = u8()) != 0) {
                b.append((char) c);
            }
            return b.toString();
        }

        String rest() {
            String s = new String(frame.payload, pos, frame.payload.length - pos, StandardCharsets.US_ASCII);
            pos = frame.payload.length;
            return s;
        }

        DeviceHello hello() throws ProtocolException {
            int version = u8();
            int rx = u16();
            int hb = u16();
            int steps = u8();
            int heatMin = u8();
            int heatMax = u8();
            int session = u8();
            int zoneCount = u8();
            Map<Zone, Set<Technique>> zones = new EnumMap<>(Zone.class);
            for (int i = 0; i < zoneCount; i++) {
                Zone zone = frame.zone((byte) u8());
                int mask = u8();
                Set<Technique> techniques = EnumSet.noneOf(Technique.class);
                for (Technique t : Technique.values()) {
                    if ((mask & (1 << t.ordinal())) != 0) {
                        techniques.add(t);
                    }
                }
                zones.put(zone, techniques);
            }
            String model = cString();
            String firmware = cString();
            String serial = cString();
            String profile = cString();
            try {
                Optional<Capabilities> caps = steps == 0 ? Optional.empty() : Optional.of(new Capabilities(zones, steps,
                        heatMax == 0 ? Optional.empty() : Optional.of(new HeatRange(heatMin, heatMax)), session));
                return new DeviceHello(version, model, firmware, serial, rx, hb,
                        profile.isEmpty() ? Optional.empty() : Optional.of(profile), caps);
            } catch (IllegalArgumentException e) {
                throw new ProtocolException(ErrorCode.BAD_ARG, frame.seq, "HELLO answer: " + e.getMessage());
            }
        }

        DeviceStatus status() throws ProtocolException {
            int heat = u8();
            int tenths = u16();
            int n = u8();
            Map<Zone, ZoneSetting> zones = new EnumMap<>(Zone.class);
            for (int i = 0; i < n; i++) {
                Zone zone = frame.zone((byte) u8());
                Technique technique = frame.technique((byte) u8());
                zones.put(zone, new ZoneSetting(technique, u8()));
            }
            return new DeviceStatus(zones, heat == 0 ? OptionalInt.empty() : OptionalInt.of(heat),
                    tenths == NO_TEMPERATURE ? OptionalDouble.empty() : OptionalDouble.of((short) tenths / 10.0));
        }
    }
}
