package dev.solemate.mqtt.bridge;

import dev.solemate.mqtt.client.LinkListener;
import dev.solemate.mqtt.client.MqttLink;
import dev.solemate.mqtt.client.OutboundMessage;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The bridge's link as its devices see it: the same, except that it can be muted. A bridge that
 * steps aside for another instance closes its devices through a muted link, so their last
 * {@code offline} never reaches the broker to contradict the instance taking over.
 */
final class MutableLink implements MqttLink {

    private final MqttLink link;
    private volatile boolean muted;

    MutableLink(MqttLink link) {
        this.link = link;
    }

    void mute() {
        muted = true;
    }

    @Override
    public CompletableFuture<Void> publish(OutboundMessage message) {
        return muted ? CompletableFuture.completedFuture(null) : link.publish(message);
    }

    @Override
    public void setListener(LinkListener listener) {
        throw new UnsupportedOperationException("the bridge owns its link's listener");
    }

    @Override
    public CompletableFuture<Void> subscribe(List<String> filters) {
        return link.subscribe(filters);
    }

    @Override
    public CompletableFuture<Void> connect() {
        return link.connect();
    }

    @Override
    public boolean isConnected() {
        return link.isConnected();
    }

    @Override
    public Optional<String> lastFailure() {
        return link.lastFailure();
    }

    @Override
    public String clientId() {
        return link.clientId();
    }

    @Override
    public void close(List<OutboundMessage> lastWords) {
        throw new UnsupportedOperationException("the bridge closes its link");
    }
}
