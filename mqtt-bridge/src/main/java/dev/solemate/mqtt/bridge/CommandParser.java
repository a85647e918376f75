package dev.solemate.mqtt.bridge;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.solemate.device.DeviceProfile;
import dev.solemate.device.HeatRange;
import dev.solemate.device.Technique;
import dev.solemate.device.Zone;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Turns {@code /set} payloads (JSON) and {@code /set/<attribute>} payloads (a raw value) into a
 * {@link Command} for one device, or a {@link CommandException} whose message says exactly what was
 * wrong and what is allowed. It checks everything against the device (zones, techniques, heater,
 * routine names) so that an invalid command changes nothing. Pure and thread-safe.
 *
 * <p><b>One rule for every value:</b> it is taken exactly as written. Nothing is trimmed and case
 * matters: {@code "ON"}/{@code "OFF"} for power (as Home Assistant sends them), and lower-case ids
 * for everything else, as the bridge lists them ({@code bedtime}, {@code none}, {@code arch},
 * {@code knead}, {@code pause}). {@code " off "}, {@code "on"} and {@code "BEDTIME"} are refused
 * with the allowed values, so a sloppy automation is told at once instead of half-working.
 * Numbers on {@code /set/<attribute>} are plain decimals ({@code 40}, {@code 33.3}), without spaces.
 */
public final class CommandParser {

