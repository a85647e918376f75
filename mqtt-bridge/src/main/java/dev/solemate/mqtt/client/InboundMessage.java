package dev.solemate.mqtt.client;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A message received from the broker, copied out of the client library so nothing downstream
 * touches Paho types.
 *
 * @param topic           the topic it was published on
 * @param payload         the raw payload (never null; may be empty)
 * @param qos             0, 1 or 2
 * @param retained        true when the broker replayed it from its retained store
 * @param responseTopic   MQTT 5 response topic, when the sender set one
 * @param correlationData MQTT 5 correlation data, when the sender set it (empty array otherwise)
 * @param expirySeconds   MQTT 5 message expiry left when the broker forwarded it, when set
 * @param receivedNanos   {@link System#nanoTime()} when the message arrived
 */
public record InboundMessage(
        String topic,
        byte[] payload,
        int qos,
        boolean retained,
        Optional<String> responseTopic,
        byte[] correlationData,
        OptionalLong expirySeconds,
        long receivedNanos) {

    public InboundMessage {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(responseTopic, "responseTopic");
        Objects.requireNonNull(correlationData, "correlationData");
        Objects.requireNonNull(expirySeconds, "expirySeconds");
    }

    /** A plain message with no MQTT 5 properties, as tests and MQTT 3.1.1 brokers deliver it. */
    public static InboundMessage of(String topic, String payload, boolean retained) {
        return new InboundMessage(topic, payload.getBytes(StandardCharsets.UTF_8), 1, retained, Optional.empty(),
                new byte[0], OptionalLong.empty(), System.nanoTime());
    }

    /** The payload decoded as UTF-8 (malformed bytes become U+FFFD). */
    public String text() {
        return new String(payload, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "InboundMessage[" + topic + ", " + payload.length + " bytes" + (retained ? ", retained" : "") + "]";
    }
}
