package dev.solemate.cli;

import dev.solemate.Massager;
import dev.solemate.MassagerEvent;
import dev.solemate.cli.output.Voice;
import dev.solemate.mqtt.BridgeEvent;
import dev.solemate.mqtt.BridgeListener;
import dev.solemate.mqtt.MqttBridge;
import dev.solemate.mqtt.config.BridgeConfig;
import dev.solemate.secret.Redaction;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What {@code solemate bridge} says while it runs: one sentence when something goes wrong (the
 * broker lost, a device that does not open or loses its link) and one when it is resolved
 * ({@code broker back after 12 s; state re-published}), with what is known about the devices.
 * Everything else (each reconnect attempt, Paho's own records) is a detail for --verbose.
 * Events arrive on the bridge's and the massagers' threads; {@link Voice} serialises the lines.
 */
final class BridgeNews implements BridgeListener {

    private final Voice voice;
    private final BridgeConfig config;
    private final AtomicReference<MqttBridge> bridge = new AtomicReference<>();
    private final AtomicBoolean waitingForFirstConnection = new AtomicBoolean();

    BridgeNews(Voice voice, BridgeConfig config) {
        this.voice = voice;
        this.config = config;
    }

    /** The bridge is running: say so, and follow the links of the devices already open. */
    void started(MqttBridge running) {
        bridge.set(running);
        voice.say("Bridge '" + config.name() + "' on " + broker() + ": " + String.join(", ", running.devices())
                + "; Ctrl-C to stop.");
        if (!running.isConnected() && waitingForFirstConnection.compareAndSet(false, true)) {
            voice.warn(running.lastFailure().map(why -> "Cannot connect to the broker " + broker() + " yet (" + why + ")")
                    .orElse("The broker " + broker() + " is not reachable yet") + "; the bridge keeps trying.");
        }
        for (String device : running.devices()) {
            running.massager(device).ifPresent(m -> follow(device, m));
        }
    }

    @Override
    public void onEvent(BridgeEvent event) {
        if (event instanceof BridgeEvent.BrokerConnected c) {
            if (c.downtime().isPresent()) {
                voice.say("Broker back after " + seconds(c.downtime().get()) + "; state re-published.");
            } else if (waitingForFirstConnection.compareAndSet(true, false)) {
                voice.say("Broker reachable now; state published.");
            }
        } else if (event instanceof BridgeEvent.BrokerLost l) {
            voice.warn("Lost the broker (" + l.cause() + "); reconnecting. The devices keep running; "
                    + policy() + ".");
        } else if (event instanceof BridgeEvent.BrokerLossPolicyApplied p) {
            voice.warn("The broker is still unreachable after " + seconds(p.after()) + ": "
                    + (p.action().equals("stop") ? "every device was sent a stop." : "routines finish, nothing new starts."));
        } else if (event instanceof BridgeEvent.DeviceUnavailable u) {
            voice.warn("Device '" + u.device() + "' (" + u.uri() + ") cannot be opened: " + u.reason()
                    + "; it is shown offline and retried until it opens.");
        } else if (event instanceof BridgeEvent.DeviceOpened o) {
            voice.say("Device '" + o.device() + "' is open now and on the bridge.");
            MqttBridge running = bridge.get();
            if (running != null) {
                running.massager(o.device()).ifPresent(m -> follow(o.device(), m));
            }
        }
    }

    private String broker() {
        return Redaction.redact(config.broker().url());
    }

    private String policy() {
        Duration after = config.brokerLoss().after();
        return switch (config.brokerLoss().action()) {
            case STOP -> "they are stopped if it is not back within " + seconds(after);
            case FINISH_ROUTINE -> "if it is not back within " + seconds(after) + ", routines finish and nothing new starts";
        };
    }

    /** Says when an open device loses its link and when it is back (on the massager's event thread: no waiting). */
    private void follow(String device, Massager massager) {
        massager.addListener(event -> {
            if (event instanceof MassagerEvent.Disconnected d) {
                voice.warn("Device '" + device + "' lost its link (" + d.reason() + "). "
                        + capitalised(DeviceFacts.whatStopsIt("it", massager.watchdog())) + ".");
            } else if (event instanceof MassagerEvent.Reconnected) {
                voice.say("Device '" + device + "' is back; it was sent a stop and waits for commands.");
            }
        });
    }

    private static String capitalised(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    /** {@code 12 s}, or {@code 2 min 5 s} past a minute. */
    static String seconds(Duration d) {
        long s = Math.max(0, Math.round(d.toMillis() / 1000.0));
        return s < 60 ? s + " s" : s / 60 + " min" + (s % 60 == 0 ? "" : " " + s % 60 + " s");
    }
}
