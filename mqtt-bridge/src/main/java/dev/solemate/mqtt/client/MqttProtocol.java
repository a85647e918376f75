package dev.solemate.mqtt.client;

/** Which MQTT version to speak to the broker. */
public enum MqttProtocol {
    /** MQTT 5: message expiry, response topics, shared subscriptions, no-local. */
    MQTT_5,
    /** MQTT 3.1.1, for brokers that do not speak 5: no message properties. */
    MQTT_3_1_1;

    /** Parses {@code 5}, {@code 3.1.1} (or {@code 3}). */
    public static MqttProtocol parse(String text) {
        String t = text == null ? "" : text.trim();
        if (t.equals("5") || t.equals("5.0")) {
            return MQTT_5;
        }
        if (t.equals("3.1.1") || t.equals("3")) {
            return MQTT_3_1_1;
        }
        throw new IllegalArgumentException("protocol '" + text + "' is not supported (expected 5 or 3.1.1)");
    }

    public String id() {
        return this == MQTT_5 ? "5" : "3.1.1";
    }
}
