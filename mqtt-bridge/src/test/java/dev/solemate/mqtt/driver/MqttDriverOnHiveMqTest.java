package dev.solemate.mqtt.driver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.solemate.ConnectionState;
import dev.solemate.Massager;
import dev.solemate.MassagerEvent;
import dev.solemate.Massagers;
import dev.solemate.device.Intensity;
import dev.solemate.device.Technique;
import dev.solemate.device.Zone;
import dev.solemate.MassagerException;
import dev.solemate.mqtt.MqttBridge;
import dev.solemate.mqtt.testing.Bridges;
import dev.solemate.mqtt.testing.HiveMq;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The mqtt:// driver opening a massager that sits behind a bridge, over HiveMQ. */
@Timeout(60)
class MqttDriverOnHiveMqTest {

    private String base;
    private MqttBridge bridge;
    private Massager remote;

    @BeforeEach
    void start() {
        base = Bridges.uniqueBase();
        bridge = Bridges.start(Bridges.config(HiveMq.shared().url(), base)
                .device("bedroom=" + Bridges.simUri("shiatsu-4zone")).build());
        remote = Massagers.open("mqtt://127.0.0.1:" + HiveMq.shared().port() + "/" + base + "/bedroom?timeout=3s");
    }

    @AfterEach
    void stop() {
        remote.close();
        bridge.close();
    }

    @Test
    void opensWithTheProfileTheBridgeReports() {
        assertThat(remote.profile().id()).isEqualTo("shiatsu-4zone");
        assertThat(remote.state().connection()).isEqualTo(ConnectionState.CONNECTED);
    }

    @Test
    void zoneCommandCompletesWhenTheBridgeAcknowledgesAndMovesTheRealDevice() throws Exception {
        remote.setZone(Zone.ARCH, Technique.KNEAD, Intensity.of(20)).get(5, TimeUnit.SECONDS);

        Massager local = bridge.massager("bedroom").orElseThrow();
        awaitTrue(() -> local.state().zones().get(Zone.ARCH).level() == 1);
        awaitTrue(() -> remote.state().zones().get(Zone.ARCH).level() == 1);
        remote.stop().get(5, TimeUnit.SECONDS);
        awaitTrue(() -> local.state().isAtZero());
    }

    @Test
    void commandTheBridgeRefusesFailsWithTheBridgesReason() {
        // Claiming the wrong profile lets a command through the local governor that the bridge refuses.
        try (Massager wrong = Massagers.open("mqtt://127.0.0.1:" + HiveMq.shared().port() + "/" + base
                + "/bedroom?timeout=3s&profile=aircomp-5zone")) {
            assertThatThrownBy(() -> wrong.setZone(Zone.ANKLE, Technique.COMPRESS, Intensity.of(20)).get(5, TimeUnit.SECONDS))
                    .hasRootCauseInstanceOf(MassagerException.class)
                    .rootCause().hasMessage("bedroom refused: bedroom has no zone 'ankle' (expected one of: toes, ball, arch, heel)");
        }
    }

    @Test
    void deviceGoingOfflineIsReportedAsDisconnected() throws Exception {
        List<MassagerEvent> events = new CopyOnWriteArrayList<>();
        remote.addListener(events::add);
        bridge.close();
        awaitTrue(() -> remote.state().connection() == ConnectionState.DISCONNECTED);
        assertThat(events).anyMatch(e -> e instanceof MassagerEvent.Disconnected);
    }

    @Test
    void unknownDeviceFailsToOpenSayingWhatToCheck() {
        assertThatThrownBy(() -> Massagers.open("mqtt://127.0.0.1:" + HiveMq.shared().port() + "/" + base
                + "/nosuch?timeout=1s"))
                .isInstanceOf(MassagerException.class)
                .hasMessageContaining("no retained state on " + base + "/nosuch")
                .hasMessageContaining("is the bridge running and the device name right?");
    }

    private static void awaitTrue(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 10 s");
            }
            Thread.sleep(10);
        }
    }
}
