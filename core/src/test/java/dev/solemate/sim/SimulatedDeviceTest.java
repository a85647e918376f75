package dev.solemate.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.solemate.DeviceDisconnectedException;
import dev.solemate.MassagerException;
import dev.solemate.device.Technique;
import dev.solemate.device.Zone;
import dev.solemate.driver.DeviceCommand;
import dev.solemate.driver.DeviceConnection;
import dev.solemate.driver.DeviceEvent;
import dev.solemate.driver.DeviceUri;
import dev.solemate.driver.DriverContext;
import dev.solemate.driver.ZoneSetting;
import dev.solemate.sim.ExecutedCommand.Origin;
import dev.solemate.time.VirtualTimeline;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The simulated device at the driver level (no governor): it behaves like a real massager on a virtual clock. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class SimulatedDeviceTest {

    private static final AtomicInteger NAMES = new AtomicInteger();
    private static final DeviceCommand.SetZone ARCH_3 = new DeviceCommand.SetZone(Zone.ARCH, Technique.KNEAD, 3);

    private final VirtualTimeline timeline = new VirtualTimeline();
    private final List<DeviceEvent> events = new CopyOnWriteArrayList<>();
    private DeviceConnection connection;
    private SimulatedDevice device;

    private void open(String params) {
        String name = "device-test-" + NAMES.incrementAndGet();
        connection = new SimDriver().connect(DeviceUri.parse("sim:?name=" + name + (params.isEmpty() ? "" : "&" + params)),
                new DriverContext(timeline));
        connection.setListener(events::add);
        device = SimulatedDevice.named(name);
    }

    @AfterEach
    void close() {
        if (connection != null) {
            connection.close();
        }
    }

    @Test
    void acknowledgesEachCommandAfterTheLatency() {
        open("latency=5ms");
        CompletableFuture<Void> ack = connection.send(ARCH_3);
        timeline.advance(Duration.ofMillis(4));
        assertThat(ack).isNotDone();
        assertThat(device.zone(Zone.ARCH).level()).isZero();

        timeline.advance(Duration.ofMillis(1));
        assertThat(ack).isCompleted();
        assertThat(device.zone(Zone.ARCH)).isEqualTo(new ZoneSetting(Technique.KNEAD, 3));
        assertThat(device.executed()).containsExactly(
                new ExecutedCommand(Duration.ofMillis(5).toNanos(), ARCH_3, Origin.HOST));
    }

    @Test
    void withoutLatencyACommandTakesEffectBeforeSendReturns() {
        open("");
        assertThat(connection.send(ARCH_3)).isCompleted();
        assertThat(device.zone(Zone.ARCH).level()).isEqualTo(3);
    }

    @Test
    void stopAllOvertakesCommandsStillInTransit() {
        open("latency=50ms");
        CompletableFuture<Void> first = connection.send(ARCH_3);
        timeline.advance(Duration.ofMillis(10));
        CompletableFuture<Void> second = connection.send(new DeviceCommand.SetZone(Zone.HEEL, Technique.ROLL, 2));

        assertThat(connection.stopAll()).isCompleted();
        timeline.advance(Duration.ofSeconds(1));

        assertThat(device.executed()).containsExactly(
                new ExecutedCommand(Duration.ofMillis(10).toNanos(), new DeviceCommand.StopAll(), Origin.HOST));
        assertThat(device.isAtZero()).isTrue();
        assertThatThrownBy(first::join).hasCauseInstanceOf(MassagerException.class)
                .hasMessageContaining("a stop overtook it");
        assertThat(second).isCompletedExceptionally();
    }

    @Test
    void reportsItsStatusOnEveryChange() {
        open("");
        connection.send(ARCH_3);
        connection.send(new DeviceCommand.SetHeat(38));

        List<DeviceEvent.StatusReport> reports = events.stream().filter(e -> e instanceof DeviceEvent.StatusReport)
                .map(e -> (DeviceEvent.StatusReport) e).toList();
        assertThat(reports).hasSize(2);
        assertThat(reports.get(1).status().zones().get(Zone.ARCH)).isEqualTo(new ZoneSetting(Technique.KNEAD, 3));
        assertThat(reports.get(1).status().heatTarget()).hasValue(38);
        assertThat(reports.get(1).status().temperature()).hasValue(SimulatedDevice.ROOM_CELSIUS);
    }

    @Test
    void heaterWarmsFromRoomTemperatureAboutOneDegreeInTenSecondsAndSettlesAtItsTarget() {
        open("profile=aircomp-5zone");
        connection.send(new DeviceCommand.SetHeat(40));
        timeline.advance(Duration.ofSeconds(10));
        assertThat(device.temperature()).isCloseTo(23.0, within(0.1));
        timeline.advance(Duration.ofMinutes(19));
        assertThat(device.temperature()).isCloseTo(40.0, within(0.05));
        assertThat(events).filteredOn(e -> e instanceof DeviceEvent.StatusReport)
                .as("temperature reported as it changes").hasSizeGreaterThan(100);

        connection.send(new DeviceCommand.HeatOff());
        timeline.advance(Duration.ofMinutes(30));
        assertThat(device.temperature()).isCloseTo(SimulatedDevice.ROOM_CELSIUS, within(0.1));
        assertThat(timeline.pending()).as("only the watchdog and heartbeat remain once it cooled").isEqualTo(2);
    }

    @Test
    void overTemperatureCutsTheHeaterAndReportsIt() {
        open("");
        connection.send(new DeviceCommand.SetHeat(40));
        connection.send(ARCH_3);
        device.heaterRunaway();
        timeline.advance(Duration.ofMinutes(10));

        assertThat(device.heatTarget()).isEmpty();
        assertThat(device.zone(Zone.ARCH).level()).as("zones keep running").isEqualTo(3);
        assertThat(device.executed()).filteredOn(e -> e.origin() == Origin.OVER_TEMPERATURE)
                .extracting(ExecutedCommand::command).containsExactly(new DeviceCommand.HeatOff());
        DeviceEvent.OverTemperature over = events.stream().filter(e -> e instanceof DeviceEvent.OverTemperature)
                .map(e -> (DeviceEvent.OverTemperature) e).findFirst().orElseThrow();
        assertThat(over.celsius()).isBetween(47.0, 48.0);
        assertThat(device.temperature()).isLessThan(47.0);
    }

    @Test
    void switchesItselfOffAfterItsMaximumSessionOfContinuousUse() {
        open("profile=budget-2zone");
        connection.send(new DeviceCommand.SetZone(Zone.BALL, Technique.ROLL, 2));
        timeline.advance(Duration.ofMinutes(15).minusNanos(1));
        assertThat(device.isAtZero()).isFalse();

        timeline.advance(Duration.ofNanos(1));
        assertThat(device.isAtZero()).isTrue();
        assertThat(device.executed()).last().isEqualTo(new ExecutedCommand(Duration.ofMinutes(15).toNanos(),
                new DeviceCommand.StopAll(), Origin.AUTO_OFF));
        assertThat(events).contains(new DeviceEvent.Fault("auto-off", "the device switched itself off after 15 min of use"));
    }

    @Test
    void heartbeatsKeepTheWatchdogFedWhileTheLinkIsUp() {
        open("watchdog=3s");
        connection.send(ARCH_3);
        timeline.advance(Duration.ofMinutes(2));
        assertThat(device.zone(Zone.ARCH).level()).isEqualTo(3);
        assertThat(device.heartbeats()).isEqualTo(120);
    }

    @Test
    void watchdogStopsTheDeviceWhenTheHostFallsSilent() {
        open("watchdog=3s");
        connection.send(ARCH_3);
        timeline.advance(Duration.ofSeconds(1));
        assertThat(device.heartbeats()).as("heard from the host at 1 s").isEqualTo(1);
        device.disconnect("cable cut");
        timeline.advance(Duration.ofMillis(2_999));
        assertThat(device.isAtZero()).as("before the watchdog time").isFalse();

        timeline.advance(Duration.ofSeconds(1));
        assertThat(device.isAtZero()).isTrue();
        assertThat(device.executed()).last().extracting(ExecutedCommand::origin).isEqualTo(Origin.WATCHDOG);
    }

    @Test
    void disconnectFailsPendingCommandsAndReconnectFindsTheDeviceAsItWasLeft() {
        open("latency=20ms");
        connection.send(ARCH_3);
        timeline.advance(Duration.ofMillis(20));
        CompletableFuture<Void> pending = connection.send(new DeviceCommand.SetHeat(38));
        device.disconnect("cable cut");

        assertThatThrownBy(pending::join).isInstanceOf(CompletionException.class)
                .hasCauseInstanceOf(DeviceDisconnectedException.class);
        assertThat(events).contains(new DeviceEvent.Disconnected("cable cut"));
        assertThatThrownBy(() -> connection.send(ARCH_3).join())
                .hasCauseInstanceOf(DeviceDisconnectedException.class).hasMessageContaining("is disconnected");
        assertThat(connection.stopAll()).isCompletedExceptionally();

        device.reconnect();
        assertThat(events).contains(new DeviceEvent.Reconnected(device.info()));
        assertThat(device.zone(Zone.ARCH).level()).as("still running: zeroing it is the host's job").isEqualTo(3);
        CompletableFuture<Void> after = connection.send(ARCH_3);
        timeline.advance(Duration.ofMillis(20));
        assertThat(after).isCompleted();
    }

    @Test
    void refusesTheNextCommandsWithTheInjectedReasonButNeverAStop() {
        open("");
        device.failNextCommands(2, "motor overheated");
        assertThatThrownBy(() -> connection.send(ARCH_3).join())
                .hasCauseInstanceOf(MassagerException.class)
                .hasMessageContaining("simulated device " + device.name() + " refused set-zone arch knead level 3: motor overheated");
        assertThat(connection.stopAll()).isCompleted();
        assertThat(connection.send(ARCH_3)).isCompletedExceptionally();
        assertThat(connection.send(ARCH_3)).isCompleted();
    }

    @Test
    void refusesWhatItCannotDoLikeARealDevice() {
        open("profile=budget-2zone");
        assertThatThrownBy(() -> connection.send(new DeviceCommand.SetZone(Zone.ARCH, Technique.KNEAD, 1)).join())
                .hasMessageContaining("no zone arch");
        assertThatThrownBy(() -> connection.send(new DeviceCommand.SetZone(Zone.BALL, Technique.ROLL, 4)).join())
                .hasMessageContaining("level 4 is above its top level 3");
        assertThatThrownBy(() -> connection.send(new DeviceCommand.SetHeat(38)).join())
                .hasMessageContaining("it has no heater");
        assertThat(device.executed()).isEmpty();
    }

    @Test
    void droppedAcknowledgementsTimeOut() {
        open("timeout=250ms");
        device.dropAcks(true);
        CompletableFuture<Void> ack = connection.send(ARCH_3);
        timeline.advance(Duration.ofMillis(249));
        assertThat(ack).isNotDone();
        timeline.advance(Duration.ofMillis(1));
        assertThatThrownBy(ack::join).hasCauseInstanceOf(MassagerException.class)
                .hasMessageContaining("did not acknowledge set-zone arch knead level 3 within 250 ms");
        assertThat(device.zone(Zone.ARCH).level()).as("it ran, only the ack was lost").isEqualTo(3);
    }

    @Test
    void reportsButtonsAndFaultsAndStopsOnAFault() {
        open("");
        connection.send(ARCH_3);
        device.pressButton("mode");
        device.fault("E7", "roller stuck");

        assertThat(events).contains(new DeviceEvent.ButtonPressed("mode"), new DeviceEvent.Fault("E7", "roller stuck"));
        assertThat(device.isAtZero()).isTrue();
        assertThat(device.executed()).last().extracting(ExecutedCommand::origin).isEqualTo(Origin.FAULT);
    }

    @Test
    void closingStopsTheDeviceAndForgetsItsName() {
        open("");
        connection.send(ARCH_3);
        connection.close();
        connection.close();

        assertThat(device.isAtZero()).isTrue();
        assertThat(SimulatedDevice.find(device.name())).isEmpty();
        assertThatThrownBy(() -> connection.send(ARCH_3).join()).hasMessageContaining("is closed");
        connection = null;
    }
}
