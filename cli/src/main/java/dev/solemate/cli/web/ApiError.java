package dev.solemate.cli.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A request the API refuses, with the HTTP status and, for bad input, the field, the value given and
 * what is allowed, as the CLI and the MQTT bridge say it: {@code level 9 is out of range (expected 0 to 5)}.
 */
final class ApiError extends RuntimeException {

    private final int status;
    private final String field;
    private final Object value;
    private final String allowed;

    ApiError(int status, String message) {
        this(status, message, null, null, null);
    }

    ApiError(int status, String message, String field, Object value, String allowed) {
        super(message, null, false, false);
        this.status = status;
        this.field = field;
        this.value = value;
        this.allowed = allowed;
    }

    /** 400 for a field whose value is not allowed: {@code <field> <value> <problem> (expected <allowed>)}. */
    static ApiError badField(String field, Object value, String problem, String allowed) {
        String shown = value instanceof JsonNode n ? n.toString() : value instanceof String s ? "'" + s + "'" : String.valueOf(value);
        return new ApiError(400, field + " " + shown + " " + problem + " (expected " + allowed + ")", field,
                value, allowed);
    }

    int status() {
        return status;
    }

    ObjectNode toJson() {
        ObjectNode n = Json.object().put("status", "error").put("error", getMessage());
        if (field != null) {
            n.put("field", field);
            if (value instanceof JsonNode v) {
                n.set("value", v);
            } else if (value instanceof Number num) {
                n.put("value", num.doubleValue());
            } else if (value != null) {
                n.put("value", value.toString());
            } else {
                n.putNull("value");
            }
            n.put("allowed", allowed);
        }
        return n;
    }
}
