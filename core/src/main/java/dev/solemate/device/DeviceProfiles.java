package dev.solemate.device;

import com.fasterxml.jackson.databind.JsonNode;
import dev.solemate.json.InvalidFileException;
import dev.solemate.json.LocatedJson;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads device profiles from JSON: the built-in ones on the class path
 * ({@code dev/solemate/profiles/<id>.json}, listed in {@code index.txt}) and user files.
 *
 * <pre>{@code
 * {
 *   "id": "shiatsu-4zone", "name": "Shiatsu roller, 4 zones, heat",
 *   "zones": { "toes": ["knead", "press"], "arch": ["knead", "roll", "press"] },
 *   "intensitySteps": 5,
 *   "heat": { "min": 35, "max": 45 },            // or null when the device has no heater
 *   "maxSessionMinutes": 15,
 *   "protocol": "solemate-text"
 * }
 * }</pre>
 */
public final class DeviceProfiles {

    private static final String BUILT_IN_DIR = "dev/solemate/profiles/";
    private static final Set<String> KNOWN_FIELDS =
            Set.of("id", "name", "zones", "intensitySteps", "heat", "maxSessionMinutes", "protocol", "description");

    private static volatile Map<String, DeviceProfile> builtIns;

    private DeviceProfiles() {
    }

    /** The built-in profiles by id, in a stable order. */
    public static Map<String, DeviceProfile> builtIn() {
        Map<String, DeviceProfile> result = builtIns;
        if (result == null) {
            synchronized (DeviceProfiles.class) {
                result = builtIns;
                if (result == null) {
                    result = loadBuiltIns();
                    builtIns = result;
                }
            }
        }
        return result;
    }

    /**
     * A built-in profile by id.
     *
     * @throws IllegalArgumentException naming the id and listing the known ones
     */
    public static DeviceProfile builtIn(String id) {
        DeviceProfile profile = builtIn().get(id);
        if (profile == null) {
            throw new IllegalArgumentException("unknown device profile '" + id + "' (expected one of: "
                    + String.join(", ", builtIn().keySet()) + ")");
        }
        return profile;
    }

    /** The profile used when nothing else says which: {@code shiatsu-4zone}. */
    public static DeviceProfile defaultProfile() {
        return builtIn("shiatsu-4zone");
    }

    /**
     * A profile by built-in id, or from a file when {@code idOrPath} ends in {@code .json}.
     */
    public static DeviceProfile resolve(String idOrPath) {
        if (idOrPath.endsWith(".json")) {
            return load(Path.of(idOrPath));
        }
        return builtIn(idOrPath);
    }

