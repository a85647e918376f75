package dev.solemate.routine;

import com.fasterxml.jackson.databind.JsonNode;
import dev.solemate.device.Intensity;
import dev.solemate.device.Technique;
import dev.solemate.device.Zone;
import dev.solemate.json.InvalidFileException;
import dev.solemate.json.LocatedJson;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * Reads the routine JSON format (docs/routines.md) into a {@link Routine}. Stops at the first
 * problem, reported with the file, line:column, JSON path and what was expected. The value checks
 * themselves live in the model's constructors, so the builder and the parser cannot drift apart;
 * this class adds the location.
 */
final class RoutineParser {

    static final String ALL_ZONES = "all";
    private static final Set<String> ROUTINE_FIELDS = Set.of("$schema", "name", "description", "heat", "steps");
    private static final Set<String> STEP_FIELDS = Set.of("name", "duration", "zones", "heat");
    private static final Set<String> GROUP_FIELDS = Set.of("repeat", "steps");
    private static final Set<String> ACTION_FIELDS = Set.of("technique", "intensity");
    private static final Set<String> RAMP_FIELDS = Set.of("from", "to");
    private static final Set<String> PULSE_FIELDS = Set.of("low", "high", "period");
    private static final String INTENSITY_FORMS = "a number from 0 to 100, {\"from\": 10, \"to\": 30}"
            + " or {\"pulse\": {\"low\": 10, \"high\": 40, \"period\": \"4s\"}}";

    private final LocatedJson doc;

    private RoutineParser(LocatedJson doc) {
        this.doc = doc;
    }

    static Routine parse(String source, String json) {
        return new RoutineParser(LocatedJson.parse(source, json)).routine();
    }

    private Routine routine() {
        JsonNode root = doc.root();
        if (!root.isObject()) {
            throw doc.error("", "expected a JSON object with name, description and steps");
        }
        checkFields(root, "", ROUTINE_FIELDS);
        String name = located("/name", () -> Routine.checkName("routine name", text(root, "", "name", true)));
        String description = root.has("description") ? text(root, "", "description", false) : "";
        if (description.length() > Routine.MAX_DESCRIPTION_LENGTH) {
            throw doc.error("/description", "description is " + description.length()
                    + " characters long (expected at most " + Routine.MAX_DESCRIPTION_LENGTH + ")");
        }
        Heat heat = root.has("heat") ? heat(root.get("heat"), "/heat") : Heat.OFF;
        List<Block> steps = blocks(root, "", 1);
        return located("/steps", () -> new Routine(name, description, heat, steps));
    }

