package dev.solemate.serial.driver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.solemate.DeviceDisconnectedException;
import dev.solemate.MassagerException;
import dev.solemate.device.Technique;
import dev.solemate.device.Zone;
import dev.solemate.driver.DeviceCommand;
import dev.solemate.driver.DeviceEvent;
import dev.solemate.driver.DeviceUri;
import dev.solemate.driver.DriverContext;
import dev.solemate.serial.emulator.EmulatorOptions;
import dev.solemate.serial.emulator.FirmwareEmulator;
import dev.solemate.serial.protocol.Operation;
import dev.solemate.time.SystemTimeline;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The driver against the firmware emulator over TCP on loopback: the whole link logic, no serial port needed. */
@Timeout(30)
class LinkOverTcpTest {

    private final SystemTimeline timeline = new SystemTimeline("test-clock");
    private FirmwareEmulator emulator;
    private LinkConnection link;
    private final List<DeviceEvent> events = new CopyOnWriteArrayList<>();

    @AfterEach
    void tearDown() {
        if (link != null) {
            link.close();
        }
        if (emulator != null) {
            emulator.close();
        }
        timeline.close();
    }

    private LinkConnection connect(String protocol, String extra) {
        emulator = FirmwareEmulator.start("tcp://127.0.0.1:0", EmulatorOptions.defaults().withProtocol(protocol));
        String uri = "tcp://127.0.0.1:" + emulator.tcpPort() + "?protocol=" + protocol + extra;
        link = (LinkConnection) new TcpDriver().connect(DeviceUri.parse(uri), new DriverContext(timeline));
        link.setListener(events::add);
        return link;
    }

    private static void await(CompletableFuture<?> f) throws Exception {
        f.get(5, TimeUnit.SECONDS);
    }

    @ParameterizedTest
    @ValueSource(strings = {"solemate-text", "solemate-binary"})
    void handshakeBuildsTheProfileFromTheDeviceAndLeavesItAtZero(String protocol) {
        connect(protocol, "");

        assertThat(link.info().serialNumber()).isEqualTo("EMU-0001");
        assertThat(link.info().firmware()).isEqualTo("emu-1.0.0");
        assertThat(link.info().profile().zones()).isEqualTo(emulator.options().profile().zones());
        assertThat(link.info().profile().intensitySteps()).isEqualTo(5);
        assertThat(link.hello().rxBuffer()).isEqualTo(128);
        assertThat(emulator.board().isIdle()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"solemate-text", "solemate-binary"})
    void acknowledgedCommandsReachTheBoard(String protocol) throws Exception {
        connect(protocol, "");

        await(link.send(new DeviceCommand.SetZone(Zone.ARCH, Technique.KNEAD, 3)));
        await(link.send(new DeviceCommand.SetHeat(40)));

        assertThat(emulator.board().status().zones().get(Zone.ARCH).level()).isEqualTo(3);
        assertThat(emulator.board().status().heatTarget()).hasValue(40);
    }

