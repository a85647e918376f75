package dev.solemate.mqtt.client;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttClientException;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link MqttLink} on Eclipse Paho's MQTT 5 client, wrapped so that none of Paho's pitfalls reach
 * us: our own reconnect loop (exponential backoff with jitter, also for the first connection, one
 * client object for the whole life so no threads leak), resubscription after every connect,
 * in-memory persistence, a bound on publishes in flight (never more than the broker's receive
 * maximum, so no "too many publishes in progress"), and every message handed from Paho's callback
 * thread to our own dispatch thread, so a slow or failing listener can neither block acks nor kill
 * the client. The connection management lives in {@link PahoLinkBase}; this class only speaks
 * Paho's MQTT 5 API.
 */
public final class PahoMqttLink extends PahoLinkBase<MqttMessage> {

    private static final Logger LOG = LoggerFactory.getLogger(PahoMqttLink.class);
    /** MQTT 5 reason code the broker sends when another client connected with our id. */
    private static final int SESSION_TAKEN_OVER = 0x8E;

    private final MqttAsyncClient client;

    public PahoMqttLink(LinkOptions options) {
        super(requireMqtt5(options), LOG, MqttClientException.REASON_CODE_MAX_INFLIGHT);
        try {
            this.client = new MqttAsyncClient(options.pahoUri(), options.clientId(), new MemoryPersistence());
        } catch (MqttException e) {
            throw new IllegalArgumentException("broker " + options.serverUri() + ": " + e.getMessage(), e);
        }
        client.setCallback(new Callback());
    }

    private static LinkOptions requireMqtt5(LinkOptions options) {
        if (options.protocol() != MqttProtocol.MQTT_5) {
            throw new IllegalArgumentException("PahoMqttLink speaks MQTT 5 only (use MqttLinks.create for 3.1.1)");
        }
        return options;
    }

    @Override
    void startSubscribe(List<String> filters, CompletableFuture<Void> done) throws MqttException {
        MqttSubscription[] subs = filters.stream().map(f -> {
            MqttSubscription sub = new MqttSubscription(f, 1);
            // Keep the retain flag of live messages too, so a command published with retain is
            // recognised (and refused) at once, not only when the broker replays it later.
            sub.setRetainAsPublished(true);
            return sub;
        }).toArray(MqttSubscription[]::new);
        client.subscribe(subs, null, listener(token -> {
            int[] codes = token.getReasonCodes();
            for (int i = 0; codes != null && i < codes.length && i < subs.length; i++) {
                if (codes[i] >= 0x80) {
                    LOG.error("broker refused subscription to {} (reason code 0x{}); check the ACL",
                            subs[i].getTopic(), Integer.toHexString(codes[i]));
                }
            }
            done.complete(null);
        }, done::completeExceptionally), (MqttProperties) null);
    }

    @Override
    void startConnect() throws MqttException {
        client.connect(connectionOptions(), null, listener(token -> {
            MqttProperties props = token.getResponseProperties();
            if (props != null && props.getReceiveMaximum() != null && props.getReceiveMaximum() > 0) {
                receiveMaximum(props.getReceiveMaximum());
            }
            connectSucceeded();
        }, this::connectFailed));
    }

    @Override
    int reasonCode(Throwable error) {
        return error instanceof MqttException m ? m.getReasonCode() : -1;
    }

    private MqttConnectionOptions connectionOptions() {
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setCleanStart(true);
        o.setAutomaticReconnect(false);
        o.setKeepAliveInterval((int) options.keepAlive().toSeconds());
        o.setConnectionTimeout(10);
        o.setMaximumPacketSize((long) options.maxIncomingBytes());
        o.setReceiveMaximum(1000);
        options.username().ifPresent(o::setUserName);
        options.password().ifPresent(p -> o.setPassword(p.utf8()));
        options.will().ifPresent(w -> {
            MqttMessage will = new MqttMessage(w.payload(), w.qos(), w.retained(), null);
            o.setWill(w.topic(), will);
        });
        o.setSocketFactory(socketFactory());
        if (options.usesTls()) {
            o.setHttpsHostnameVerificationEnabled(options.tls().verifyHostname());
        }
        return o;
    }

    @Override
    MqttMessage toPahoMessage(OutboundMessage m) {
        return new MqttMessage(m.payload(), m.qos(), m.retained(), properties(m));
    }

    private static MqttProperties properties(OutboundMessage m) {
        MqttProperties props = new MqttProperties();
        if (m.expirySeconds() > 0) {
            props.setMessageExpiryInterval(m.expirySeconds());
        }
        m.responseTopic().ifPresent(props::setResponseTopic);
        if (m.correlationData().length > 0) {
            props.setCorrelationData(m.correlationData());
        }
        return props;
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
        client.disconnectForcibly(0, 1000, false);
    }

    @Override
    void closeClient() throws MqttException {
        client.close(true);
    }

    /** Runs on Paho's callback thread: copy, hand off, never throw. */
    private final class Callback implements MqttCallback {

        @Override
        public void disconnected(MqttDisconnectResponse response) {
            try {
                int reason = response == null ? -1 : response.getReturnCode();
                LOG.debug("disconnected from {}: reason {}, {}", options.serverUri(), reason, response);
                String cause = response == null ? "unknown" : String.valueOf(response.getException() != null
                        ? response.getException().getMessage() : response.getReasonString());
                if (reason == SESSION_TAKEN_OVER) {
                    sessionTakenOver();
                    cause = "another client connected with the same client id '" + clientId()
                            + "' (give every bridge its own client_id)";
                    LOG.error("{}", cause);
                }
                connectionLost(cause);
            } catch (RuntimeException e) {
                LOG.error("handling disconnect failed", e);
            }
        }

        @Override
        public void mqttErrorOccurred(MqttException exception) {
            LOG.warn("MQTT error on {}: {}", clientId(), exception.toString());
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            try {
                MqttProperties p = message.getProperties();
                Optional<String> responseTopic = p == null ? Optional.empty() : Optional.ofNullable(p.getResponseTopic());
                byte[] correlation = p == null || p.getCorrelationData() == null ? new byte[0] : p.getCorrelationData();
                OptionalLong expiry = p == null || p.getMessageExpiryInterval() == null ? OptionalLong.empty()
                        : OptionalLong.of(p.getMessageExpiryInterval());
                PahoMqttLink.this.messageArrived(new InboundMessage(topic, message.getPayload(), message.getQos(),
                        message.isRetained(), responseTopic, correlation, expiry, System.nanoTime()));
            } catch (RuntimeException e) {
                // Never let anything escape into Paho: it would shut the client down.
                LOG.error("dropping a message on {}: {}", topic, e.toString());
            }
        }

        @Override
        public void deliveryComplete(IMqttToken token) {
        }

        @Override
        public void connectComplete(boolean reconnect, String serverURI) {
            // handled by the connect action listener
        }

        @Override
        public void authPacketArrived(int reasonCode, MqttProperties properties) {
        }
    }

    /** Paho's action listener as two lambdas; both run on Paho's callback thread. */
    private static MqttActionListener listener(Consumer<IMqttToken> success, Consumer<Throwable> failure) {
        return new MqttActionListener() {
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
