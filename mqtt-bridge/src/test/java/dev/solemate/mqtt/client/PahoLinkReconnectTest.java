package dev.solemate.mqtt.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.solemate.mqtt.testing.FreePort;
import dev.solemate.mqtt.testing.HiveMq;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The Paho link's own reconnect loop, against Paho's known thread leaks and in-flight limits. */
@Timeout(60)
class PahoLinkReconnectTest {

    @Test
    void manyFailedConnectAttemptsDoNotLeakThreads() throws Exception {
        String deadBroker = "tcp://127.0.0.1:" + FreePort.next();
        PahoMqttLink link = new PahoMqttLink(LinkOptions.of(deadBroker, "leak-check")
                .withReconnect(Duration.ofMillis(20), Duration.ofMillis(40)));
        CompletableFuture<Void> connected = link.connect();
        Thread.sleep(500);
        int threadsAfterFewAttempts = Thread.activeCount();
        Thread.sleep(2500);
        int threadsAfterManyAttempts = Thread.activeCount();
        assertThat(connected).isNotDone();
        assertThat(threadsAfterManyAttempts).isLessThanOrEqualTo(threadsAfterFewAttempts + 2);
        link.close();
        assertThat(connected).isCompletedExceptionally();
    }

    @Test
    void publishingFarMoreThanTheInFlightLimitDeliversEverything() throws Exception {
        PahoMqttLink link = new PahoMqttLink(LinkOptions.of(HiveMq.shared().url(), "flood-" + System.nanoTime())
                .withMaxInFlight(5));
        try {
            link.connect().get(10, TimeUnit.SECONDS);
            CompletableFuture<?>[] sent = new CompletableFuture<?>[5000];
            for (int i = 0; i < sent.length; i++) {
                sent[i] = link.publish(OutboundMessage.of("flood/" + (i % 10), "m" + i, 1, false));
            }
            CompletableFuture.allOf(sent).get(30, TimeUnit.SECONDS);
            assertThat(List.of(sent)).allMatch(f -> f.isDone() && !f.isCompletedExceptionally());
        } finally {
            link.close();
        }
    }

    @Test
    void publishWhileDisconnectedFailsAtOnceInsteadOfQueueingForever() {
        PahoMqttLink link = new PahoMqttLink(LinkOptions.of("tcp://127.0.0.1:" + FreePort.next(), "offline-publish"));
        try {
            CompletableFuture<Void> f = link.publish(OutboundMessage.of("a/b", "x", 1, false));
            assertThat(f).failsWithin(Duration.ofSeconds(2)).withThrowableOfType(ExecutionException.class)
                    .withMessageContaining("not connected");
        } finally {
            link.close();
        }
    }
}
