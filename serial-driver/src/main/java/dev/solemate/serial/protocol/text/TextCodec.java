package dev.solemate.serial.protocol.text;

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
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The Solemate text protocol v1 (docs/protocol.md): {@code 12 SET arch knead 3*4B} in,
 * {@code OK 12*..} out. Requests typed by a person may leave out the sequence number and checksum.
 */
public final class TextCodec implements MessageCodec {

    static final int SEQ_MODULUS = 10_000;
    private static final java.util.regex.Pattern BLANKS = java.util.regex.Pattern.compile("[ \\t]+");

    // ---------------------------------------------------------------- requests

    @Override
    public byte[] encodeRequest(Request request) {
        String body = verb(request.operation());
        return withChecksum(request.isTyped() ? body : request.seq() + " " + body);
    }

    private static String verb(Operation op) {
        if (op instanceof Operation.Hello h) {
            return "HELLO " + h.protocolVersion();
        } else if (op instanceof Operation.SetZone z) {
            return "SET " + z.zone().id() + " " + z.technique().id() + " " + z.level();
        } else if (op instanceof Operation.SetHeat h) {
            return "HEAT " + h.celsius();
        } else if (op instanceof Operation.HeatOff) {
            return "HEAT OFF";
        } else if (op instanceof Operation.StopAll) {
            return "STOP";
        } else if (op instanceof Operation.QueryStatus) {
            return "STATUS";
        } else if (op instanceof Operation.Ping) {
            return "PING";
        }
        throw new IllegalArgumentException("no text verb for " + op);
    }

    /**
     * Decodes a request line in the order docs/protocol.md §10 sets: the checksum is checked before
     * anything else is parsed (a bad or malformed one is BAD_CHECKSUM, carrying the sequence number
     * as read when that field parsed), then the sequence number, then the verb and its arguments.
     * Refusals of a line without a sequence number are marked {@link ProtocolException#typedLine()}:
     * during a host session a device answers those with NO_CHECKSUM instead.
     */
    @Override
    public Request decodeRequest(byte[] frame) throws ProtocolException {
        int star = -1;
        for (int i = frame.length - 1; i >= 0; i--) {
            if (frame[i] == '*') {
                star = i;
                break;
            }
        }
        int bodyEnd = star < 0 ? frame.length : star;
        String first = firstToken(frame, bodyEnd);
        boolean numbered = isNumber(first);
        int seq = numbered && isCanonical(first, 4) ? Integer.parseInt(first) : Request.TYPED;
        if (star >= 0) {
            int value = star + 3 == frame.length ? Checksum.parseHex(frame[star + 1], frame[star + 2]) : -1;
            if (value < 0) {
                throw new ProtocolException(ErrorCode.BAD_CHECKSUM, seq, "checksum field "
                        + printable(new String(frame, star + 1, frame.length - star - 1, StandardCharsets.US_ASCII))
                        + " is not two hex digits");
            }
            int actual = Checksum.xor(frame, 0, star);
            if (actual != value) {
                throw new ProtocolException(ErrorCode.BAD_CHECKSUM, seq, "checksum " + Checksum.hex(value)
                        + " does not match the line (computed " + Checksum.hex(actual) + ")");
            }
        } else if (numbered) {
            throw new ProtocolException(ErrorCode.NO_CHECKSUM, Request.TYPED, "request " + printable(first)
                    + " has no checksum (expected *HH at the end)");
        }
        if (numbered && seq == Request.TYPED) {
            throw new ProtocolException(ErrorCode.BAD_SYNTAX, Request.TYPED, "sequence number " + printable(first)
                    + " is not 0 to " + (SEQ_MODULUS - 1) + " written without leading zeros");
        }
        try {
            return new Request(seq, operation(frame, bodyEnd, numbered, seq));
        } catch (ProtocolException e) {
            throw seq == Request.TYPED ? e.ofTypedLine() : e;
        }
    }

