package dev.solemate.bench.peer;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import dev.solemate.bench.mqtt.MessageCallback;
import dev.solemate.bench.mqtt.NoDelaySocketFactory;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;

/**
 * The one measuring client for every system: a bare Paho MQTT 5 client with Nagle's algorithm off
 * that publishes commands with a unique {@code transaction} at QoS 1 and completes a future when the
 * answer with that transaction arrives on the system's {@code /response}. Latency is from just
 * before the publish to the arrival callback (Paho's callback thread; nothing else runs there).
 */
final class Probe implements AutoCloseable {

    /** An answer: when it arrived and whether it said {@code "status":"ok"}. */
    record Answer(long nanos, boolean ok, String payload) {
    }

    private final MqttAsyncClient client;
    private final Map<String, CompletableFuture<Answer>> waiting = new ConcurrentHashMap<>();
    private final AtomicLong sequence = new AtomicLong();

    Probe(String url, List<PeerSystem> systems) throws MqttException {
        client = new MqttAsyncClient(url, "peer-probe-" + ProcessHandle.current().pid(), new MemoryPersistence());
        client.setCallback(new MessageCallback((topic, m) -> {
            long now = System.nanoTime();
            String s = new String(m.getPayload(), StandardCharsets.UTF_8);
            String tx = transactionOf(s);
            CompletableFuture<Answer> f = tx == null ? null : waiting.remove(tx);
            if (f != null) {
                f.complete(new Answer(now, s.contains("\"status\":\"ok\""), s));
            }
        }) {
            @Override
            public void disconnected(MqttDisconnectResponse r) {
                System.err.println("probe disconnected: " + r);
            }

            @Override
            public void mqttErrorOccurred(MqttException e) {
                System.err.println("probe: " + e);
            }
        });
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setSocketFactory(new NoDelaySocketFactory());
        o.setCleanStart(true);
        o.setReceiveMaximum(1000);
        client.connect(o).waitForCompletion(10_000);
        for (PeerSystem s : systems) {
            client.subscribe(s.responseTopic(), 1).waitForCompletion(10_000);
        }
    }

    private static String transactionOf(String payload) {
        int i = payload.indexOf("\"transaction\":\"");
        if (i < 0) {
            return null;
        }
        int start = i + 15;
        int end = payload.indexOf('"', start);
        return end < 0 ? null : payload.substring(start, end);
    }

    /** Publishes {@code json} (an object without its closing brace) with a fresh transaction. */
    Sent send(PeerSystem system, String json) throws MqttException {
        String tx = "p" + sequence.incrementAndGet();
        CompletableFuture<Answer> f = new CompletableFuture<>();
        waiting.put(tx, f);
        byte[] payload = (json + ",\"transaction\":\"" + tx + "\"}").getBytes(StandardCharsets.UTF_8);
        MqttMessage m = new MqttMessage(payload);
        m.setQos(1);
        long start = System.nanoTime();
        client.publish(system.setTopic(), m);
        return new Sent(start, f);
    }

    /** A command on its way: when it was published and its answer to come. */
    record Sent(long startNanos, CompletableFuture<Answer> answer) {

        /** Round trip in nanoseconds; fails if no answer within the timeout or it was not ok. */
        long await(long timeoutMillis) throws Exception {
            Answer a = answer.get(timeoutMillis, TimeUnit.MILLISECONDS);
            if (!a.ok()) {
                throw new IllegalStateException("not ok: " + a.payload());
            }
            return a.nanos() - startNanos;
        }
    }

    @Override
    public void close() throws MqttException {
        client.disconnect().waitForCompletion(5_000);
        client.close();
    }
}
