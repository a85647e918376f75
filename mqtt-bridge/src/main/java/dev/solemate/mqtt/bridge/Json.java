package dev.solemate.mqtt.bridge;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.solemate.secret.Redaction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** Shared JSON helpers for payloads the bridge publishes. */
public final class Json {

    public static final ObjectMapper MAPPER = JsonMapper.builder().build();

    private Json() {
    }

    public static ObjectNode object() {
        return JsonNodeFactory.instance.objectNode();
    }

    public static byte[] bytes(JsonNode node) {
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }

    public static String text(JsonNode node) {
        return new String(bytes(node), StandardCharsets.UTF_8);
    }

    /** {@code {"status":"ok"}} with the transaction echoed. */
    public static ObjectNode ok(Optional<JsonNode> transaction) {
        ObjectNode n = object().put("status", "ok");
        transaction.ifPresent(t -> n.set("transaction", t));
        return n;
    }

    /**
     * {@code {"status":"error","error":"..."}} with the transaction echoed; the message is
     * {@linkplain Redaction#redact redacted}, as an error may quote a device URI.
     */
    public static ObjectNode error(String message, Optional<JsonNode> transaction) {
        ObjectNode n = object().put("status", "error").put("error", Redaction.redact(message));
        transaction.ifPresent(t -> n.set("transaction", t));
        return n;
    }

    /** Rounds to 3 decimals, so 100/3 % reads 33.333 and not 33.333333333333336. */
    public static double round(double value) {
        return Math.round(value * 1000.0) / 1000.0;
    }
}