    private static Operation operation(byte[] frame, int bodyEnd, boolean numbered, int seq) throws ProtocolException {
        List<String> tokens = new ArrayList<>();
        for (String t : new String(frame, 0, bodyEnd, StandardCharsets.ISO_8859_1).split(" ")) {
            if (!t.isEmpty()) {
                tokens.add(t);
            }
        }
        if (numbered) {
            tokens = tokens.subList(1, tokens.size());
        }
        boolean hello = !tokens.isEmpty() && tokens.get(0).equalsIgnoreCase("HELLO");
        try {
            for (int i = 0; i < bodyEnd; i++) {
                if (frame[i] < 0x20 || frame[i] > 0x7E) {
                    throw new ProtocolException(ErrorCode.BAD_SYNTAX, seq, "line has a byte 0x"
                            + Integer.toHexString(frame[i] & 0xFF) + " (expected printable ASCII)");
                }
            }
            if (tokens.isEmpty()) {
                throw new ProtocolException(ErrorCode.BAD_SYNTAX, seq, "no verb (expected one of HELLO, SET, HEAT, STOP, STATUS, PING)");
            }
            String verb = tokens.get(0).toUpperCase(Locale.ROOT);
            List<String> args = tokens.subList(1, tokens.size());
            if (hello) {
                arity(verb, args, 1, seq, "HELLO <version>");
                return new Operation.Hello(number(args.get(0), 0, 255, "version", seq));
            }
            return operation(verb, args, seq);
        } catch (ProtocolException e) {
            throw hello ? e.ofHello() : e; // a HELLO is recognised by its verb before §6 applies
        }
    }

    private static Operation operation(String verb, List<String> args, int seq) throws ProtocolException {
        switch (verb) {
            case "SET":
                arity(verb, args, 3, seq, "SET <zone> <technique> <level>");
                try {
                    return new Operation.SetZone(Zone.parse(args.get(0)), Technique.parse(args.get(1)),
                            number(args.get(2), 0, 100, "level", seq));
                } catch (IllegalArgumentException e) {
                    throw new ProtocolException(ErrorCode.BAD_ARG, seq, e.getMessage());
                }
            case "HEAT":
                arity(verb, args, 1, seq, "HEAT <celsius> or HEAT OFF");
                if (args.get(0).equalsIgnoreCase("OFF")) {
                    return new Operation.HeatOff();
                }
                return new Operation.SetHeat(number(args.get(0), 0, 99, "celsius", seq));
            case "STOP":
                arity(verb, args, 0, seq, "STOP");
                return new Operation.StopAll();
            case "STATUS":
                arity(verb, args, 0, seq, "STATUS");
                return new Operation.QueryStatus();
            case "PING":
                arity(verb, args, 0, seq, "PING");
                return new Operation.Ping();
            default:
                throw new ProtocolException(ErrorCode.UNKNOWN_VERB, seq, "unknown verb " + printable(verb)
                        + " (expected one of HELLO, SET, HEAT, STOP, STATUS, PING)");
        }
    }

    /** The bytes up to the first space, after leading spaces. */
    private static String firstToken(byte[] frame, int end) {
        int from = 0;
        while (from < end && frame[from] == ' ') {
            from++;
        }
        int to = from;
        while (to < end && frame[to] != ' ') {
            to++;
        }
        return new String(frame, from, to - from, StandardCharsets.ISO_8859_1);
    }

    /** One encoding per number: {@code 0}, or up to {@code maxDigits} digits not starting with 0. */
    private static boolean isCanonical(String digits, int maxDigits) {
        return digits.length() <= maxDigits && (digits.length() == 1 || digits.charAt(0) != '0');
    }

    private static void arity(String verb, List<String> args, int n, int seq, String form) throws ProtocolException {
        if (args.size() != n) {
            throw new ProtocolException(ErrorCode.BAD_SYNTAX, seq, verb + " takes " + n + " argument"
                    + (n == 1 ? "" : "s") + ", got " + args.size() + " (expected " + form + ")");
        }
    }

    private static int number(String token, int min, int max, String what, int seq) throws ProtocolException {
        if (isNumber(token) && isCanonical(token, 3)) {
            int n = Integer.parseInt(token);
            if (n >= min && n <= max) {
                return n;
            }
        }
        throw new ProtocolException(ErrorCode.BAD_ARG, seq, what + " " + printable(token)
                + " is not allowed (expected " + min + " to " + max + ")");
    }

    // ---------------------------------------------------------------- replies

    @Override
    public byte[] encodeReply(DeviceMessage message) {
        if (message instanceof DeviceMessage.Comment c) {
            return ("# " + clean(c.text())).getBytes(StandardCharsets.US_ASCII);
        }
        return withChecksum(replyBody(message));
    }

