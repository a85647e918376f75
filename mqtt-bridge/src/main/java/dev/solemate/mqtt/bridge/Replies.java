package dev.solemate.mqtt.bridge;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.solemate.mqtt.client.InboundMessage;
import dev.solemate.mqtt.client.OutboundMessage;
import java.util.Optional;
import java.util.function.Consumer;

/** Sends the answer to a device command: on the device's response topic and, for MQTT 5 requests, the response topic asked for. */
final class Replies {

    private Replies() {
    }

    static void respond(Consumer<OutboundMessage> send, String ownTopic, InboundMessage request, ObjectNode body) {
        byte[] payload = Json.bytes(body);
        send.accept(new OutboundMessage(ownTopic, payload, 1, false, 0, Optional.empty(), request.correlationData()));
        request.responseTopic().filter(t -> !t.equals(ownTopic) && isPublishable(t)).ifPresent(t ->
                send.accept(new OutboundMessage(t, payload, 1, false, 0, Optional.empty(), request.correlationData())));
    }

    /**
     * The {@code transaction} of a JSON command on {@code /set}, read leniently, for answers given
     * without parsing it (a retained command, a busy device, a device not open yet): the answer is a
     * refusal whatever the rest says, but the sender must be able to match it. Empty for the raw
     * values of {@code /set/<attribute>}, which have no transaction.
     */
    static Optional<JsonNode> transactionOf(InboundMessage message) {
        if (!message.topic().endsWith("/set") || message.payload().length == 0 || message.payload().length > 1 << 20) {
            return Optional.empty();
        }
        try (JsonParser p = Json.MAPPER.getFactory().createParser(message.payload())) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return Optional.empty();
            }
            // Streaming, top level only: a huge command is not turned into a tree just to answer it.
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                if (field.equals("transaction")) {
                    if (value == JsonToken.VALUE_STRING && p.getText().length() <= CommandParser.MAX_TRANSACTION_CHARS) {
                        return Optional.of(JsonNodeFactory.instance.textNode(p.getText()));
                    }
                    if (value == JsonToken.VALUE_NUMBER_INT) {
                        return Optional.of(JsonNodeFactory.instance.numberNode(p.getBigIntegerValue()));
                    }
                    return Optional.empty();
                }
                p.skipChildren();
            }
        } catch (java.io.IOException | RuntimeException e) {
            // unreadable: answered without a transaction
        }
        return Optional.empty();
    }

    private static boolean isPublishable(String topic) {
        return !topic.isEmpty() && topic.length() < 1024 && topic.indexOf('+') < 0 && topic.indexOf('#') < 0;
    }
}
