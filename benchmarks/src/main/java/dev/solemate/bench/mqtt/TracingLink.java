package dev.solemate.bench.mqtt;

import dev.solemate.mqtt.client.InboundMessage;
import dev.solemate.mqtt.client.LinkListener;
import dev.solemate.mqtt.client.MqttLink;
import dev.solemate.mqtt.client.OutboundMessage;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Wraps the bridge's link to note when a /set arrived from Paho and when its first state went back. */
final class TracingLink implements MqttLink {
    private final MqttLink inner;
    private final long[] inAt;
    private final long[] outAt;
    private final long[] dispatchedAt;
    private volatile boolean awaitingState;

    TracingLink(MqttLink inner, long[] inAt, long[] dispatchedAt, long[] outAt) {
        this.inner = inner;
        this.dispatchedAt = dispatchedAt;
        this.inAt = inAt;
        this.outAt = outAt;
    }

    @Override
    public void setListener(LinkListener listener) {
        inner.setListener(new LinkListener() {
            @Override
            public void onConnected(boolean reconnect) {
                listener.onConnected(reconnect);
            }

            @Override
            public void onConnectionLost(String cause) {
                listener.onConnectionLost(cause);
            }

            @Override
            public void onMessage(InboundMessage message) {
                if (message.topic().endsWith("/set")) {
                    inAt[0] = message.receivedNanos();
                    dispatchedAt[0] = System.nanoTime();
                    awaitingState = true;
                }
                listener.onMessage(message);
            }
        });
    }

    @Override
    public CompletableFuture<Void> subscribe(List<String> filters) {
        return inner.subscribe(filters);
    }

    @Override
    public CompletableFuture<Void> connect() {
        return inner.connect();
    }

    @Override
    public CompletableFuture<Void> publish(OutboundMessage message) {
        if (awaitingState && message.topic().equals("solemate/lat")) {
            outAt[0] = System.nanoTime();
            awaitingState = false;
        }
        return inner.publish(message);
    }

    @Override
    public boolean isConnected() {
        return inner.isConnected();
    }

    @Override
    public String clientId() {
        return inner.clientId();
    }

    @Override
    public void close(List<OutboundMessage> lastWords) {
        inner.close(lastWords);
    }
}