    private static String replyBody(DeviceMessage message) {
        if (message instanceof DeviceMessage.Ack a) {
            return "OK " + seqText(a.seq());
        } else if (message instanceof DeviceMessage.HelloAck h) {
            return "OK " + seqText(h.seq()) + " HELLO " + helloFields(h.hello());
        } else if (message instanceof DeviceMessage.StatusAck s) {
            return "OK " + seqText(s.seq()) + " STATUS " + statusFields(s.status());
        } else if (message instanceof DeviceMessage.Nak n) {
            return "ERR " + seqText(n.seq()) + " " + n.code().name() + (n.detail().isEmpty() ? "" : " " + clean(n.detail()));
        } else if (message instanceof DeviceMessage.Stopped) {
            return "EVT STOPPED";
        } else if (message instanceof DeviceMessage.Notice n) {
            DeviceEvent e = n.event();
            if (e instanceof DeviceEvent.StatusReport r) {
                return "EVT STATUS " + statusFields(r.status());
            } else if (e instanceof DeviceEvent.ButtonPressed b) {
                return "EVT BUTTON " + word(b.button());
            } else if (e instanceof DeviceEvent.OverTemperature o) {
                return "EVT OVERTEMP " + oneDecimal(o.celsius());
            } else if (e instanceof DeviceEvent.Fault f) {
                return "EVT FAULT " + word(f.code()) + (f.message().isEmpty() ? "" : " " + clean(f.message()));
            }
        }
        throw new IllegalArgumentException("no text form for " + message);
    }

    private static String seqText(int seq) {
        return seq == Request.TYPED ? "-" : Integer.toString(seq);
    }

    static String helloFields(DeviceHello h) {
        StringBuilder b = new StringBuilder();
        b.append("proto=").append(h.protocolVersion()).append(" model=").append(h.model()).append(" fw=").append(h.firmware())
                .append(" sn=").append(h.serialNumber()).append(" rx=").append(h.rxBuffer()).append(" hb=").append(h.heartbeatMillis());
        h.profileId().ifPresent(p -> b.append(" profile=").append(p));
        h.capabilities().ifPresent(c -> {
            b.append(" zones=").append(c.zones().entrySet().stream()
                    .map(e -> e.getKey().id() + ":" + e.getValue().stream().map(Technique::id).collect(Collectors.joining("+")))
                    .collect(Collectors.joining(",")));
            b.append(" steps=").append(c.steps());
            b.append(" heat=").append(c.heat().map(r -> r.minCelsius() + "-" + r.maxCelsius()).orElse("none"));
            b.append(" session=").append(c.sessionMinutes());
        });
        return b.toString();
    }

    static String statusFields(DeviceStatus s) {
        StringBuilder b = new StringBuilder();
        s.zones().forEach((zone, setting) -> b.append(zone.id()).append('=').append(setting.technique().id())
                .append(':').append(setting.level()).append(' '));
        b.append("heat=").append(s.heatTarget().isPresent() ? Integer.toString(s.heatTarget().getAsInt()) : "off");
        if (s.temperature().isPresent()) {
            b.append(" temp=").append(oneDecimal(s.temperature().getAsDouble()));
        }
        return b.toString();
    }

    @Override
    public DeviceMessage decodeReply(byte[] frame) throws ProtocolException {
        if (frame.length > 0 && frame[0] == '#') {
            return new DeviceMessage.Comment(new String(frame, 1, frame.length - 1, StandardCharsets.US_ASCII).trim());
        }
        Line line = Line.split(frame);
        if (!line.hasChecksum()) {
            throw new ProtocolException(ErrorCode.NO_CHECKSUM, Request.TYPED, "reply has no checksum: " + line.text());
        }
        line.verifyChecksum(Request.TYPED);
        List<String> t = line.tokens();
        if (t.size() < 2) {
            throw new ProtocolException(ErrorCode.BAD_SYNTAX, Request.TYPED, "reply too short: " + line.text());
        }
        try {
            switch (t.get(0)) {
                case "OK":
                    return ok(t);
                case "ERR":
                    if (t.size() < 3) {
                        throw new ProtocolException(ErrorCode.BAD_SYNTAX, Request.TYPED, "ERR without a code: " + line.text());
                    }
                    return new DeviceMessage.Nak(replySeq(t.get(1)), ErrorCode.parse(t.get(2)), String.join(" ", t.subList(3, t.size())));
                case "EVT":
                    return event(t);
                default:
                    throw new ProtocolException(ErrorCode.BAD_SYNTAX, Request.TYPED, "unknown reply: " + line.text());
            }
        } catch (IllegalArgumentException e) {
            throw new ProtocolException(ErrorCode.BAD_ARG, Request.TYPED, "bad reply '" + line.text() + "': " + e.getMessage());
        }
    }

