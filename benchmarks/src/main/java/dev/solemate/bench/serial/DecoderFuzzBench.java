package dev.solemate.bench.serial;

import dev.solemate.device.Technique;
import dev.solemate.device.Zone;
import dev.solemate.driver.DeviceEvent;
import dev.solemate.serial.protocol.DeviceMessage;
import dev.solemate.serial.protocol.ErrorCode;
import dev.solemate.serial.protocol.FrameDecoder;
import dev.solemate.serial.protocol.Operation;
import dev.solemate.serial.protocol.ProtocolException;
import dev.solemate.serial.protocol.Request;
import dev.solemate.serial.protocol.WireProtocol;
import dev.solemate.serial.protocol.binary.BinaryProtocol;
import dev.solemate.serial.protocol.text.TextProtocol;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The decoder fuzz of the test suite (DecoderFuzzProperties), at volume: at least a million cases
 * over both dialects, each one of random noise, a valid frame after garbage, or a valid frame with
 * one byte damaged. A case fails when anything but ProtocolException escapes, a decoder holds more
 * than its limit, the valid frame after garbage is not decoded, or a damaged frame decodes to a
 * different message (a comment, which hosts ignore, counts as dropped). Prints the count, failures and
 * cases per second.
 *
 * <p>Usage: {@code DecoderFuzzBench [cases] [seed]} (defaults 1000000 and 42).
 */
public final class DecoderFuzzBench {

    private static final WireProtocol[] PROTOCOLS = {new TextProtocol(), new BinaryProtocol()};
    private static final byte[] SPECIAL = {'\n', '\r', '*', ' ', (byte) 0xA5, 0x7D, 0x18, 0, '1', 'O', 'K'};

    private DecoderFuzzBench() {
    }

    private record Sample(WireProtocol protocol, Object message, byte[] wire) {
        boolean request() {
            return message instanceof Request;
        }

        int max() {
            return request() ? protocol.maxRequestFrame() : protocol.maxReplyFrame();
        }

        Object decode(byte[] frame) throws ProtocolException {
            return request() ? protocol.codec().decodeRequest(frame) : protocol.codec().decodeReply(frame);
        }
    }

