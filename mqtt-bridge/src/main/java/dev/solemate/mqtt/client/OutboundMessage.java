package dev.solemate.mqtt.client;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;

/**
 * A message to publish.
 *
 * @param topic           the topic; never contains {@code +} or {@code #}
 * @param payload         the raw payload (empty clears a retained topic)
 * @param qos             0, 1 or 2
 * @param retained        whether the broker keeps it for later subscribers
 * @param expirySeconds   MQTT 5 message expiry, 0 for none
 * @param responseTopic   MQTT 5 response topic, for requests
 * @param correlationData MQTT 5 correlation data (empty for none)
 */
public record OutboundMessage(
        String topic,
        byte[] payload,
        int qos,
        boolean retained,
        long expirySeconds,
        Optional<String> responseTopic,
        byte[] correlationData) {

    public OutboundMessage {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(responseTopic, "responseTopic");
        Objects.requireNonNull(correlationData, "correlationData");
        if (topic.isEmpty() || topic.indexOf('+') >= 0 || topic.indexOf('#') >= 0) {
            throw new IllegalArgumentException("topic '" + topic
                    + "' is not publishable (expected a non-empty topic without + or #)");
        }
        if (qos < 0 || qos > 2) {
            throw new IllegalArgumentException("qos " + qos + " is out of range (expected 0, 1 or 2)");
        }
        if (expirySeconds < 0) {
            throw new IllegalArgumentException("expirySeconds " + expirySeconds + " (expected >= 0)");
        }
    }

    /** A message with no MQTT 5 properties. */
    public static OutboundMessage of(String topic, String payload, int qos, boolean retained) {
        return new OutboundMessage(topic, payload.getBytes(StandardCharsets.UTF_8), qos, retained, 0,
                Optional.empty(), new byte[0]);
    }

    /** A retained empty message, which removes whatever the broker retained on the topic. */
    public static OutboundMessage clearRetained(String topic) {
        return new OutboundMessage(topic, new byte[0], 1, true, 0, Optional.empty(), new byte[0]);
    }

    /** This message with MQTT 5 correlation data. */
    public OutboundMessage withCorrelation(byte[] data) {
        return new OutboundMessage(topic, payload, qos, retained, expirySeconds, responseTopic, data);
    }

    /** This message as an MQTT 5 request: expiring, with a response topic and correlation data. */
    public OutboundMessage asRequest(long expiry, String replyTo, byte[] correlation) {
        return new OutboundMessage(topic, payload, qos, retained, expiry, Optional.of(replyTo), correlation);
    }

    public String text() {
        return new String(payload, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "OutboundMessage[" + topic + ", " + payload.length + " bytes" + (retained ? ", retained" : "") + "]";
    }
}
