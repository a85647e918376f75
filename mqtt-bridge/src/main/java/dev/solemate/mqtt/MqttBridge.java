package dev.solemate.mqtt;

import dev.solemate.Massager;
import dev.solemate.MassagerOptions;
import dev.solemate.device.DeviceProfile;
import dev.solemate.device.DeviceProfiles;
import dev.solemate.device.Intensity;
import dev.solemate.driver.DeviceUri;
import dev.solemate.mqtt.bridge.BridgeCore;
import dev.solemate.mqtt.bridge.BridgeIdentity;
import dev.solemate.mqtt.bridge.InstanceClaim;
import dev.solemate.mqtt.bridge.OpenedDevice;
import dev.solemate.mqtt.bridge.PendingDevice;
import dev.solemate.mqtt.config.BridgeConfig;
import dev.solemate.mqtt.config.BridgeConfigFile;
import dev.solemate.mqtt.config.DeviceConfig;
import dev.solemate.routine.Routine;
import dev.solemate.secret.Redaction;
import dev.solemate.routine.Routines;
import dev.solemate.safety.SafetyLimits;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running MQTT bridge: the configured massagers exposed on a broker with Zigbee2MQTT-style
 * topics and Home Assistant discovery (docs/mqtt.md, docs/home-assistant.md).
 *
 * <pre>{@code
 * BridgeConfig config = BridgeConfigFile.load(Path.of("bridge.yaml"));   // or BridgeConfig.builder(...)
 * try (MqttBridge bridge = MqttBridge.start(config)) {
 *     bridge.awaitClose();                                            // until Ctrl-C / close()
 * }
 * }</pre>
 *
 * {@link #close()} stops every device, publishes their final state and {@code offline}, and
 * disconnects cleanly. Thread-safe.
 */
public final class MqttBridge implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MqttBridge.class);
    /** How long {@link #start} waits for the first broker connection before returning anyway. */
    public static final Duration FIRST_CONNECT_WAIT = Duration.ofSeconds(5);

    private final BridgeCore core;
    private final java.util.concurrent.CountDownLatch closed = new java.util.concurrent.CountDownLatch(1);

    private MqttBridge(BridgeCore core) {
        this.core = core;
    }

    /** Loads a YAML or JSON configuration file and starts. */
    public static MqttBridge start(Path configFile) {
        return start(BridgeConfigFile.load(configFile));
    }

    /** Starts on the real clock with Paho and the installed drivers. */
    public static MqttBridge start(BridgeConfig config) {
        return start(config, BridgeEnvironment.defaults());
    }

    /**
     * Starts on the real clock with Paho and the installed drivers, telling {@code listener} what
     * happens from the first device opened on (see {@link BridgeListener} for its threads).
     */
    public static MqttBridge start(BridgeConfig config, BridgeListener listener) {
        return start(config, BridgeEnvironment.defaults(), listener);
    }

    /** As {@link #start(BridgeConfig, BridgeEnvironment, BridgeListener)} with no listener. */
    public static MqttBridge start(BridgeConfig config, BridgeEnvironment environment) {
        return start(config, environment, BridgeListener.NONE);
    }

    /**
     * Opens every device, connects to the broker and waits up to {@link #FIRST_CONNECT_WAIT} for the
     * first connection (the bridge keeps trying in the background after that). A device that does
     * not answer (unplugged, its network serial bridge not up yet) does not stop the bridge: it is
     * logged, shown offline and retried in the background until it opens (docs/mqtt.md).
     *
     * <p>First it looks on the broker for another running instance of the same bridge (base topic
     * and name) and refuses to start while one is alive, or, with {@link BridgeConfig#takeOver()},
     * has it step aside ({@link InstanceClaim}).
     *
     * @throws MqttBridgeException when the configuration is wrong (a device URI that is malformed,
     *     has no driver or an unknown parameter; an invalid routine file or default routine), the
     *     broker refuses the credentials, or another instance of this bridge is running (the message
     *     names it); nothing is left running then
     */
    public static MqttBridge start(BridgeConfig config, BridgeEnvironment environment, BridgeListener listener) {
        java.util.Objects.requireNonNull(listener, "listener");
        Map<String, Routine> routines = routines(config);
        BridgeIdentity identity = BridgeIdentity.current();
        if (environment.instanceCheck()) {
            // Before any device is opened: a second instance must not touch hardware the first one runs.
            InstanceClaim.claim(config, environment.links(), identity, FIRST_CONNECT_WAIT);
        }
        List<OpenedDevice> opened = new ArrayList<>();
        List<PendingDevice> waiting = new ArrayList<>();
        try {
            for (DeviceConfig device : config.devices()) {
                String defaultRoutine = defaultRoutine(device, routines);
                SafetyLimits limits = environment.limits();
                if (device.comfortCap().isPresent()) {
                    limits = limits.withComfortCap(Intensity.of(device.comfortCap().getAsInt()));
                }
                MassagerOptions options = new MassagerOptions(limits, environment.timeline());
                Supplier<Massager> open = () -> environment.opener().apply(device.uri(), options);
                try {
                    opened.add(new OpenedDevice(device.name(), open.get(), defaultRoutine));
                } catch (IllegalArgumentException e) {
                    // A malformed URI, a scheme without a driver, an unknown parameter: retrying cannot help.
                    throw new MqttBridgeException("device '" + device.name() + "' (" + device.shownUri()
                            + ") cannot be opened: " + Redaction.redact(e.getMessage()), e);
                } catch (RuntimeException e) {
                    String reason = Redaction.redact(e.getMessage() == null || e.getMessage().isBlank()
                            ? e.getClass().getSimpleName() : e.getMessage());
                    LOG.warn("device '{}' ({}) cannot be opened: {}; the bridge starts without it, shows it offline "
                            + "and retries in the background", device.name(), device.shownUri(), reason);
                    waiting.add(new PendingDevice(device.name(), device.uri(), defaultRoutine, expectedProfile(device),
                            limits, reason, open));
                    try {
                        listener.onEvent(new BridgeEvent.DeviceUnavailable(device.name(), device.shownUri(), reason));
                    } catch (RuntimeException failed) {
                        LOG.warn("bridge listener failed", failed);
                    }
                }
            }
        } catch (RuntimeException e) {
            opened.forEach(o -> closeQuietly(o.massager()));
            throw e;
        }
        if (opened.isEmpty()) {
            LOG.warn("none of the {} device(s) could be opened: the bridge runs and keeps retrying them "
                    + "(is the hardware plugged in and powered?)", waiting.size());
        }
        BridgeCore core = new BridgeCore(config, environment, routines, opened, waiting, identity);
        core.setListener(listener);
        MqttBridge bridge = new MqttBridge(core);
        core.onHandedOver(bridge.closed::countDown);
        try {
            core.connect().get(FIRST_CONNECT_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            Optional<String> why = core.lastFailure();
            if (why.isPresent()) {
                LOG.warn("cannot connect to broker {} yet: {}; the bridge keeps trying in the background",
                        config.broker().url(), why.get());
            } else {
                LOG.warn("broker {} not reachable yet; the bridge keeps trying in the background", config.broker().url());
            }
        } catch (ExecutionException e) {
            bridge.close();
            throw new MqttBridgeException(e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            bridge.close();
            throw new MqttBridgeException("interrupted while connecting to " + config.broker().url(), e);
        }
        return bridge;
    }

    private static Map<String, Routine> routines(BridgeConfig config) {
        Map<String, Routine> routines = new LinkedHashMap<>(Routines.builtIn());
        for (Path file : config.routineFiles()) {
            try {
                Routine r = Routines.load(file);
                routines.put(r.name(), r);
            } catch (RuntimeException e) {
                throw new MqttBridgeException("routine file " + file + " is invalid: " + e.getMessage(), e);
            }
        }
        return routines;
    }

    private static String defaultRoutine(DeviceConfig device, Map<String, Routine> routines) {
        if (device.defaultRoutine().isPresent()) {
            String name = device.defaultRoutine().get();
            if (!routines.containsKey(name)) {
                throw new MqttBridgeException("devices." + device.name() + ".default_routine '" + name
                        + "' is unknown (expected one of: " + String.join(", ", routines.keySet()) + ")");
            }
            return name;
        }
        return routines.containsKey("bedtime") ? "bedtime" : routines.keySet().iterator().next();
    }

    /** The profile a device's URI names ({@code ?profile=}), so it can be announced before it answers. */
    private static Optional<DeviceProfile> expectedProfile(DeviceConfig device) {
        Optional<String> profile = DeviceUri.parse(device.uri()).param("profile");
        try {
            return profile.map(DeviceProfiles::resolve);
        } catch (RuntimeException e) {
            throw new MqttBridgeException("device '" + device.name() + "' (" + device.shownUri() + "): profile '"
                    + profile.get() + "' is unknown: " + Redaction.redact(e.getMessage()), e);
        }
    }

    private static void closeQuietly(Massager massager) {
        try {
            massager.close();
        } catch (RuntimeException e) {
            LOG.warn("closing {} failed: {}", massager, e.toString());
        }
    }

    /** The configuration this bridge runs. */
    public BridgeConfig config() {
        return core.config();
    }

    /** The client id used on the broker (unique per run unless configured). */
    public String clientId() {
        return core.clientId();
    }

    /** True while connected to the broker. */
    public boolean isConnected() {
        return core.isConnected();
    }

    /** Waits until connected; false on timeout. */
    public boolean awaitConnected(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!core.isConnected()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(20);
        }
        return true;
    }

    /** The massager behind a device name, for embedding applications; empty while the device is not open yet. */
    public Optional<Massager> massager(String device) {
        return core.massager(device);
    }

    /** The device names, in configuration order. */
    public List<String> devices() {
        return core.deviceNames();
    }

    /** This run's instance id, host and pid, as its retained bridge state shows them. */
    public BridgeIdentity identity() {
        return core.identity();
    }

    /** The instance this bridge stepped aside for ({@code --take-over} by another), once it has. */
    public Optional<String> handedOverTo() {
        return core.handedOverTo();
    }

    /**
     * While not connected: why the last attempt to connect to the broker failed, in words (for
     * example a TLS problem with its cause); empty while connected or before the first attempt.
     */
    public Optional<String> lastFailure() {
        return core.lastFailure();
    }

    /** Blocks until {@link #close()} was called (e.g. from a shutdown hook), or another instance took over. */
    public void awaitClose() throws InterruptedException {
        closed.await();
    }

    /** Stops every device, publishes offline and disconnects. Idempotent. */
    @Override
    public void close() {
        try {
            core.close();
        } finally {
            closed.countDown();
        }
    }
}