    private static DeviceMessage ok(List<String> t) throws ProtocolException {
        int seq = replySeq(t.get(1));
        if (t.size() == 2) {
            return new DeviceMessage.Ack(seq);
        }
        Map<String, String> fields = fields(t.subList(3, t.size()));
        switch (t.get(2)) {
            case "HELLO":
                return new DeviceMessage.HelloAck(seq, hello(fields));
            case "STATUS":
                return new DeviceMessage.StatusAck(seq, status(fields));
            default:
                // a newer device may add data to acknowledgements: the ack itself still counts
                return new DeviceMessage.Ack(seq);
        }
    }

    private static DeviceMessage event(List<String> t) throws ProtocolException {
        String arg = t.size() > 2 ? t.get(2) : "";
        switch (t.get(1)) {
            case "STOPPED":
                return new DeviceMessage.Stopped();
            case "STATUS":
                return new DeviceMessage.Notice(new DeviceEvent.StatusReport(status(fields(t.subList(2, t.size())))));
            case "BUTTON":
                return new DeviceMessage.Notice(new DeviceEvent.ButtonPressed(arg));
            case "OVERTEMP":
                return new DeviceMessage.Notice(new DeviceEvent.OverTemperature(Double.parseDouble(arg)));
            case "FAULT":
                return new DeviceMessage.Notice(new DeviceEvent.Fault(arg, String.join(" ", t.subList(Math.min(3, t.size()), t.size()))));
            default:
                throw new ProtocolException(ErrorCode.UNKNOWN_VERB, Request.TYPED, "unknown event " + printable(t.get(1)));
        }
    }

    private static int replySeq(String token) throws ProtocolException {
        if (token.equals("-")) {
            return Request.TYPED;
        }
        if (!isNumber(token) || token.length() > 5) {
            throw new ProtocolException(ErrorCode.BAD_SYNTAX, Request.TYPED, "bad sequence number " + printable(token));
        }
        return Integer.parseInt(token);
    }

    private static Map<String, String> fields(List<String> tokens) {
        Map<String, String> map = new LinkedHashMap<>();
        for (String token : tokens) {
            int eq = token.indexOf('=');
            if (eq > 0) {
                map.put(token.substring(0, eq), token.substring(eq + 1));
            }
        }
        return map;
    }

    private static DeviceHello hello(Map<String, String> f) throws ProtocolException {
        Optional<Capabilities> caps = Optional.empty();
        if (f.containsKey("zones")) {
            Map<Zone, Set<Technique>> zones = new EnumMap<>(Zone.class);
            for (String entry : f.get("zones").split(",")) {
                int colon = entry.indexOf(':');
                if (colon < 0) {
                    throw new IllegalArgumentException("zone entry '" + entry + "' (expected zone:technique+technique)");
                }
                Set<Technique> techniques = EnumSet.noneOf(Technique.class);
                for (String t : entry.substring(colon + 1).split("\\+")) {
                    techniques.add(Technique.parse(t));
                }
                zones.put(Zone.parse(entry.substring(0, colon)), techniques);
            }
            String heat = require(f, "heat");
            Optional<HeatRange> range = Optional.empty();
            if (!heat.equals("none")) {
                String[] mm = heat.split("-");
                if (mm.length != 2) {
                    throw new IllegalArgumentException("heat '" + heat + "' (expected min-max or none)");
                }
                range = Optional.of(new HeatRange(Integer.parseInt(mm[0]), Integer.parseInt(mm[1])));
            }
            caps = Optional.of(new Capabilities(zones, Integer.parseInt(require(f, "steps")), range,
                    Integer.parseInt(require(f, "session"))));
        }
        return new DeviceHello(Integer.parseInt(require(f, "proto")), require(f, "model"), require(f, "fw"),
                require(f, "sn"), Integer.parseInt(require(f, "rx")), Integer.parseInt(require(f, "hb")),
                Optional.ofNullable(f.get("profile")), caps);
    }

