package dev.solemate.mqtt.client;

/** Makes the {@link MqttLink} for the protocol asked for. */
public final class MqttLinks {

    private MqttLinks() {
    }

    public static MqttLink create(LinkOptions options) {
        return new PahoMqttLink(options);
    }
}
