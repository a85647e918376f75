/**
 * Solemate's MQTT bridge: massagers on an MQTT broker with Zigbee2MQTT-style topics and Home
 * Assistant discovery ({@link dev.solemate.mqtt.MqttBridge}), and the {@code mqtt:} driver that
 * opens a massager behind a bridge.
 *
 * <p>Exported: the bridge and its configuration. The {@code mqtt:} driver is reached through
 * {@code Massagers.open("mqtt://...")} and is not API.
 */
// A package that applications use must be exported here; internal ones stay out (and are listed
// in the japicmp excludes of the root pom.xml).
module dev.solemate.mqtt {
    requires transitive dev.solemate.core;
    // Paho 1.2.5, its last release, has neither a module descriptor nor an Automatic-Module-Name:
    // these are the automatic names Java derives from its jar files as Maven and Gradle name them
    // (the artifact ids). The compiler warns about "filename-based automodules" for this reason; the
    // names cannot change unless Paho publishes again. Without this descriptor (Automatic-Module-Name
    // only) an application on the module path would also have to --add-modules the YAML module.
    requires org.eclipse.paho.mqttv5.client;
    requires org.eclipse.paho.client.mqttv3;
    requires com.fasterxml.jackson.dataformat.yaml;
    requires org.slf4j;

    exports dev.solemate.mqtt;
    exports dev.solemate.mqtt.config;
    // The broker link: BrokerConfig names its protocol and TLS options, BridgeEnvironment its links.
    exports dev.solemate.mqtt.client;

    // Internal, free to change between releases (not exported, not covered by the API check):
    // dev.solemate.mqtt.bridge, dev.solemate.mqtt.discovery, dev.solemate.mqtt.driver.
    // (One leak, which javac reports: BridgeEnvironment names bridge.RoutineRunner.)
    // Jackson reads payloads as trees, so nothing is opened to it.

    provides dev.solemate.driver.MassagerDriver with dev.solemate.mqtt.driver.MqttDriver;
}
