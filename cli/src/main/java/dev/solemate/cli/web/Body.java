package dev.solemate.cli.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Set;
import java.util.TreeSet;

/**
 * A request's JSON body, read with a size limit and checked field by field: unknown fields are
 * refused (a typo must not be silently ignored at bedtime), and each getter says the field, the
 * value and what is allowed.
 */
final class Body {

    /** The largest body accepted; every command fits in a few hundred bytes. */
    static final int MAX_BYTES = 16 * 1024;

    private final ObjectNode node;

    private Body(ObjectNode node) {
        this.node = node;
    }

    /** Reads the body; an empty body is {@code {}}. Refuses more than {@link #MAX_BYTES} without reading it all. */
    static Body read(HttpExchange exchange) throws IOException {
        String length = exchange.getRequestHeaders().getFirst("Content-Length");
        if (length != null) {
            long declared;
            try {
                declared = Long.parseLong(length.trim());
            } catch (NumberFormatException e) {
                throw new ApiError(400, "Content-Length '" + length + "' is not a number");
            }
            if (declared > MAX_BYTES) {
                throw tooLarge(declared);
            }
        }
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        try (InputStream in = exchange.getRequestBody()) {
            byte[] chunk = new byte[4096];
            int n;
            while ((n = in.read(chunk)) > 0) {
                buffer.write(chunk, 0, n);
                if (buffer.size() > MAX_BYTES) {
                    throw tooLarge(buffer.size());
                }
            }
        }
        String text = buffer.toString(StandardCharsets.UTF_8).strip();
        if (text.isEmpty()) {
            return new Body(Json.object());
        }
        JsonNode parsed;
        try {
            parsed = Json.MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new ApiError(400, "broken JSON: " + e.getOriginalMessage()
                    + " (expected a JSON object such as {\"level\":2})");
        }
        if (parsed == null || !parsed.isObject()) {
            throw new ApiError(400, "the body is " + (parsed == null ? "empty" : parsed.getNodeType().name().toLowerCase())
                    + " (expected a JSON object such as {\"level\":2})");
        }
        return new Body((ObjectNode) parsed);
    }

    private static ApiError tooLarge(long size) {
        return new ApiError(413, "the body is " + size + " bytes (expected at most " + MAX_BYTES + ")", "body",
                size, "at most " + MAX_BYTES + " bytes");
    }

    /** Refuses any field not in {@code allowed}. */
    Body only(String... allowed) {
        Set<String> names = Set.of(allowed);
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!names.contains(field)) {
                throw ApiError.badField(field, node.get(field), "is not a field here", "one of: "
                        + String.join(", ", new TreeSet<>(names)));
            }
        }
        return this;
    }

    JsonNode raw(String field) {
        return node.get(field);
    }

    boolean has(String field) {
        return node.has(field);
    }

    boolean isNull(String field) {
        return node.has(field) && node.get(field).isNull();
    }

    /** A required whole number in {@code [min, max]}. */
    int integer(String field, int min, int max) {
        JsonNode v = node.get(field);
        String range = min + " to " + max;
        if (v == null) {
            throw ApiError.badField(field, null, "is missing", "a whole number from " + range);
        }
        if (!v.isNumber() || !v.canConvertToInt() || v.asDouble() != Math.rint(v.asDouble())) {
            throw ApiError.badField(field, v, "is not a whole number", "a whole number from " + range);
        }
        int value = v.asInt();
        if (value < min || value > max) {
            throw ApiError.badField(field, v, "is out of range", range);
        }
        return value;
    }

    /** A required number in {@code [min, max]}. */
    double number(String field, double min, double max) {
        JsonNode v = node.get(field);
        String range = trim(min) + " to " + trim(max);
        if (v == null || !v.isNumber()) {
            throw ApiError.badField(field, v, v == null ? "is missing" : "is not a number", "a number from " + range);
        }
        double value = v.asDouble();
        if (!(value >= min && value <= max)) {
            throw ApiError.badField(field, v, "is out of range", range);
        }
        return value;
    }

    /** A required text, one of {@code allowed} (listed in the error). */
    String text(String field, java.util.List<String> allowed) {
        JsonNode v = node.get(field);
        String list = String.join(", ", allowed);
        if (v == null || !v.isTextual()) {
            throw ApiError.badField(field, v, v == null ? "is missing" : "is not text", "one of: " + list);
        }
        if (!allowed.contains(v.asText())) {
            throw ApiError.badField(field, v.asText(), "is not allowed", "one of: " + list);
        }
        return v.asText();
    }

    /** A required text of at most {@code maxLength} characters. */
    String text(String field, int maxLength) {
        JsonNode v = node.get(field);
        if (v == null || !v.isTextual() || v.asText().isEmpty() || v.asText().length() > maxLength) {
            throw ApiError.badField(field, v, v == null ? "is missing" : "is not allowed",
                    "text of 1 to " + maxLength + " characters");
        }
        return v.asText();
    }

    private static String trim(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }
}