    @ParameterizedTest
    @ValueSource(strings = {"solemate-text", "solemate-binary"})
    void aRefusedCommandFailsWithTheDevicesReason(String protocol) {
        connect(protocol, "");

        CompletableFuture<Void> f = link.send(new DeviceCommand.SetZone(Zone.CALF, Technique.KNEAD, 1));

        assertThatThrownBy(() -> f.get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(MassagerException.class)
                .hasMessageContaining("refused SET calf knead 1: BAD_ARG").hasMessageContaining("zone calf is not on this board");
    }

    @ParameterizedTest
    @ValueSource(strings = {"solemate-text", "solemate-binary"})
    void aResendAfterADroppedAcknowledgementExecutesOnce(String protocol) throws Exception {
        connect(protocol, "&ack=100ms");
        int before = emulator.board().executed().size();
        emulator.faults().dropNextReplies(1);

        await(link.send(new DeviceCommand.SetZone(Zone.HEEL, Technique.ROLL, 2)));

        assertThat(link.resends()).isGreaterThanOrEqualTo(1);
        assertThat(emulator.board().duplicates()).isEqualTo(1);
        assertThat(emulator.board().executed().subList(before, emulator.board().executed().size()))
                .containsExactly(new Operation.SetZone(Zone.HEEL, Technique.ROLL, 2));
    }

    @ParameterizedTest
    @ValueSource(strings = {"solemate-text", "solemate-binary"})
    void aStreamOfCommandsSurvivesCorruptedInput(String protocol) throws Exception {
        connect(protocol, "&ack=50ms&retries=10");
        emulator.faults().corruptInput(0.002);
        List<CompletableFuture<Void>> all = new java.util.ArrayList<>();
        for (int i = 0; i < 300; i++) {
            all.add(link.send(new DeviceCommand.SetZone(Zone.BALL, Technique.ROLL, i % 6)));
        }
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(20, TimeUnit.SECONDS);
        emulator.faults().none();

        // a damaged byte may even become the real-time stop; resends then bring the last command back
        await(link.send(new DeviceCommand.SetZone(Zone.BALL, Technique.ROLL, 3)));
        assertThat(emulator.board().status().zones().get(Zone.BALL).level()).isEqualTo(3);
        assertThat(link.resends()).isPositive();
    }

    @ParameterizedTest
    @ValueSource(strings = {"solemate-text", "solemate-binary"})
    void stopJumpsTheQueueAndCancelsWhatWasNotAcknowledged(String protocol) throws Exception {
        connect(protocol, "");
        emulator.faults().delayReplies(Duration.ofMillis(20));
        List<CompletableFuture<Void>> queued = new java.util.ArrayList<>();
        for (int i = 0; i < 50; i++) {
            queued.add(link.send(new DeviceCommand.SetZone(Zone.TOES, Technique.KNEAD, 1 + i % 5)));
        }

        await(link.stopAll());
        emulator.faults().none();

        assertThat(emulator.board().isIdle()).isTrue();
        assertThat(queued.get(49)).isCompletedExceptionally();
        assertThatThrownBy(() -> queued.get(49).get()).cause().hasMessageContaining("cancelled by stop()");
        Thread.sleep(100); // nothing queued may reach the board after the stop
        assertThat(emulator.board().isIdle()).isTrue();
        await(link.send(new DeviceCommand.SetZone(Zone.TOES, Technique.PRESS, 2)));
        assertThat(emulator.board().status().zones().get(Zone.TOES).level()).isEqualTo(2);
    }

    @ParameterizedTest
    @ValueSource(strings = {"solemate-text", "solemate-binary"})
    void heartbeatsKeepTheWatchdogQuiet(String protocol) throws Exception {
        connect(protocol, "");
        await(link.send(new DeviceCommand.SetZone(Zone.ARCH, Technique.ROLL, 4)));

        Thread.sleep(1500); // longer than the board's 1 s watchdog

        assertThat(emulator.board().status().zones().get(Zone.ARCH).level()).isEqualTo(4);
        assertThat(events).noneMatch(e -> e instanceof DeviceEvent.Fault);
    }

    @ParameterizedTest
    @ValueSource(strings = {"solemate-text", "solemate-binary"})
    void aLostConnectionFailsPendingCommandsThenReconnectsAtZero(String protocol) throws Exception {
        connect(protocol, "");
        await(link.send(new DeviceCommand.SetZone(Zone.ARCH, Technique.KNEAD, 5)));
        emulator.faults().delayReplies(Duration.ofMillis(300));
        CompletableFuture<Void> pending = link.send(new DeviceCommand.SetZone(Zone.HEEL, Technique.KNEAD, 1));

        emulator.dropConnection();

        assertThatThrownBy(() -> pending.get(2, TimeUnit.SECONDS)).cause()
                .isInstanceOf(DeviceDisconnectedException.class).hasMessageContaining("disconnected");
        emulator.faults().none();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!link.isConnected() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(link.isConnected()).isTrue();
        assertThat(events).anyMatch(e -> e instanceof DeviceEvent.Disconnected)
                .anyMatch(e -> e instanceof DeviceEvent.Reconnected);
        assertThat(emulator.board().isIdle()).isTrue();
        await(link.send(new DeviceCommand.SetZone(Zone.ARCH, Technique.KNEAD, 1)));
    }

    @Test
    void commandsAfterCloseFailAtOnceInsteadOfWaitingForever() {
        connect("solemate-text", "");
        link.close();

        assertThatThrownBy(() -> link.send(new DeviceCommand.SetZone(Zone.ARCH, Technique.KNEAD, 1)).get(2, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class).cause().hasMessageContaining("is closed");
        assertThatThrownBy(() -> link.stopAll().get(2, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class).cause().hasMessageContaining("is closed");
    }

    @Test
    void aReconnectThatFindsAnotherUnitReportsItsIdentity() throws Exception {
        connect("solemate-text", "");
        int port = emulator.tcpPort();
        assertThat(link.info().serialNumber()).isEqualTo("EMU-0001");

        emulator.close(); // the unit is swapped behind the same address
        emulator = FirmwareEmulator.start("tcp://127.0.0.1:" + port,
                EmulatorOptions.defaults().withSerialNumber("EMU-0002").withProfile(
                        dev.solemate.device.DeviceProfiles.builtIn("budget-2zone")));

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (events.stream().noneMatch(e -> e instanceof DeviceEvent.Reconnected) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        DeviceEvent.Reconnected reconnected = (DeviceEvent.Reconnected) events.stream()
                .filter(e -> e instanceof DeviceEvent.Reconnected).findFirst().orElseThrow();
        assertThat(reconnected.info().serialNumber()).isEqualTo("EMU-0002");
        assertThat(reconnected.info().profile().zones()).isEqualTo(emulator.options().profile().zones());
        assertThat(link.info()).isEqualTo(reconnected.info());
    }

    @ParameterizedTest
    @ValueSource(strings = {"solemate-text", "solemate-binary"})
    void aDeviceThatStopsAnsweringIsGivenUpForLost(String protocol) throws Exception {
        connect(protocol, "&ack=50ms&retries=2&reconnect=false");
        emulator.faults().silent(true);

        CompletableFuture<Void> f = link.send(new DeviceCommand.SetZone(Zone.ARCH, Technique.KNEAD, 1));

        assertThatThrownBy(() -> f.get(3, TimeUnit.SECONDS)).cause().isInstanceOf(DeviceDisconnectedException.class)
                .hasMessageContaining("did not acknowledge SET arch knead 1 after 3 tries");
        assertThat(events).anyMatch(e -> e instanceof DeviceEvent.Disconnected);
    }

    @Test
    void aProfileInTheUriOverridesWhatTheDeviceReports() {
        connect("solemate-text", "&profile=budget-2zone");

        assertThat(link.info().profile().id()).isEqualTo("budget-2zone");
        assertThat(link.info().serialNumber()).isEqualTo("EMU-0001");
    }

    @Test
    void anUnknownProtocolIsReportedWithTheInstalledOnes() {
        assertThatThrownBy(() -> new TcpDriver().connect(DeviceUri.parse("tcp://127.0.0.1:9?protocol=modbus"),
                new DriverContext(timeline)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown protocol 'modbus' (expected one of: solemate-text, solemate-binary)");
    }

    @Test
    void aStatusQueryAnswersWithTheBoardsStateAndTellsTheListener() throws Exception {
        connect("solemate-text", "");
        await(link.send(new DeviceCommand.SetZone(Zone.BALL, Technique.ROLL, 2)));

        Object status = link.request(new Operation.QueryStatus()).get(5, TimeUnit.SECONDS);

        assertThat(status).isInstanceOf(dev.solemate.driver.DeviceStatus.class);
        assertThat(((dev.solemate.driver.DeviceStatus) status).zones().get(Zone.BALL).level()).isEqualTo(2);
        assertThat(events).anyMatch(e -> e instanceof DeviceEvent.StatusReport);
    }

    @Test
    void aButtonPressedOnTheUnitReachesTheListener() throws Exception {
        connect("solemate-binary", "");

        emulator.board().pressButton("power");

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
        while (events.stream().noneMatch(e -> e instanceof DeviceEvent.ButtonPressed) && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(events).contains(new DeviceEvent.ButtonPressed("power"));
    }

    @Test
    void futuresCompleteAndListenersRunOnTheLinksOwnThreadsNeverTheCallers() throws Exception {
        // completing on a caller's thread ran the caller's callbacks under the caller's locks: a deadlock
        // between the safety governor and the massager was seen that way. The link's I/O thread holds no
        // one's locks, and delivers after its writes.
        connect("solemate-text", "");
        CompletableFuture<String> completedOn = new CompletableFuture<>();
        CompletableFuture<String> heardOn = new CompletableFuture<>();
        link.setListener(e -> heardOn.complete(Thread.currentThread().getName()));
        emulator.faults().delayReplies(Duration.ofMillis(100)); // so the callback is attached before the answer

        link.send(new DeviceCommand.SetZone(Zone.ARCH, Technique.KNEAD, 1))
                .thenRun(() -> completedOn.complete(Thread.currentThread().getName()));
        emulator.board().pressButton("mode");

        assertThat(completedOn.get(5, TimeUnit.SECONDS)).matches("solemate-link-.*");
        assertThat(heardOn.get(5, TimeUnit.SECONDS)).matches("solemate-link-.*");
    }

    @Test
    void nothingListeningGivesAClearError() {
        assertThatThrownBy(() -> new TcpDriver().connect(DeviceUri.parse("tcp://127.0.0.1:1"), new DriverContext(timeline)))
                .isInstanceOf(MassagerException.class).hasMessageContaining("cannot connect to tcp://127.0.0.1:1")
                .hasMessageContaining("solemate simulate --listen");
    }

    @Test
    void aTypoInTheUriIsReported() {
        assertThatThrownBy(() -> new TcpDriver().connect(DeviceUri.parse("tcp://127.0.0.1:9?bad=1"), new DriverContext(timeline)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("parameter 'bad'");
    }
}
