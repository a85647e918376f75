package dev.solemate.mqtt.bridge;

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

    private static boolean isPublishable(String topic) {
        return !topic.isEmpty() && topic.length() < 1024 && topic.indexOf('+') < 0 && topic.indexOf('#') < 0;
    }
}
