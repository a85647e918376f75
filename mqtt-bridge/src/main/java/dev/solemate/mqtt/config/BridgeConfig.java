package dev.solemate.mqtt.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Everything a bridge needs: the broker, its devices and how to expose them. Each part is checked
 * where it is made; {@link #BridgeConfig the constructor} then checks the combination (unique device
 * names, at least one device). Load one from a file with {@link BridgeConfigFile#load(Path)} or build
 * one in code:
 *
 * <pre>{@code
 * BridgeConfig config = BridgeConfig.builder(BrokerConfig.of("tcp://127.0.0.1:1883"))
 *         .device(DeviceConfig.of("bedroom", "serial:/dev/ttyUSB0"))
 *         .build();
 * }</pre>
 *
 * @param broker           the broker connection
 * @param name             this bridge's name; give each of several bridges on one broker its own
 * @param baseTopic        the first topic level(s), {@code solemate} by default
 * @param sharedGroup      the MQTT 5 shared subscription group bridge requests use
 * @param homeAssistant    discovery settings
 * @param devices          the devices, in order
 * @param routineFiles     extra routine files to offer besides the built-in ones
 * @param commandMaxBytes  larger command payloads are refused with an error response
 * @param brokerLoss       what devices do when the broker is gone
 * @param deviceRetry      how a device that did not open at start is retried
 * @param takeOver         when another instance of this bridge (same base topic and name) is running,
 *                         ask it to step aside instead of refusing to start ({@code --take-over})
 */
public record BridgeConfig(
        BrokerConfig broker,
        String name,
        String baseTopic,
        String sharedGroup,
        HomeAssistantConfig homeAssistant,
        List<DeviceConfig> devices,
        List<Path> routineFiles,
        int commandMaxBytes,
        BrokerLossPolicy brokerLoss,
        DeviceRetryPolicy deviceRetry,
        boolean takeOver) {

    /** The bridge name used when none is configured; its state topic is {@code <base>/bridge/state}. */
    public static final String DEFAULT_NAME = "default";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final Pattern GROUP = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final Set<String> RESERVED_NAMES = Set.of("state", "request", "response", "devices", "instance");

    public BridgeConfig {
        Objects.requireNonNull(broker, "broker");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(baseTopic, "baseTopic");
        Objects.requireNonNull(sharedGroup, "sharedGroup");
        Objects.requireNonNull(homeAssistant, "homeAssistant");
        Objects.requireNonNull(brokerLoss, "brokerLoss");
        Objects.requireNonNull(deviceRetry, "deviceRetry");
        devices = List.copyOf(devices);
        routineFiles = List.copyOf(routineFiles);
        if (!NAME.matcher(name).matches() || RESERVED_NAMES.contains(name)) {
            throw new IllegalArgumentException("bridge.name '" + name + "' is not allowed (expected 1 to 64 of "
                    + "A-Z a-z 0-9 _ -, not state, request, response, devices or instance)");
        }
        Topics.requireTopicPrefix("bridge.base_topic", baseTopic);
        if (!GROUP.matcher(sharedGroup).matches()) {
            throw new IllegalArgumentException("bridge.shared_group '" + sharedGroup
                    + "' is not allowed (expected 1 to 64 of A-Z a-z 0-9 _ -)");
        }
        if (commandMaxBytes < 64 || commandMaxBytes > 1 << 20) {
            throw new IllegalArgumentException("bridge.command_max_bytes " + commandMaxBytes
                    + " is out of range (expected 64 to 1048576)");
        }
        if (devices.isEmpty()) {
            throw new IllegalArgumentException("devices is empty (expected at least one device, e.g. bedroom: sim:)");
        }
        Set<String> seen = new HashSet<>();
        for (DeviceConfig d : devices) {
            if (!seen.add(d.name())) {
                throw new IllegalArgumentException("device name '" + d.name() + "' is used twice (expected unique names)");
            }
        }
    }

    /** True for a name {@code bridge.name} allows (not a reserved topic level such as {@code request}). */
    public static boolean isValidName(String name) {
        return NAME.matcher(name).matches() && !RESERVED_NAMES.contains(name);
    }

    public static Builder builder(BrokerConfig broker) {
        return new Builder(broker);
    }

    /** A copy with another device list, e.g. after a device was removed. */
    public BridgeConfig withDevices(List<DeviceConfig> newDevices) {
        return new BridgeConfig(broker, name, baseTopic, sharedGroup, homeAssistant, newDevices, routineFiles,
                commandMaxBytes, brokerLoss, deviceRetry, takeOver);
    }

    public BridgeConfig withBroker(BrokerConfig newBroker) {
        return new BridgeConfig(newBroker, name, baseTopic, sharedGroup, homeAssistant, devices, routineFiles,
                commandMaxBytes, brokerLoss, deviceRetry, takeOver);
    }

    /** A copy that takes over from a running instance of the same bridge ({@code --take-over}). */
    public BridgeConfig withTakeOver(boolean value) {
        return new BridgeConfig(broker, name, baseTopic, sharedGroup, homeAssistant, devices, routineFiles,
                commandMaxBytes, brokerLoss, deviceRetry, value);
    }

    /** Builds a {@link BridgeConfig}; every setter takes the value as is and {@link #build()} validates. */
    public static final class Builder {
        private BrokerConfig broker;
        private String name = DEFAULT_NAME;
        private String baseTopic = "solemate";
        private String sharedGroup = "solemate";
        private HomeAssistantConfig homeAssistant = HomeAssistantConfig.defaults();
        private final List<DeviceConfig> devices = new ArrayList<>();
        private final List<Path> routineFiles = new ArrayList<>();
        private int commandMaxBytes = 16 * 1024;
        private BrokerLossPolicy brokerLoss = BrokerLossPolicy.defaults();
        private DeviceRetryPolicy deviceRetry = DeviceRetryPolicy.defaults();
        private boolean takeOver;

        private Builder(BrokerConfig broker) {
            this.broker = Objects.requireNonNull(broker, "broker");
        }

        public Builder name(String value) {
            this.name = value;
            return this;
        }

        public Builder baseTopic(String value) {
            this.baseTopic = value;
            return this;
        }

        public Builder sharedGroup(String value) {
            this.sharedGroup = value;
            return this;
        }

        public Builder homeAssistant(HomeAssistantConfig value) {
            this.homeAssistant = value;
            return this;
        }

        public Builder device(DeviceConfig value) {
            devices.add(value);
            return this;
        }

        /** Adds a device from the quick flag form {@code name=uri}. */
        public Builder device(String flag) {
            return device(DeviceConfig.parseFlag(flag));
        }

        public Builder routineFile(Path file) {
            routineFiles.add(file);
            return this;
        }

        public Builder commandMaxBytes(int value) {
            this.commandMaxBytes = value;
            return this;
        }

        public Builder brokerLoss(BrokerLossPolicy value) {
            this.brokerLoss = value;
            return this;
        }

        public Builder deviceRetry(DeviceRetryPolicy value) {
            this.deviceRetry = value;
            return this;
        }

        /** Shorthand for a stop policy after {@code after}. */
        public Builder stopAfterBrokerLoss(Duration after) {
            return brokerLoss(new BrokerLossPolicy(BrokerLossPolicy.Action.STOP, after));
        }

        /** Take over from a running instance of this bridge instead of refusing to start. */
        public Builder takeOver(boolean value) {
            this.takeOver = value;
            return this;
        }

        public Builder broker(BrokerConfig value) {
            this.broker = value;
            return this;
        }

        /** @throws IllegalArgumentException naming the setting, the bad value and what is allowed */
        public BridgeConfig build() {
            return new BridgeConfig(broker, name, baseTopic, sharedGroup, homeAssistant, devices, routineFiles,
                    commandMaxBytes, brokerLoss, deviceRetry, takeOver);
        }
    }
}