    private List<Block> blocks(JsonNode parent, String pointer, int depth) {
        String at = pointer + "/steps";
        JsonNode list = parent.get("steps");
        if (list == null) {
            throw doc.error(pointer, "missing 'steps' (expected a list of steps)");
        }
        if (!list.isArray()) {
            throw doc.error(at, "expected a list of steps, got " + describe(list));
        }
        if (list.isEmpty()) {
            throw doc.error(at, (pointer.isEmpty() ? "routine" : "repeat group")
                    + " has no steps (expected at least one)");
        }
        if (list.size() > Routine.MAX_BLOCKS) {
            throw doc.error(at, "has " + list.size() + " entries (expected at most " + Routine.MAX_BLOCKS + ")");
        }
        List<Block> blocks = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            JsonNode node = list.get(i);
            String here = at + "/" + i;
            if (!node.isObject()) {
                throw doc.error(here, "expected a step object (name, duration, zones, heat) or a repeat group"
                        + " (repeat, steps), got " + describe(node));
            }
            blocks.add(node.has("repeat") ? group(node, here, depth) : step(node, here));
        }
        return blocks;
    }

    private Repeat group(JsonNode node, String pointer, int depth) {
        checkFields(node, pointer, GROUP_FIELDS);
        if (depth > Routine.MAX_NESTING) {
            throw doc.error(pointer, "repeat groups nest " + depth + " deep (expected at most "
                    + Routine.MAX_NESTING + ")");
        }
        JsonNode times = node.get("repeat");
        if (!times.canConvertToExactIntegral()) {
            throw doc.error(pointer + "/repeat", "expected a whole number of rounds from 1 to " + Repeat.MAX_TIMES
                    + ", got " + describe(times));
        }
        if (times.asLong() < 1 || times.asLong() > Repeat.MAX_TIMES) {
            throw doc.error(pointer + "/repeat", "repeat " + times.asText() + " is out of range (expected 1 to "
                    + Repeat.MAX_TIMES + ")");
        }
        List<Block> blocks = blocks(node, pointer, depth + 1);
        return located(pointer, () -> new Repeat(times.asInt(), blocks));
    }

    private Step step(JsonNode node, String pointer) {
        checkFields(node, pointer, STEP_FIELDS);
        String name = text(node, pointer, "name", true);
        located(pointer + "/name", () -> Routine.checkName("step name", name));
        JsonNode durationNode = node.get("duration");
        if (durationNode == null) {
            throw doc.error(pointer, "missing 'duration' (expected " + HumanDuration.EXPECTED + ")");
        }
        Duration duration = duration(durationNode, pointer + "/duration");
        located(pointer + "/duration", () -> {
            Step.checkDuration(duration);
            return null;
        });
        Optional<ZoneAction> everyZone = Optional.empty();
        Map<Zone, ZoneAction> zones = new EnumMap<>(Zone.class);
        JsonNode zonesNode = node.get("zones");
        if (zonesNode != null) {
            if (!zonesNode.isObject()) {
                throw doc.error(pointer + "/zones", "expected an object mapping zones (" + ALL_ZONES + ", "
                        + Zone.allowed() + ") to actions, got " + describe(zonesNode));
            }
            for (Map.Entry<String, JsonNode> e : zonesNode.properties()) {
                String key = e.getKey();
                String here = pointer + "/zones/" + escape(key);
                if (key.trim().equalsIgnoreCase(ALL_ZONES)) {
                    if (everyZone.isPresent()) {
                        throw doc.error(here, "\"all\" is set twice (expected it once)");
                    }
                    everyZone = Optional.of(action(e.getValue(), here));
                    continue;
                }
                Zone zone;
                try {
                    zone = Zone.parse(key);
                } catch (IllegalArgumentException ex) {
                    throw doc.error(here, "unknown zone '" + key + "' (expected one of: " + ALL_ZONES + ", "
                            + Zone.allowed() + ")" + Suggest.closest(key, zoneIds()));
                }
                if (zones.containsKey(zone)) {
                    throw doc.error(here, "zone " + zone.id() + " is set twice (expected each zone once)");
                }
                zones.put(zone, action(e.getValue(), here));
            }
        }
        Optional<Heat> heat = node.has("heat") ? Optional.of(heat(node.get("heat"), pointer + "/heat"))
                : Optional.empty();
        Optional<ZoneAction> all = everyZone;
        return located(pointer, () -> new Step(name, duration, all, zones, heat));
    }

    private ZoneAction action(JsonNode node, String pointer) {
        if (!node.isObject()) {
            throw doc.error(pointer, "expected {\"technique\": \"knead\", \"intensity\": 30}, got " + describe(node));
        }
        checkFields(node, pointer, ACTION_FIELDS);
        JsonNode techniqueNode = node.get("technique");
        if (techniqueNode == null) {
            throw doc.error(pointer, "missing 'technique' (expected one of: " + Technique.allowed() + ")");
        }
        if (!techniqueNode.isTextual()) {
            throw doc.error(pointer + "/technique", "expected a technique name (" + Technique.allowed()
                    + "), got " + describe(techniqueNode));
        }
        Technique technique;
        try {
            technique = Technique.parse(techniqueNode.asText());
        } catch (IllegalArgumentException ex) {
            throw doc.error(pointer + "/technique", ex.getMessage()
                    + Suggest.closest(techniqueNode.asText(), techniqueIds()));
        }
        JsonNode intensityNode = node.get("intensity");
        if (intensityNode == null) {
            throw doc.error(pointer, "missing 'intensity' (expected " + INTENSITY_FORMS + ")");
        }
        return new ZoneAction(technique, shape(intensityNode, pointer + "/intensity"));
    }

    private Shape shape(JsonNode node, String pointer) {
        if (node.isNumber()) {
            return new Shape.Constant(percent(node, pointer));
        }
        if (!node.isObject()) {
            throw doc.error(pointer, "expected " + INTENSITY_FORMS + ", got " + describe(node));
        }
        if (node.has("pulse")) {
            checkFields(node, pointer, Set.of("pulse"));
            JsonNode pulse = node.get("pulse");
            String at = pointer + "/pulse";
            if (!pulse.isObject()) {
                throw doc.error(at, "expected {\"low\": 10, \"high\": 40, \"period\": \"4s\"}, got " + describe(pulse));
            }
            checkFields(pulse, at, PULSE_FIELDS);
            Intensity low = percent(required(pulse, at, "low", "a number from 0 to 100"), at + "/low");
            Intensity high = percent(required(pulse, at, "high", "a number from 0 to 100"), at + "/high");
            Duration period = duration(required(pulse, at, "period", HumanDuration.EXPECTED), at + "/period");
            if (low.compareTo(high) > 0) {
                throw doc.error(at + "/low", "pulse low " + low + " is above high " + high + " (expected low <= high)");
            }
            return located(at + "/period", () -> new Shape.Pulse(low, high, period));
        }
        if (node.has("from") || node.has("to")) {
            checkFields(node, pointer, RAMP_FIELDS);
            Intensity from = percent(required(node, pointer, "from", "a number from 0 to 100"), pointer + "/from");
            Intensity to = percent(required(node, pointer, "to", "a number from 0 to 100"), pointer + "/to");
            return new Shape.Ramp(from, to);
        }
        throw doc.error(pointer, "expected " + INTENSITY_FORMS + ", got " + describe(node));
    }

    private Intensity percent(JsonNode node, String pointer) {
        if (!node.isNumber()) {
            throw doc.error(pointer, "expected an intensity from 0 to 100 (%), got " + describe(node));
        }
        return located(pointer, () -> Intensity.of(node.asDouble()));
    }

    private Heat heat(JsonNode node, String pointer) {
        if (node.isTextual() && node.asText().trim().equalsIgnoreCase("off")) {
            return Heat.OFF;
        }
        if (!node.canConvertToExactIntegral()) {
            throw doc.error(pointer, "expected whole degrees Celsius from " + Heat.MIN_CELSIUS + " to "
                    + Heat.MAX_CELSIUS + " or \"off\", got " + describe(node));
        }
        long celsius = node.asLong();
        if (celsius < Heat.MIN_CELSIUS || celsius > Heat.MAX_CELSIUS) {
            throw doc.error(pointer, "heat " + node.asText() + " °C is out of range (expected " + Heat.MIN_CELSIUS
                    + " to " + Heat.MAX_CELSIUS + " °C, or \"off\")");
        }
        return Heat.of((int) celsius);
    }

    private Duration duration(JsonNode node, String pointer) {
        if (node.isNumber()) {
            return located(pointer, () -> HumanDuration.ofSeconds(node.asDouble()));
        }
        if (node.isTextual()) {
            return located(pointer, () -> HumanDuration.parse(node.asText()));
        }
        throw doc.error(pointer, "expected " + HumanDuration.EXPECTED + ", got " + describe(node));
    }

    private JsonNode required(JsonNode parent, String pointer, String field, String expected) {
        JsonNode node = parent.get(field);
        if (node == null) {
            throw doc.error(pointer, "missing '" + field + "' (expected " + expected + ")");
        }
        return node;
    }

    private String text(JsonNode parent, String pointer, String field, boolean required) {
        JsonNode node = parent.get(field);
        if (node == null) {
            throw doc.error(pointer, "missing '" + field + "' (expected a text)");
        }
        if (!node.isTextual() || (required && node.asText().isBlank())) {
            throw doc.error(pointer + "/" + field, "expected a non-empty text for '" + field + "', got "
                    + describe(node));
        }
        return node.asText();
    }

    private void checkFields(JsonNode node, String pointer, Set<String> known) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!known.contains(field)) {
                Set<String> listed = new TreeSet<>(known);
                listed.remove("$schema");
                throw doc.error(pointer + "/" + escape(field), "unknown field '" + field + "' (expected one of: "
                        + String.join(", ", listed) + ")" + Suggest.closest(field, listed));
            }
        }
    }

    /** Runs a model constructor; its IllegalArgumentException becomes a located error. */
    private <T> T located(String pointer, Supplier<T> make) {
        try {
            return make.get();
        } catch (IllegalArgumentException e) {
            throw doc.error(pointer, e.getMessage());
        }
    }

    private static String describe(JsonNode node) {
        if (node.isTextual()) {
            String text = node.asText();
            return "\"" + (text.length() > 40 ? text.substring(0, 40) + "..." : text) + "\"";
        }
        if (node.isObject()) {
            return "an object";
        }
        if (node.isArray()) {
            return "a list";
        }
        return node.toString();
    }

    private static String escape(String key) {
        return key.replace("~", "~0").replace("/", "~1");
    }

    private static List<String> zoneIds() {
        List<String> ids = new ArrayList<>();
        ids.add(ALL_ZONES);
        for (Zone zone : Zone.values()) {
            ids.add(zone.id());
        }
        return ids;
    }

    private static List<String> techniqueIds() {
        List<String> ids = new ArrayList<>();
        for (Technique technique : Technique.values()) {
            ids.add(technique.id());
        }
        return ids;
    }

    static InvalidFileException unreadable(String source, Exception e) {
        return new InvalidFileException(source, "", 0, 0, "cannot read routine: " + e.getMessage(), e);
    }
}