    /** Reads a profile file. @throws InvalidFileException naming the file, location and problem */
    public static DeviceProfile load(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new InvalidFileException(file.toString(), "", 0, 0, "cannot read profile: " + e.getMessage(), e);
        }
        return parse(file.toString(), text);
    }

    /** Parses profile JSON; {@code source} names the input in errors. */
    public static DeviceProfile parse(String source, String json) {
        LocatedJson doc = LocatedJson.parse(source, json);
        JsonNode root = doc.root();
        if (!root.isObject()) {
            throw doc.error("", "expected a JSON object with id, name, zones and intensitySteps");
        }
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!KNOWN_FIELDS.contains(field)) {
                throw doc.error("/" + field, "unknown field '" + field + "' (expected one of: "
                        + String.join(", ", new java.util.TreeSet<>(KNOWN_FIELDS)) + ")");
            }
        }
        String id = text(doc, root, "id");
        String name = text(doc, root, "name");
        JsonNode zonesNode = root.get("zones");
        if (zonesNode == null || !zonesNode.isObject() || zonesNode.isEmpty()) {
            throw doc.error("/zones", "expected an object mapping each zone (" + Zone.allowed()
                    + ") to a list of techniques");
        }
        Map<Zone, Set<Technique>> zones = new EnumMap<>(Zone.class);
        for (Iterator<Map.Entry<String, JsonNode>> it = zonesNode.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String pointer = "/zones/" + e.getKey();
            Zone zone;
            try {
                zone = Zone.parse(e.getKey());
            } catch (IllegalArgumentException ex) {
                throw doc.error(pointer, ex.getMessage());
            }
            if (!e.getValue().isArray() || e.getValue().isEmpty()) {
                throw doc.error(pointer, "expected a non-empty list of techniques (" + Technique.allowed() + ")");
            }
            Set<Technique> techniques = EnumSet.noneOf(Technique.class);
            for (int i = 0; i < e.getValue().size(); i++) {
                JsonNode t = e.getValue().get(i);
                try {
                    if (!t.isTextual()) {
                        throw new IllegalArgumentException("expected a technique name (" + Technique.allowed() + ")");
                    }
                    techniques.add(Technique.parse(t.asText()));
                } catch (IllegalArgumentException ex) {
                    throw doc.error(pointer + "/" + i, ex.getMessage());
                }
            }
            zones.put(zone, techniques);
        }
        JsonNode steps = root.get("intensitySteps");
        if (steps == null || !steps.canConvertToExactIntegral() || steps.asInt() < 1 || steps.asInt() > 100) {
            throw doc.error("/intensitySteps", "expected a whole number of intensity levels from 1 to 100, got "
                    + (steps == null ? "nothing" : steps.toString()));
        }
        Optional<HeatRange> heat = Optional.empty();
        JsonNode heatNode = root.get("heat");
        if (heatNode != null && !heatNode.isNull()) {
            JsonNode min = heatNode.get("min");
            JsonNode max = heatNode.get("max");
            if (!heatNode.isObject() || min == null || max == null || !min.canConvertToExactIntegral()
                    || !max.canConvertToExactIntegral()) {
                throw doc.error("/heat", "expected null or {\"min\": <°C>, \"max\": <°C>} in whole degrees");
            }
            try {
                heat = Optional.of(new HeatRange(min.asInt(), max.asInt()));
            } catch (IllegalArgumentException ex) {
                throw doc.error("/heat", ex.getMessage());
            }
        }
        JsonNode minutes = root.get("maxSessionMinutes");
        if (minutes == null || !minutes.canConvertToExactIntegral() || minutes.asInt() < 1 || minutes.asInt() > 30) {
            throw doc.error("/maxSessionMinutes", "expected whole minutes from 1 to 30, got "
                    + (minutes == null ? "nothing" : minutes.toString()));
        }
        JsonNode protocol = root.get("protocol");
        String protocolId = protocol == null || protocol.isNull() ? "solemate-text" : protocol.asText();
        try {
            return new DeviceProfile(id, name, zones, steps.asInt(), heat,
                    Duration.ofMinutes(minutes.asInt()), protocolId);
        } catch (IllegalArgumentException ex) {
            throw doc.error("", ex.getMessage());
        }
    }

    private static String text(LocatedJson doc, JsonNode root, String field) {
        JsonNode node = root.get(field);
        if (node == null || !node.isTextual() || node.asText().isBlank()) {
            throw doc.error("/" + field, "expected a non-empty string for '" + field + "'");
        }
        return node.asText();
    }

    // Resources are read through the Class, not its ClassLoader: on the module path a module's
    // resources are readable by its own code only (dev/solemate/profiles is not an open package).
    private static Map<String, DeviceProfile> loadBuiltIns() {
        Map<String, DeviceProfile> result = new LinkedHashMap<>();
        for (String id : readIndex()) {
            String resource = BUILT_IN_DIR + id + ".json";
            try (InputStream in = DeviceProfiles.class.getResourceAsStream("/" + resource)) {
                if (in == null) {
                    throw new IllegalStateException("built-in profile " + resource + " is listed but missing");
                }
                DeviceProfile profile = parse("<built-in profile " + id + ">",
                        new String(in.readAllBytes(), StandardCharsets.UTF_8));
                result.put(profile.id(), profile);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return java.util.Collections.unmodifiableMap(result);
    }

    private static List<String> readIndex() {
        try (InputStream in = DeviceProfiles.class.getResourceAsStream("/" + BUILT_IN_DIR + "index.txt")) {
            if (in == null) {
                throw new IllegalStateException(BUILT_IN_DIR + "index.txt is missing from the class path");
            }
            List<String> ids = new ArrayList<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    ids.add(line.trim());
                }
            }
            return ids;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
