package dev.solemate.serial.protocol;

import dev.solemate.device.DeviceProfiles;
import dev.solemate.device.Technique;
import dev.solemate.device.Zone;
import dev.solemate.driver.DeviceEvent;
import dev.solemate.driver.DeviceStatus;
import dev.solemate.driver.ZoneSetting;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * The golden vectors in src/test/resources/golden/*.txt and the messages they name. Shared by the
 * codec tests (both dialects), the emulator tests and the driver tests.
 */
public final class GoldenVectors {

    /** One line of a vector file: kind (req, rep, typed, bad), name, and the frame bytes (without delimiters). */
    public record Vector(String kind, String name, byte[] frame, String wireText) {
        @Override
        public String toString() {
            return kind + " " + name + " " + wireText;
        }
    }

    public static final DeviceHello HELLO = new DeviceHello(1, "shiatsu-4zone", "emu-1.0.0", "EMU-0001", 128, 1000,
            Optional.of("shiatsu-4zone"), Optional.of(Capabilities.of(DeviceProfiles.builtIn("shiatsu-4zone"))));

    public static final DeviceStatus STATUS;

    static {
        Map<Zone, ZoneSetting> zones = new EnumMap<>(Zone.class);
        zones.put(Zone.TOES, new ZoneSetting(Technique.KNEAD, 0));
        zones.put(Zone.BALL, new ZoneSetting(Technique.ROLL, 2));
        zones.put(Zone.ARCH, new ZoneSetting(Technique.KNEAD, 3));
        zones.put(Zone.HEEL, new ZoneSetting(Technique.PRESS, 0));
        STATUS = new DeviceStatus(zones, OptionalInt.of(40), OptionalDouble.of(36.5));
    }

    /** The message each vector name stands for. */
    public static final Map<String, Object> MESSAGES = Map.ofEntries(
            Map.entry("hello", new Request(0, new Operation.Hello(1))),
            Map.entry("set-arch-knead-3", new Request(12, new Operation.SetZone(Zone.ARCH, Technique.KNEAD, 3))),
            Map.entry("set-toes-press-0", new Request(13, new Operation.SetZone(Zone.TOES, Technique.PRESS, 0))),
            Map.entry("heat-40", new Request(14, new Operation.SetHeat(40))),
            Map.entry("heat-off", new Request(15, new Operation.HeatOff())),
            Map.entry("stop", new Request(16, new Operation.StopAll())),
            Map.entry("status", new Request(17, new Operation.QueryStatus())),
            Map.entry("ping", new Request(9999, new Operation.Ping())),
            Map.entry("ping-255", new Request(255, new Operation.Ping())),
            Map.entry("ping-24", new Request(24, new Operation.Ping())),
            Map.entry("ack-12", new DeviceMessage.Ack(12)),
            Map.entry("hello-ack", new DeviceMessage.HelloAck(0, HELLO)),
            Map.entry("status-ack", new DeviceMessage.StatusAck(17, STATUS)),
            Map.entry("nak-bad-arg", new DeviceMessage.Nak(12, ErrorCode.BAD_ARG, "zone calf is not on this board")),
            Map.entry("nak-overflow", new DeviceMessage.Nak(Request.TYPED, ErrorCode.OVERFLOW, "receive buffer full")),
            Map.entry("evt-stopped", new DeviceMessage.Stopped()),
            Map.entry("evt-button", new DeviceMessage.Notice(new DeviceEvent.ButtonPressed("power"))),
            Map.entry("evt-overtemp", new DeviceMessage.Notice(new DeviceEvent.OverTemperature(46.2))),
            Map.entry("evt-fault", new DeviceMessage.Notice(new DeviceEvent.Fault("WATCHDOG", "no request for 1000 ms"))),
            Map.entry("evt-status", new DeviceMessage.Notice(new DeviceEvent.StatusReport(new DeviceStatus(
                    Map.of(Zone.TOES, new ZoneSetting(Technique.KNEAD, 0)), OptionalInt.empty(), OptionalDouble.empty())))));

    private GoldenVectors() {
    }

    /** The vectors of a file: {@code text-v1.txt} holds text lines, {@code binary-v1.txt} hex frames. */
    public static List<Vector> load(String file) {
        boolean hex = file.startsWith("binary");
        try (InputStream in = GoldenVectors.class.getResourceAsStream("/golden/" + file)) {
            if (in == null) {
                throw new IllegalStateException("golden/" + file + " is missing from the test class path");
            }
            List<Vector> result = new ArrayList<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] cols = line.split("\t", 3);
                byte[] frame = hex ? HexFormat.of().parseHex(cols[2].replace(" ", "").toLowerCase())
                        : cols[2].getBytes(StandardCharsets.US_ASCII);
                result.add(new Vector(cols[0], cols[1], frame, cols[2]));
            }
            return result;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static List<Vector> load(String file, String kind) {
        return load(file).stream().filter(v -> v.kind().equals(kind)).toList();
    }
}