    public static void main(String[] args) {
        long cases = args.length > 0 ? Long.parseLong(args[0]) : 1_000_000;
        long seed = args.length > 1 ? Long.parseLong(args[1]) : 42;
        SplittableRandom random = new SplittableRandom(seed);
        List<Sample> samples = samples();
        long failures = 0;
        long[] byKind = new long[3];
        long t0 = System.nanoTime();
        for (long c = 0; c < cases; c++) {
            int kind = random.nextInt(3);
            byKind[kind]++;
            try {
                boolean ok = switch (kind) {
                    case 0 -> noise(random);
                    case 1 -> afterGarbage(random, samples.get(random.nextInt(samples.size())));
                    default -> damaged(random, samples.get(random.nextInt(samples.size())));
                };
                if (!ok) {
                    failures++;
                }
            } catch (RuntimeException | AssertionError e) {
                failures++;
                if (failures <= 5) {
                    System.out.println("failure in case " + c + ": " + e);
                }
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        System.out.println("### Decoder fuzz (both dialects, seed " + seed + ")");
        System.out.println();
        System.out.println("| cases | random noise | valid after garbage | one byte damaged | failures | cases/s |");
        System.out.println("|---|---|---|---|---|---|");
        System.out.printf(Locale.ROOT, "| %d | %d | %d | %d | %d | %.0f |%n%n", cases, byKind[0], byKind[1], byKind[2],
                failures, cases / seconds);
        if (failures > 0) {
            System.exit(1);
        }
    }

    private static List<Sample> samples() {
        List<Object> messages = List.of(
                new Request(0, new Operation.Hello(1)),
                new Request(12, new Operation.SetZone(Zone.ARCH, Technique.KNEAD, 3)),
                new Request(24, new Operation.Ping()),
                new Request(255, new Operation.SetHeat(40)),
                new Request(7, new Operation.HeatOff()),
                new Request(8, new Operation.StopAll()),
                new Request(9, new Operation.QueryStatus()),
                new DeviceMessage.Ack(12),
                new DeviceMessage.Nak(3, ErrorCode.BAD_ARG, "zone calf is not on this board"),
                new DeviceMessage.Stopped(),
                new DeviceMessage.Notice(new DeviceEvent.ButtonPressed("power")),
                new DeviceMessage.Notice(new DeviceEvent.OverTemperature(46.2)));
        List<Sample> out = new ArrayList<>();
        for (WireProtocol p : PROTOCOLS) {
            for (Object m : messages) {
                byte[] wire = m instanceof Request r ? p.wireRequest(r) : p.wireReply((DeviceMessage) m);
                out.add(new Sample(p, m, wire));
            }
        }
        return out;
    }

    private static byte[] noiseBytes(SplittableRandom random, int max) {
        byte[] b = new byte[random.nextInt(max + 1)];
        for (int i = 0; i < b.length; i++) {
            b[i] = random.nextInt(10) < 3 ? SPECIAL[random.nextInt(SPECIAL.length)] : (byte) random.nextInt(256);
        }
        return b;
    }

    private static List<byte[]> frames(WireProtocol p, int max, byte[] in, int chunk) {
        FrameDecoder d = p.framing().newDecoder(max);
        List<byte[]> frames = new ArrayList<>();
        for (int i = 0; i < in.length; i += chunk) {
            d.feed(in, i, Math.min(chunk, in.length - i), frames::add);
            if (d.buffered() > max + 1) {
                throw new AssertionError("decoder holds " + d.buffered() + " bytes (limit " + (max + 1) + ")");
            }
        }
        return frames;
    }

    private static boolean noise(SplittableRandom random) {
        WireProtocol p = PROTOCOLS[random.nextInt(2)];
        boolean request = random.nextBoolean();
        int max = request ? p.maxRequestFrame() : p.maxReplyFrame();
        for (byte[] f : frames(p, max, noiseBytes(random, 600), 1 + random.nextInt(64))) {
            try {
                Object m = request ? p.codec().decodeRequest(f) : p.codec().decodeReply(f);
                if (m == null) {
                    return false;
                }
            } catch (ProtocolException expected) {
                // refusing garbage is the point
            }
        }
        return true;
    }

    private static boolean afterGarbage(SplittableRandom random, Sample s) {
        byte[] garbage = noiseBytes(random, 300);
        boolean text = s.protocol() instanceof TextProtocol;
        byte[] in = new byte[garbage.length + (text ? 1 : 0) + s.wire().length];
        System.arraycopy(garbage, 0, in, 0, garbage.length);
        if (text) {
            in[garbage.length] = '\n';
        }
        System.arraycopy(s.wire(), 0, in, in.length - s.wire().length, s.wire().length);
        List<byte[]> frames = frames(s.protocol(), s.max(), in, 1 + random.nextInt(64));
        try {
            return !frames.isEmpty() && s.decode(frames.get(frames.size() - 1)).equals(s.message());
        } catch (ProtocolException e) {
            return false;
        }
    }

    private static boolean damaged(SplittableRandom random, Sample s) {
        byte[] in = Arrays.copyOf(s.wire(), s.wire().length);
        in[random.nextInt(in.length)] ^= (byte) (1 + random.nextInt(255));
        for (byte[] f : frames(s.protocol(), s.max(), in, in.length)) {
            try {
                Object decoded = s.decode(f);
                // a text line whose first byte became '#' is a comment: ignored by hosts, like a lost line
                if (!(decoded instanceof DeviceMessage.Comment) && !decoded.equals(s.message())) {
                    return false;
                }
            } catch (ProtocolException detected) {
                // detected: good
            }
        }
        return true;
    }
}