    private static DeviceStatus status(Map<String, String> f) {
        Map<Zone, ZoneSetting> zones = new EnumMap<>(Zone.class);
        OptionalInt heat = OptionalInt.empty();
        OptionalDouble temp = OptionalDouble.empty();
        for (Map.Entry<String, String> e : f.entrySet()) {
            switch (e.getKey()) {
                case "heat":
                    heat = e.getValue().equals("off") ? OptionalInt.empty() : OptionalInt.of(Integer.parseInt(e.getValue()));
                    break;
                case "temp":
                    temp = OptionalDouble.of(Double.parseDouble(e.getValue()));
                    break;
                default:
                    Zone zone;
                    try {
                        zone = Zone.parse(e.getKey());
                    } catch (IllegalArgumentException newerField) {
                        continue; // fields added by a newer device are ignored
                    }
                    String[] tl = e.getValue().split(":");
                    if (tl.length != 2) {
                        throw new IllegalArgumentException("zone status '" + e.getValue() + "' (expected technique:level)");
                    }
                    zones.put(zone, new ZoneSetting(Technique.parse(tl[0]), Integer.parseInt(tl[1])));
            }
        }
        return new DeviceStatus(zones, heat, temp);
    }

    private static String require(Map<String, String> f, String key) {
        String v = f.get(key);
        if (v == null) {
            throw new IllegalArgumentException("HELLO reply lacks " + key + "=");
        }
        return v;
    }

    // ---------------------------------------------------------------- helpers

    /**
     * A temperature with exactly one decimal ({@code 25.2}, {@code -3.0}), as docs/protocol.md §3 spells
     * it. Integer arithmetic rather than {@code String.format}: a device's watchdog event should not
     * wait for a formatter (tens of milliseconds on a cold JVM).
     */
    static String oneDecimal(double celsius) {
        long tenths = Math.round(celsius * 10);
        long abs = Math.abs(tenths);
        return (tenths < 0 ? "-" : "") + abs / 10 + "." + abs % 10;
    }

    private static byte[] withChecksum(String body) {
        byte[] b = body.getBytes(StandardCharsets.US_ASCII);
        String line = body + "*" + Checksum.hex(Checksum.xor(b, 0, b.length));
        return line.getBytes(StandardCharsets.US_ASCII);
    }

    private static boolean isNumber(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    /** Free text on the wire: printable ASCII, no '*'. */
    private static String clean(String text) {
        StringBuilder b = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            b.append(c >= ' ' && c <= '~' && c != '*' ? c : '?');
        }
        return b.toString().trim();
    }

    private static String word(String text) {
        String w = clean(text).replace(' ', '_');
        return w.isEmpty() ? "-" : w;
    }

    private static String printable(String s) {
        String c = clean(s);
        return "'" + (c.length() > 20 ? c.substring(0, 20) + "..." : c) + "'";
    }

    /** A line split into body tokens and an optional checksum. */
    private record Line(byte[] bytes, int bodyEnd, int checksum) {

        static Line split(byte[] frame) throws ProtocolException {
            for (byte b : frame) {
                if (b < 0x20 && b != '\t' || b > 0x7E) {
                    throw new ProtocolException(ErrorCode.BAD_SYNTAX, Request.TYPED,
                            "line has a byte 0x" + Integer.toHexString(b & 0xFF) + " (expected printable ASCII)");
                }
            }
            int star = -1;
            for (int i = frame.length - 1; i >= 0; i--) {
                if (frame[i] == '*') {
                    star = i;
                    break;
                }
            }
            if (star < 0) {
                return new Line(frame, frame.length, -1);
            }
            int value = star + 3 == frame.length ? Checksum.parseHex(frame[star + 1], frame[star + 2]) : -1;
            if (value < 0) {
                throw new ProtocolException(ErrorCode.BAD_CHECKSUM, Request.TYPED,
                        "checksum after '*' is not two hex digits in " + new String(frame, StandardCharsets.US_ASCII));
            }
            return new Line(frame, star, value);
        }

        boolean hasChecksum() {
            return checksum >= 0;
        }

        void verifyChecksum(int seq) throws ProtocolException {
            if (hasChecksum()) {
                int actual = Checksum.xor(bytes, 0, bodyEnd);
                if (actual != checksum) {
                    throw new ProtocolException(ErrorCode.BAD_CHECKSUM, seq, "checksum " + Checksum.hex(checksum)
                            + " does not match the line (computed " + Checksum.hex(actual) + ")");
                }
            }
        }

        String text() {
            return new String(bytes, 0, bodyEnd, StandardCharsets.US_ASCII);
        }

        List<String> tokens() {
            List<String> out = new ArrayList<>();
            for (String s : BLANKS.split(text().trim())) {
                if (!s.isEmpty()) {
                    out.add(s);
                }
            }
            return out;
        }
    }

}