    static final Set<String> FIELDS = Set.of("transaction", "power", "routine", "zones", "heat", "playback", "comfort_cap");
    private static final Set<String> ZONE_FIELDS = Set.of("technique", "intensity");
    static final int MAX_TRANSACTION_CHARS = 128;
    /** The routine (and heat shortcut) value that means "off", as the Home Assistant select offers it. */
    static final String NONE = "none";
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    static {
        MAPPER.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(32).maxNumberLength(64).maxStringLength(1 << 16).build());
    }

    private final String device;
    private final DeviceProfile profile;
    private final Set<String> routines;
    private final int maxBytes;

    /**
     * @param device   the device name, for messages
     * @param profile  what the device can do
     * @param routines the routine names that can be started
     * @param maxBytes the largest payload accepted
     */
    public CommandParser(String device, DeviceProfile profile, Set<String> routines, int maxBytes) {
        this.device = Objects.requireNonNull(device, "device");
        this.profile = Objects.requireNonNull(profile, "profile");
        this.routines = Set.copyOf(routines);
        this.maxBytes = maxBytes;
    }

    /** The attributes {@code /set/<attribute>} accepts on this device. */
    public Set<String> attributes() {
        Set<String> names = new TreeSet<>(Set.of("power", "routine", "playback", "comfort_cap"));
        if (profile.hasHeat()) {
            names.add("heat");
        }
        for (Zone zone : profile.zones().keySet()) {
            names.add(zone.id() + "_intensity");
            names.add(zone.id() + "_technique");
        }
        return names;
    }

    /** Parses a JSON command. @throws CommandException when anything about it is wrong */
    public Command parse(byte[] payload) {
        String text = decode(payload);
        JsonNode root;
        try {
            root = MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new CommandException("broken JSON: " + oneLine(e.getOriginalMessage())
                    + " (expected a JSON object such as {\"routine\":\"bedtime\"})", Optional.empty());
        } catch (RuntimeException e) {
            throw new CommandException("unreadable payload: " + oneLine(e.getMessage()), Optional.empty());
        }
        if (root == null || !root.isObject()) {
            throw new CommandException("expected a JSON object such as {\"routine\":\"bedtime\"}, got "
                    + (root == null ? "nothing" : kind(root)), Optional.empty());
        }
        return parse((ObjectNode) root);
    }

    /**
     * Parses a raw value sent to {@code /set/<attribute>}, e.g. {@code 40} to {@code arch_intensity}.
     *
     * @throws CommandException for an unknown attribute or a bad value
     */
    public Command parseAttribute(String attribute, byte[] payload) {
        if (attribute.isEmpty()) {
            throw new CommandException("empty attribute in " + device + "/set/ (expected one of: "
                    + String.join(", ", attributes()) + ")", Optional.empty());
        }
        if (!attributes().contains(attribute)) {
            throw new CommandException("unknown attribute '" + clip(attribute) + "' in " + device + "/set/" + clip(attribute)
                    + " (expected one of: " + String.join(", ", attributes()) + ")", Optional.empty());
        }
        String raw = decode(payload);
        ObjectNode command = JsonNodeFactory.instance.objectNode();
        int underscore = attribute.lastIndexOf('_');
        String suffix = underscore < 0 ? "" : attribute.substring(underscore + 1);
        if ((suffix.equals("intensity") || suffix.equals("technique")) && !attribute.equals("comfort_cap")) {
            String zoneId = attribute.substring(0, underscore);
            ObjectNode zone = command.putObject("zones").putObject(zoneId);
            if (suffix.equals("intensity")) {
                zone.set("intensity", number(attribute, raw));
            } else {
                zone.put("technique", raw);
            }
        } else {
            switch (attribute) {
                case "power", "playback" -> command.put(attribute, raw);
                case "routine" -> {
                    if (raw.equals(NONE)) {
                        command.putNull("routine");
                    } else {
                        command.put("routine", raw);
                    }
                }
                case "heat" -> {
                    if (raw.equals(NONE) || raw.equals("0")) {
                        command.putNull("heat");
                    } else {
                        command.set("heat", number(attribute, raw));
                    }
                }
                case "comfort_cap" -> command.set("comfort_cap", number(attribute, raw));
                default -> throw new CommandException("unknown attribute '" + attribute + "' in " + device
                        + "/set/" + attribute + " (expected one of: " + String.join(", ", attributes()) + ")",
                        Optional.empty());
            }
        }
        return parse(command);
    }

    private Command parse(ObjectNode root) {
        Optional<JsonNode> transaction = transaction(root.get("transaction"));
        try {
            return parseFields(root, transaction);
        } catch (IllegalArgumentException e) {
            throw new CommandException(e.getMessage(), transaction);
        }
    }

    private Command parseFields(ObjectNode root, Optional<JsonNode> transaction) {
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!FIELDS.contains(field)) {
                throw new IllegalArgumentException("unknown field '" + field + "' (expected one of: "
                        + String.join(", ", new TreeSet<>(FIELDS)) + ")");
            }
        }
        if (root.size() == (root.has("transaction") ? 1 : 0)) {
            throw new IllegalArgumentException("empty command (expected at least one of: comfort_cap, heat, playback, "
                    + "power, routine, zones)");
        }
        Optional<Command.Power> power = Optional.ofNullable(root.get("power")).map(this::power);
        Optional<Optional<String>> routine = root.has("routine") ? Optional.of(routine(root.get("routine"))) : Optional.empty();
        Map<Zone, Command.ZoneChange> zones = root.has("zones") ? zones(root.get("zones")) : Map.of();
        Optional<OptionalInt> heat = root.has("heat") ? Optional.of(heat(root.get("heat"))) : Optional.empty();
        Optional<Command.PlaybackAction> playback = Optional.ofNullable(root.get("playback")).map(this::playback);
        OptionalInt cap = root.has("comfort_cap") ? OptionalInt.of(comfortCap(root.get("comfort_cap"))) : OptionalInt.empty();
        boolean manual = !zones.isEmpty() || heat.isPresent();
        if (power.isPresent() && (routine.isPresent() || manual || playback.isPresent())) {
            throw new IllegalArgumentException("power cannot be combined with routine, zones, heat or playback "
                    + "(send them separately)");
        }
        if (routine.isPresent() && (manual || playback.isPresent())) {
            throw new IllegalArgumentException("routine cannot be combined with zones, heat or playback "
                    + "(a routine sets them itself)");
        }
        if (playback.isPresent() && manual) {
            throw new IllegalArgumentException("playback cannot be combined with zones or heat");
        }
        return new Command(transaction, power, routine, zones, heat, playback, cap);
    }

    private Optional<JsonNode> transaction(JsonNode node) {
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        if ((node.isTextual() && node.asText().length() <= MAX_TRANSACTION_CHARS) || node.isIntegralNumber()) {
            return Optional.of(node);
        }
        throw new CommandException("transaction must be a string of at most " + MAX_TRANSACTION_CHARS
                + " characters or a whole number, got " + kind(node), Optional.empty());
    }

    private Command.Power power(JsonNode node) {
        if (node.isTextual() && (node.asText().equals("ON") || node.asText().equals("OFF"))) {
            return Command.Power.valueOf(node.asText());
        }
        throw new IllegalArgumentException("power " + show(node) + " is not allowed (expected \"ON\" or \"OFF\")");
    }

    private Optional<String> routine(JsonNode node) {
        if (node.isNull() || (node.isTextual() && node.asText().equals(NONE))) {
            return Optional.empty();
        }
        if (!node.isTextual()) {
            throw new IllegalArgumentException("routine must be a routine name or null, got " + kind(node));
        }
        String name = node.asText();
        if (!routines.contains(name)) {
            throw new IllegalArgumentException("unknown routine '" + clip(name) + "' (expected one of: "
                    + String.join(", ", new TreeSet<>(routines)) + ", or null or none to stop)");
        }
        return Optional.of(name);
    }

    private Map<Zone, Command.ZoneChange> zones(JsonNode node) {
        if (!node.isObject() || node.isEmpty()) {
            throw new IllegalArgumentException("zones must be an object such as {\"arch\":{\"technique\":\"knead\","
                    + "\"intensity\":40}}, got " + kind(node));
        }
        Map<Zone, Command.ZoneChange> result = new EnumMap<>(Zone.class);
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            Zone zone = zone(e.getKey());
            JsonNode z = e.getValue();
            if (!z.isObject() || z.isEmpty()) {
                throw new IllegalArgumentException("zones." + zone.id() + " must be an object with technique and/or "
                        + "intensity, got " + kind(z));
            }
            for (Iterator<String> f = z.fieldNames(); f.hasNext(); ) {
                String field = f.next();
                if (!ZONE_FIELDS.contains(field)) {
                    throw new IllegalArgumentException("unknown field '" + clip(field) + "' in zones." + zone.id()
                            + " (expected technique or intensity)");
                }
            }
            Optional<Technique> technique = Optional.ofNullable(z.get("technique")).map(t -> technique(zone, t));
            OptionalDouble intensity = z.has("intensity") ? OptionalDouble.of(intensity(zone, z.get("intensity")))
                    : OptionalDouble.empty();
            result.put(zone, new Command.ZoneChange(technique, intensity));
        }
        return result;
    }

    private Zone zone(String id) {
        Zone zone;
        try {
            zone = Zone.parse(id);
            if (!zone.id().equals(id)) {
                throw new IllegalArgumentException("not exactly an id");
            }
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown zone '" + clip(id) + "' (expected one of: " + zoneIds() + ")");
        }
        if (!profile.hasZone(zone)) {
            throw new IllegalArgumentException(device + " has no zone '" + zone.id() + "' (expected one of: "
                    + zoneIds() + ")");
        }
        return zone;
    }

    private Technique technique(Zone zone, JsonNode node) {
        String allowed = profile.techniques(zone).stream().map(Technique::id).collect(Collectors.joining(", "));
        if (!node.isTextual()) {
            throw new IllegalArgumentException("zones." + zone.id() + ".technique must be one of: " + allowed
                    + ", got " + kind(node));
        }
        Technique technique;
        try {
            technique = Technique.parse(node.asText());
            if (!technique.id().equals(node.asText())) {
                throw new IllegalArgumentException("not exactly an id");
            }
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown technique '" + clip(node.asText()) + "' for zones." + zone.id()
                    + " (expected one of: " + allowed + ")");
        }
        if (!profile.supports(zone, technique)) {
            throw new IllegalArgumentException("zone " + zone.id() + " of " + device + " cannot " + technique.id()
                    + " (expected one of: " + allowed + ")");
        }
        return technique;
    }

    private double intensity(Zone zone, JsonNode node) {
        if (!node.isNumber()) {
            throw new IllegalArgumentException("zones." + zone.id() + ".intensity must be a number from 0 to 100, got "
                    + kind(node));
        }
        double v = node.asDouble();
        if (!(v >= 0 && v <= 100)) {
            throw new IllegalArgumentException("zones." + zone.id() + ".intensity " + show(node)
                    + " is out of range (expected 0 to 100)");
        }
        return v;
    }

    private OptionalInt heat(JsonNode node) {
        if (!profile.hasHeat()) {
            throw new IllegalArgumentException(device + " has no heater (heat is not allowed)");
        }
        if (node.isNull()) {
            return OptionalInt.empty();
        }
        HeatRange range = profile.heat().orElseThrow();
        if (!node.isNumber() || !node.canConvertToExactIntegral()) {
            throw new IllegalArgumentException("heat must be whole degrees from " + range.minCelsius() + " to "
                    + range.maxCelsius() + " or null, got " + kind(node));
        }
        if (!node.canConvertToInt() || !range.contains(node.asInt())) {
            throw new IllegalArgumentException("heat " + show(node) + " °C is out of range (expected "
                    + range.minCelsius() + " to " + range.maxCelsius() + ", or null for off)");
        }
        return OptionalInt.of(node.asInt());
    }

    private Command.PlaybackAction playback(JsonNode node) {
        if (node.isTextual() && (node.asText().equals("pause") || node.asText().equals("resume"))) {
            return Command.PlaybackAction.valueOf(node.asText().toUpperCase(Locale.ROOT));
        }
        throw new IllegalArgumentException("playback " + show(node) + " is not allowed (expected \"pause\" or \"resume\")");
    }

    private int comfortCap(JsonNode node) {
        if (!node.isNumber() || !node.canConvertToExactIntegral() || !node.canConvertToInt()
                || node.asInt() < 1 || node.asInt() > 100) {
            throw new IllegalArgumentException("comfort_cap " + show(node) + " is out of range (expected a whole "
                    + "percentage from 1 to 100)");
        }
        return node.asInt();
    }

    private String decode(byte[] payload) {
        if (payload.length > maxBytes) {
            throw new CommandException("payload is " + payload.length + " bytes (expected at most " + maxBytes + ")",
                    Optional.empty());
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(payload)).toString();
        } catch (CharacterCodingException e) {
            throw new CommandException("payload is not UTF-8 text (expected JSON)", Optional.empty());
        }
    }

    /** A plain decimal as a number; anything else (" 40", "4e1", "0x28") stays text and is refused as such. */
    private static JsonNode number(String attribute, String raw) {
        if (raw.matches("-?\\d{1,9}")) {
            return JsonNodeFactory.instance.numberNode(Integer.parseInt(raw));
        }
        if (raw.matches("-?\\d{1,9}\\.\\d{1,17}")) {
            return JsonNodeFactory.instance.numberNode(Double.parseDouble(raw));
        }
        return JsonNodeFactory.instance.textNode(raw);
    }

    private String zoneIds() {
        return profile.zones().keySet().stream().map(Zone::id).collect(Collectors.joining(", "));
    }


    private static String kind(JsonNode node) {
        if (node.isTextual()) {
            return "text \"" + clip(node.asText()) + "\"";
        }
        if (node.isNumber()) {
            return "number " + clip(node.asText());
        }
        return node.getNodeType().name().toLowerCase(Locale.ROOT);
    }

    private static String show(JsonNode node) {
        return node.isTextual() ? "\"" + clip(node.asText()) + "\"" : clip(node.toString());
    }

    private static String clip(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "..." : s;
    }

    private static String oneLine(String s) {
        return s == null ? "" : clip(s.replaceAll("\\s+", " "));
    }
}
