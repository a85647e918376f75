package dev.solemate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.solemate.device.Intensity;
import dev.solemate.device.Technique;
import dev.solemate.device.Zone;
import dev.solemate.driver.DeviceCommand;
import dev.solemate.sim.ExecutedCommand;
import dev.solemate.testing.VirtualRig;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The massager handle: acknowledged futures, a stop that jumps every queue, listeners on the event thread, close. */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class MassagerTest {

    @Test
    void aCommandCompletesOnlyOnceTheDeviceAcknowledgedIt() {
        try (VirtualRig rig = VirtualRig.open("latency=5ms")) {
            AtomicReference<String> thread = new AtomicReference<>();
            CompletableFuture<CommandResult> done = rig.massager.setZone(Zone.ARCH, Technique.KNEAD, Intensity.of(20));
            CompletableFuture<CommandResult> seen = done.whenComplete((r, e) -> thread.set(Thread.currentThread().getName()));
            rig.advance(Duration.ofMillis(4));
            assertThat(done).isNotDone();

            rig.advance(Duration.ofMillis(1));
            CommandResult result = rig.await(seen);
            assertThat(result).isEqualTo(CommandResult.ok(1));
            assertThat(thread.get()).isEqualTo("solemate-events-shiatsu-4zone");
            assertThat(rig.massager.state().zones().get(Zone.ARCH)).isEqualTo(new ZoneState(Technique.KNEAD, 1, Intensity.of(20)));
        }
    }

    @Test
    void listenersAreCalledOnTheEventThreadInOrder() {
        try (VirtualRig rig = VirtualRig.open("")) {
            List<String> threads = new CopyOnWriteArrayList<>();
            List<MassagerEvent> events = new CopyOnWriteArrayList<>();
            rig.massager.addListener(e -> {
                threads.add(Thread.currentThread().getName());
                events.add(e);
            });
            rig.massager.setHeat(38);
            rig.device.pressButton("mode");
            rig.await(() -> events.stream().anyMatch(e -> e instanceof MassagerEvent.ButtonPressed), "the button");

            assertThat(threads).containsOnly("solemate-events-shiatsu-4zone");
            assertThat(events).contains(new MassagerEvent.ButtonPressed("mode"));
        }
    }

    @Test
    void aThrowingListenerDoesNotStopDeliveryToOthers() {
        try (VirtualRig rig = VirtualRig.open("")) {
            List<MassagerEvent> events = new CopyOnWriteArrayList<>();
            rig.massager.addListener(e -> {
                throw new IllegalStateException("broken listener");
            });
            rig.massager.addListener(events::add);
            rig.device.pressButton("power");
            rig.device.pressButton("mode");
            rig.await(() -> events.size() >= 2, "both buttons");
            assertThat(events).containsExactly(new MassagerEvent.ButtonPressed("power"), new MassagerEvent.ButtonPressed("mode"));
        }
    }

    @Test
    void stopJumpsAheadOfCommandsStillInTheQueue() {
        try (VirtualRig rig = VirtualRig.open("latency=30ms")) {
            CompletableFuture<CommandResult> queued = rig.massager.setZone(Zone.HEEL, Technique.ROLL, Intensity.of(20));
            rig.massager.setHeat(38);
            rig.advance(Duration.ofMillis(10));
            rig.await(rig.massager.stop());
            rig.advance(Duration.ofSeconds(1));

            assertThat(rig.device.executed()).extracting(ExecutedCommand::command).containsExactly(new DeviceCommand.StopAll());
            assertThat(rig.device.isAtZero()).isTrue();
            assertThat(rig.massager.state().isAtZero()).isTrue();
            rig.await(queued::isDone, "the overtaken command to fail");
            assertThat(queued).isCompletedExceptionally();
        }
    }

    @Test
    void stateFollowsWhatTheDeviceReports() {
        try (VirtualRig rig = VirtualRig.open("")) {
            rig.await(rig.massager.setHeat(40));
            rig.advance(Duration.ofSeconds(60));
            // Reports reach the state on the massager's event thread, a moment after the device
            // made them: wait until the state has caught up with the last one.
            rig.await(() -> rig.massager.state().temperature().orElse(0) > 26
                    && Math.abs(rig.massager.state().temperature().getAsDouble() - rig.device.temperature()) <= 0.11,
                    "the state to show the warmed heater's temperature");
            assertThat(rig.massager.state().heatTarget()).hasValue(40);
        }
    }

    @Test
    void aLostLinkShowsInTheStateAndCommandsFailUntilItIsBack() {
        try (VirtualRig rig = VirtualRig.open("")) {
            rig.await(rig.massager.setZone(Zone.ARCH, Technique.KNEAD, Intensity.of(20)));
            rig.device.disconnect("bridge offline");
            rig.await(() -> rig.massager.state().connection() == ConnectionState.DISCONNECTED, "disconnected");
            assertThat(rig.massager.state().isAtZero()).isTrue();
            CompletableFuture<CommandResult> refused = rig.massager.setZone(Zone.ARCH, Technique.KNEAD, Intensity.of(20));
            rig.await(refused::isDone, "the refusal");
            assertThatThrownBy(refused::join).hasCauseInstanceOf(DeviceDisconnectedException.class)
                    .hasMessageContaining("the device is disconnected; arch knead 20 % was not sent");

            rig.device.reconnect();
            rig.await(() -> rig.massager.state().connection() == ConnectionState.CONNECTED, "reconnected");
            rig.advance(Duration.ofSeconds(1));
            assertThat(rig.await(rig.massager.setZone(Zone.ARCH, Technique.KNEAD, Intensity.of(20))).appliedLevel()).isEqualTo(1);
        }
    }

    @Test
    void closeStopsTheDeviceAndLaterCommandsAreRefused() {
        VirtualRig rig = VirtualRig.open("");
        rig.await(rig.massager.setZone(Zone.ARCH, Technique.KNEAD, Intensity.of(20)));
        rig.massager.close();
        rig.massager.close();

        assertThat(rig.device.isAtZero()).isTrue();
        assertThat(rig.massager.state().connection()).isEqualTo(ConnectionState.CLOSED);
        assertThatThrownBy(() -> rig.massager.setZone(Zone.ARCH, Technique.KNEAD, Intensity.of(20)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("massager " + rig.massager.uri() + " is closed");
    }
}
