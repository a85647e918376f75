package dev.solemate.mqtt.driver;

import static org.assertj.core.api.Assertions.assertThat;

import dev.solemate.ConnectionState;
import dev.solemate.Massager;
import dev.solemate.MassagerEvent;
import dev.solemate.Massagers;
import dev.solemate.device.DeviceProfiles;
import dev.solemate.mqtt.MqttBridge;
import dev.solemate.mqtt.testing.Bridges;
import dev.solemate.mqtt.testing.HiveMq;
import dev.solemate.mqtt.testing.TcpCutter;
import dev.solemate.player.Playback;
import dev.solemate.player.PlaybackEnding;
import dev.solemate.player.PlaybackOptions;
import dev.solemate.routine.CompiledRoutine;
import dev.solemate.routine.RoutineCompiler;
import dev.solemate.routine.Routines;
import dev.solemate.sim.SimulatedDevice;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The mqtt:// driver loses its broker while a routine plays through it; the bridge on the other
 * side keeps its own connection, so the remote massager keeps running. When the driver's link
 * comes back, the core's stop must reach the remote massager and bring it to zero.
 */
@Timeout(90)
class MqttDriverReconnectTest {

    private static final AtomicInteger NAMES = new AtomicInteger();

    @Test
    void aDriverWhoseBrokerLinkDropsMidRoutineLeavesTheRemoteMassagerAtZeroOnceItIsBack() throws Exception {
        String base = Bridges.uniqueBase();
        String simName = "reconnect-" + NAMES.incrementAndGet();
        try (MqttBridge bridge = Bridges.start(Bridges.config(HiveMq.shared().url(), base)
                .device("bedroom=sim:?profile=shiatsu-4zone&latency=1ms&watchdog=0ms&name=" + simName).build());
             TcpCutter cutter = new TcpCutter(HiveMq.shared().port());
             Massager remote = Massagers.open("mqtt://127.0.0.1:" + cutter.port() + "/" + base + "/bedroom?timeout=3s")) {
            SimulatedDevice device = SimulatedDevice.named(simName);
            List<MassagerEvent> events = new CopyOnWriteArrayList<>();
            remote.addListener(events::add);
            CompiledRoutine bedtime = RoutineCompiler.compile(Routines.builtIn("bedtime"), remote.profile());
            Playback playback = remote.play(bedtime, PlaybackOptions.defaults().withSpeed(20), e -> { });
            awaitTrue(() -> !device.isAtZero(), "the remote massager running the routine");

            cutter.cut();
            awaitTrue(() -> remote.state().connection() == ConnectionState.DISCONNECTED, "the driver to see the loss");
            assertThat(playback.completion().get(5, TimeUnit.SECONDS).ending()).isEqualTo(PlaybackEnding.FAILED);
            Thread.sleep(300);
            assertThat(device.isAtZero()).as("the remote runs on while the driver is cut off").isFalse();

            cutter.restore();
            awaitTrue(() -> events.contains(new MassagerEvent.Reconnected()), "the driver to reconnect");
            awaitTrue(device::isAtZero, "the remote massager at zero");
            Thread.sleep(500);
            assertThat(device.isAtZero()).as("nothing raised it again").isTrue();
            assertThat(remote.state().connection()).isEqualTo(ConnectionState.CONNECTED);
            assertThat(remote.profile()).isEqualTo(DeviceProfiles.builtIn("shiatsu-4zone"));
        }
    }

    private static void awaitTrue(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(10);
        }
    }
}
