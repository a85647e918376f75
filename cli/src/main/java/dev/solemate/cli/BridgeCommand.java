package dev.solemate.cli;

import dev.solemate.cli.output.Voice;
import dev.solemate.mqtt.MqttBridge;
import dev.solemate.mqtt.config.BridgeConfig;
import dev.solemate.mqtt.config.BridgeConfigFile;
import dev.solemate.mqtt.config.BrokerConfig;
import dev.solemate.secret.Redaction;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code solemate bridge}: exposes massagers on an MQTT broker (Zigbee2MQTT-style topics, Home
 * Assistant discovery) until Ctrl-C, then publishes offline and stops every device.
 */
@Command(name = "bridge", mixinStandardHelpOptions = true,
        description = "Expose massagers on an MQTT broker for Home Assistant, openHAB or Node-RED.",
        footerHeading = "%nExamples:%n",
        footer = {
            "  solemate bridge --broker tcp://127.0.0.1:1883 --device bedroom=sim:",
            "  solemate bridge --broker tcp://127.0.0.1:1883 \\",
            "      --device bedroom=serial:/dev/ttyUSB0",
            "  solemate bridge --config bridge.yaml",
            "  solemate bridge --config bridge.yaml --take-over   take over from another host",
            "  solemate bridge --broker ssl://broker.home:8883 --ca /etc/solemate/ca.crt \\",
            "      --username solemate --password-file ~/.solemate-mqtt \\",
            "      --device bedroom=serial:/dev/ttyUSB0",
            "",
            "Topics and configuration: docs/mqtt.md; Home Assistant: docs/home-assistant.md",
        })
final class BridgeCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--config", paramLabel = "FILE", description = "Bridge configuration (YAML or JSON).")
    Path config;

    @Option(names = "--broker", paramLabel = "URL", description = "Broker, e.g. tcp://127.0.0.1:1883 or ssl://host:8883.")
    String broker;

    @Option(names = "--device", paramLabel = "NAME=URI", description = "A device to expose; repeat for more.")
    List<String> devices = List.of();

    @Mixin
    BrokerOptions login = new BrokerOptions();

    @Option(names = "--http", paramLabel = "ADDR:PORT",
            description = "Also serve the dashboard (docs/web.md) here, e.g. 127.0.0.1:8765; beyond 127.0.0.1 it needs the token.")
    String http;

    @Option(names = "--take-over",
            description = "When this bridge (same base topic and name) already runs elsewhere, have it stop its devices"
                    + " and step aside instead of refusing to start; Home Assistant keeps the devices available.")
    boolean takeOver;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        BridgeConfig bridgeConfig = configuration().withTakeOver(takeOver);
        Voice voice = Voice.forService(out);
        BridgeNews news = new BridgeNews(voice, bridgeConfig);
        try (MqttBridge bridge = MqttBridge.start(bridgeConfig, news);
             AutoCloseable web = http == null ? null : dev.solemate.cli.web.BridgeWeb.start(bridge, http, out);
             CtrlC ctrlC = new CtrlC(bridge::close)) {
            news.started(bridge);
            bridge.awaitClose();
            if (bridge.handedOverTo().isPresent()) {
                voice.say("Bridge '" + bridgeConfig.name() + "' handed over to instance " + bridge.handedOverTo().get()
                        + "; its devices are stopped here.");
            } else {
                voice.say("Bridge '" + bridgeConfig.name() + "' stopped; every device was sent a stop and shown offline.");
            }
            return ctrlC.wasPressed() ? ExitCodes.INTERRUPTED : ExitCodes.OK;
        }
    }

    private BridgeConfig configuration() {
        if (config != null) {
            if (broker != null || !devices.isEmpty() || login.any()) {
                throw new IllegalArgumentException("--config cannot be combined with --broker, --device or the broker "
                        + "login and TLS options (put the broker and devices in the file, or use the flags alone)");
            }
            return BridgeConfigFile.load(config);
        }
        if (broker == null || devices.isEmpty()) {
            throw new IllegalArgumentException("say which broker and devices: --broker URL --device NAME=URI, "
                    + "or --config FILE");
        }
        BrokerConfig brokerConfig = login.applyTo(BrokerConfig.of(broker), spec.commandLine().getErr(), System.getenv());
        BridgeConfig.Builder builder = BridgeConfig.builder(brokerConfig);
        devices.forEach(builder::device);
        return builder.build();
    }
}
