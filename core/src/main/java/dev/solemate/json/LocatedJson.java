package dev.solemate.json;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * A parsed JSON document that remembers where each value stood in the text, so validation errors
 * found later in the tree can still name a line and column. Paths are JSON Pointers internally
 * ({@code /steps/2/duration}) and shown to people as JSONPath ({@code $.steps[2].duration}).
 */
public final class LocatedJson {

    /** Larger inputs are refused before parsing: no routine, profile or configuration is this big. */
    public static final int MAX_DOCUMENT_CHARS = 1 << 20;

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private final String source;
    private final JsonNode root;
    private final Map<String, JsonLocation> locations;

    private LocatedJson(String source, JsonNode root, Map<String, JsonLocation> locations) {
        this.source = source;
        this.root = root;
        this.locations = locations;
    }

    /**
     * Parses {@code text}; {@code source} names the input in error messages.
     *
     * @throws InvalidFileException for broken JSON, with the line and column of the problem
     */
    public static LocatedJson parse(String source, String text) {
        if (text.length() > MAX_DOCUMENT_CHARS) {
            throw new InvalidFileException(source, "", 0, 0, "document is " + text.length()
                    + " characters long (expected at most " + MAX_DOCUMENT_CHARS + ")");
        }
        if (text.isBlank()) {
            throw new InvalidFileException(source, "", 1, 1, "the file is empty (expected a JSON object)");
        }
        Map<String, JsonLocation> locations = new HashMap<>();
        try (JsonParser parser = MAPPER.createParser(text)) {
            JsonToken token;
            while ((token = parser.nextToken()) != null) {
                if (token != JsonToken.FIELD_NAME && token != JsonToken.END_OBJECT && token != JsonToken.END_ARRAY) {
                    locations.putIfAbsent(parser.getParsingContext().pathAsPointer().toString(),
                            parser.currentTokenLocation());
                }
            }
            JsonNode root = MAPPER.readTree(text);
            return new LocatedJson(source, root, locations);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            throw new InvalidFileException(source, "", at == null ? 0 : at.getLineNr(),
                    at == null ? 0 : at.getColumnNr(), "broken JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new InvalidFileException(source, "", 0, 0, "cannot read: " + e.getMessage(), e);
        }
    }

    public String source() {
        return source;
    }

    public JsonNode root() {
        return root;
    }

    /** An error about the value at {@code pointer} (e.g. {@code /steps/2}), located in the text. */
    public InvalidFileException error(String pointer, String problem) {
        JsonLocation at = locationOf(pointer);
        return new InvalidFileException(source, toJsonPath(pointer), at == null ? 0 : at.getLineNr(),
                at == null ? 0 : at.getColumnNr(), problem);
    }

    private JsonLocation locationOf(String pointer) {
        String p = pointer;
        while (true) {
            JsonLocation at = locations.get(p);
            if (at != null || p.isEmpty()) {
                return at;
            }
            p = p.substring(0, Math.max(0, p.lastIndexOf('/')));
        }
    }

    /** {@code /steps/2/zones/arch} becomes {@code $.steps[2].zones.arch}. */
    public static String toJsonPath(String pointer) {
        StringBuilder sb = new StringBuilder("$");
        if (pointer.isEmpty()) {
            return sb.toString();
        }
        for (String part : pointer.substring(1).split("/", -1)) {
            String name = part.replace("~1", "/").replace("~0", "~");
            if (!name.isEmpty() && name.chars().allMatch(Character::isDigit)) {
                sb.append('[').append(name).append(']');
            } else {
                sb.append('.').append(name);
            }
        }
        return sb.toString();
    }
}
