package dev.solemate.bench.mqtt;

import dev.solemate.mqtt.client.InboundMessage;
import dev.solemate.mqtt.client.LinkListener;
import dev.solemate.mqtt.client.MqttLink;
import dev.solemate.mqtt.client.OutboundMessage;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Wraps the bridge's link to note when a /set arrived from Paho and when its first state went back. */
final class TracingLink implements MqttLink {

    /** The {@link System#nanoTime()} marks of the last /set: read by the benchmark after its state arrived. */
    static final class Marks {
        /** When Paho's callback received the /set. */
        volatile long received;
        /** When the bridge's dispatch thread took it. */
        volatile long dispatched;
        /** When the bridge handed its first state after it to Paho. */
        volatile long stateOut;
    }

    private final MqttLink inner;
    private final Marks marks;
    private volatile boolean awaitingState;

    TracingLink(MqttLink inner, Marks marks) {
        this.inner = inner;
        this.marks = marks;
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
                    marks.received = message.receivedNanos();
                    marks.dispatched = System.nanoTime();
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
            marks.stateOut = System.nanoTime();
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
