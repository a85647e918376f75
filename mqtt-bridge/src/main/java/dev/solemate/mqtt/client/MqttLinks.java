package dev.solemate.mqtt.client;

/** Makes the {@link MqttLink} for the protocol asked for: Paho's MQTT 5 client, or its 3.1.1 client. */
public final class MqttLinks {

    private MqttLinks() {
    }

    public static MqttLink create(LinkOptions options) {
        return options.protocol() == MqttProtocol.MQTT_5 ? new PahoMqttLink(options) : new PahoV3MqttLink(options);
    }
}
