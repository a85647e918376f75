package dev.solemate.mqtt.client;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallbackExtended;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link MqttLink} on Eclipse Paho's MQTT 3.1.1 client, for brokers that do not speak MQTT 5. Same
 * guarantees as {@link PahoMqttLink} (own reconnect loop with jitter, resubscription, bounded
 * in-flight publishes, our own dispatch thread), all from {@link PahoLinkBase}; MQTT 5 properties
 * (expiry, response topic, correlation data) are dropped on the way out and absent on the way in,
 * and live messages always arrive with the retain flag cleared.
 */
public final class PahoV3MqttLink extends PahoLinkBase<MqttMessage> {

    private static final Logger LOG = LoggerFactory.getLogger(PahoV3MqttLink.class);
    /** Paho 3's own in-flight window cannot be made larger than this. */
    private static final int PAHO_MAX_INFLIGHT = 1000;

    private final MqttAsyncClient client;

    public PahoV3MqttLink(LinkOptions options) {
        super(options, LOG, MqttException.REASON_CODE_MAX_INFLIGHT);
        try {
            this.client = new MqttAsyncClient(options.pahoUri(), options.clientId(), new MemoryPersistence());
        } catch (MqttException e) {
            throw new IllegalArgumentException("broker " + options.serverUri() + ": " + e.getMessage(), e);
        }
        client.setCallback(new Callback());
    }

    @Override
    int inFlightLimit() {
        return Math.min(super.inFlightLimit(), PAHO_MAX_INFLIGHT);
    }

    @Override
    void startSubscribe(List<String> filters, CompletableFuture<Void> done) throws MqttException {
        String[] topics = filters.toArray(new String[0]);
        int[] qos = new int[topics.length];
        Arrays.fill(qos, 1);
        client.subscribe(topics, qos, null, listener(token -> {
            int[] codes = token.getGrantedQos();
            for (int i = 0; codes != null && i < codes.length && i < topics.length; i++) {
                if (codes[i] >= 0x80) {
                    LOG.error("broker refused subscription to {}; check the ACL", topics[i]);
                }
            }
            done.complete(null);
        }, done::completeExceptionally));
    }

    @Override
    void startConnect() throws MqttException {
        client.connect(connectionOptions(), null, listener(token -> connectSucceeded(), this::connectFailed));
    }

    @Override
    int reasonCode(Throwable error) {
        return error instanceof MqttException m ? m.getReasonCode() : -1;
    }

    private MqttConnectOptions connectionOptions() {
        MqttConnectOptions o = new MqttConnectOptions();
        o.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        o.setCleanSession(true);
        o.setAutomaticReconnect(false);
        o.setKeepAliveInterval((int) options.keepAlive().toSeconds());
        o.setConnectionTimeout(10);
        o.setMaxInflight(Math.min(options.maxInFlight(), PAHO_MAX_INFLIGHT));
        options.username().ifPresent(o::setUserName);
        options.password().ifPresent(p -> o.setPassword(p.reveal().toCharArray()));
        options.will().ifPresent(w -> o.setWill(w.topic(), w.payload(), w.qos(), w.retained()));
        o.setSocketFactory(socketFactory());
        if (options.usesTls()) {
            o.setHttpsHostnameVerificationEnabled(options.tls().verifyHostname());
        }
        return o;
    }

    @Override
    MqttMessage toPahoMessage(OutboundMessage m) {
        MqttMessage msg = new MqttMessage(m.payload());
        msg.setQos(m.qos());
        msg.setRetained(m.retained());
        return msg;
    }

    @Override
    void startPublish(String topic, MqttMessage message, Consumer<Throwable> settled) throws MqttException {
        client.publish(topic, message, null, listener(token -> settled.accept(null), settled));
    }

    @Override
    void disconnectClient() throws MqttException {
        if (client.isConnected()) {
            client.disconnect(2000).waitForCompletion(3000);
        }
    }

    @Override
    void disconnectClientForcibly() throws MqttException {
        client.disconnectForcibly(0, 1000);
    }

    @Override
    void closeClient() throws MqttException {
        client.close(true);
    }

    /** Runs on Paho's callback thread: copy, hand off, never throw. */
    private final class Callback implements MqttCallbackExtended {

        @Override
        public void connectionLost(Throwable cause) {
            try {
                PahoV3MqttLink.this.connectionLost(cause == null ? "unknown" : String.valueOf(cause.getMessage()));
            } catch (RuntimeException e) {
                LOG.error("handling connection loss failed", e);
            }
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            try {
                PahoV3MqttLink.this.messageArrived(new InboundMessage(topic, message.getPayload(), message.getQos(),
                        message.isRetained(), Optional.empty(), new byte[0], OptionalLong.empty(), System.nanoTime()));
            } catch (RuntimeException e) {
                // Never let anything escape into Paho: it would shut the client down.
                LOG.error("dropping a message on {}: {}", topic, e.toString());
            }
        }

        @Override
        public void deliveryComplete(IMqttDeliveryToken token) {
        }

        @Override
        public void connectComplete(boolean reconnect, String serverURI) {
            // handled by the connect action listener
        }
    }

    /** Paho's action listener as two lambdas; both run on Paho's callback thread. */
    private static IMqttActionListener listener(Consumer<IMqttToken> success, Consumer<Throwable> failure) {
        return new IMqttActionListener() {
            @Override
            public void onSuccess(IMqttToken token) {
                success.accept(token);
            }

            @Override
            public void onFailure(IMqttToken token, Throwable e) {
                failure.accept(e);
            }
        };
    }
}
