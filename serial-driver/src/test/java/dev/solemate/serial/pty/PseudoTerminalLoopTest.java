package dev.solemate.serial.pty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.solemate.ConnectionState;
import dev.solemate.Massager;
import dev.solemate.MassagerEvent;
import dev.solemate.MassagerException;
import dev.solemate.Massagers;
import dev.solemate.device.Intensity;
import dev.solemate.device.Technique;
import dev.solemate.device.Zone;
import dev.solemate.player.Playback;
import dev.solemate.player.PlaybackEnding;
import dev.solemate.player.PlaybackOptions;
import dev.solemate.player.PlaybackResult;
import dev.solemate.player.RoutinePlayer;
import dev.solemate.routine.RoutineCompiler;
import dev.solemate.routine.Routines;
import dev.solemate.serial.emulator.EmulatorOptions;
import dev.solemate.serial.emulator.FirmwareEmulator;
import dev.solemate.serial.protocol.DeviceMessage;
import dev.solemate.serial.protocol.FrameDecoder;
import dev.solemate.serial.protocol.Operation;
import dev.solemate.serial.protocol.ProtocolException;
import dev.solemate.serial.protocol.Request;
import dev.solemate.serial.protocol.WireProtocol;
import dev.solemate.serial.protocol.text.TextProtocol;
import dev.solemate.serial.transport.JSerialCommTransport;
import dev.solemate.serial.transport.SerialSettings;
import dev.solemate.serial.transport.Transport;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hardware in the loop on a real pseudo-terminal pair: the emulator on one end through jSerialComm,
 * the driver on the other through {@code Massagers.open("serial:" + end)}.
 */
@Timeout(60)
class PseudoTerminalLoopTest {

    @TempDir
    Path dir;
    private SocatPair socat;
    private FirmwareEmulator emulator;
    private Massager massager;
    private final List<MassagerEvent> events = new CopyOnWriteArrayList<>();

    @BeforeEach
    void startPair() throws Exception {
        socat = SocatPair.start(dir);
    }

    @AfterEach
    void tearDown() throws Exception {
        if (massager != null) {
            massager.close();
        }
        if (emulator != null) {
            emulator.close();
        }
        socat.close();
    }

    private void startEmulator(EmulatorOptions options) {
        emulator = FirmwareEmulator.start(socat.b().toString(), options);
    }

    private Massager open(String params) {
        massager = Massagers.open("serial:" + socat.a() + params);
        massager.addListener(events::add);
        return massager;
    }

    private static void waitUntil(BooleanSupplier condition, Duration limit, String what) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + limit.toMillis() + " ms: " + what);
            }
            Thread.sleep(5);
        }
    }

    private static void dumpThreads(String context) {
        System.out.println("DIAG " + context);
        Thread.getAllStackTraces().forEach((t, stack) -> {
            System.out.println("DIAG thread " + t.getName() + " " + t.getState());
            for (StackTraceElement element : stack) {
                System.out.println("DIAG     " + element);
            }
        });
    }

    @Test
    void aWholeRoutinePlaysEndToEnd() throws Exception {
        startEmulator(EmulatorOptions.defaults());
        open("?baud=115200");
        var compiled = RoutineCompiler.compile(Routines.builtIn("quick-unwind"), massager.profile());

        Playback playback = RoutinePlayer.start(massager, compiled, PlaybackOptions.defaults().withSpeed(60), e -> { });
        PlaybackResult result = playback.completion().get(30, TimeUnit.SECONDS);

        assertThat(result.ending()).as(result.reason()).isEqualTo(PlaybackEnding.COMPLETED);
        assertThat(emulator.board().executed()).filteredOn(o -> o instanceof Operation.SetZone z && z.level() > 0)
                .hasSizeGreaterThan(20);
        assertThat(emulator.board().executed()).contains(new Operation.SetHeat(38));
        waitUntil(() -> emulator.board().isIdle(), Duration.ofSeconds(2), "the board is at zero after the routine");
    }

    @Test
    void pullingTheCableMidRoutineAbortsItAndTheDeviceComesBackAtZero() throws Exception {
        startEmulator(EmulatorOptions.defaults());
        open("");
        var compiled = RoutineCompiler.compile(Routines.builtIn("quick-unwind"), massager.profile());
        Playback playback = RoutinePlayer.start(massager, compiled, PlaybackOptions.defaults().withSpeed(10), e -> { });
        waitUntil(() -> !emulator.board().isIdle(), Duration.ofSeconds(5), "the routine is running");

        long pulled = System.nanoTime();
        socat.kill();
        waitUntil(() -> events.stream().anyMatch(e -> e instanceof MassagerEvent.Disconnected), Duration.ofSeconds(5),
                "listeners see the device disconnected");
        long detectedMillis = (System.nanoTime() - pulled) / 1_000_000;
        PlaybackResult result = playback.completion().get(5, TimeUnit.SECONDS);

        assertThat(result.ending()).isEqualTo(PlaybackEnding.FAILED);
        assertThat(result.reason()).contains("disconnected");
        assertThat(massager.state().connection()).isEqualTo(ConnectionState.DISCONNECTED);
        assertThatThrownBy(() -> massager.stop().get(2, TimeUnit.SECONDS))
                .cause().isInstanceOf(MassagerException.class).hasMessageContaining("disconnected");
        System.out.println("unplug detected after " + detectedMillis + " ms");

        socat.restart();
        waitUntil(() -> events.stream().anyMatch(e -> e instanceof MassagerEvent.Reconnected), Duration.ofSeconds(10),
                "the driver reconnects by itself");
        assertThat(massager.state().connection()).isEqualTo(ConnectionState.CONNECTED);
        assertThat(emulator.board().isIdle()).isTrue();
        Thread.sleep(300); // nothing resumes on its own
        assertThat(emulator.board().isIdle()).isTrue();
        massager.setZone(Zone.ARCH, Technique.KNEAD, Intensity.of(20)).get(5, TimeUnit.SECONDS);
        waitUntil(() -> emulator.board().status().zones().get(Zone.ARCH).level() == 1, Duration.ofSeconds(3),
                "new commands work after the reconnect (the governor may delay the rise by a second)");
    }

    @Test
    void theWatchdogStopsEverythingWhenTheHostDiesWithoutClosing() throws Exception {
        startEmulator(EmulatorOptions.defaults().withHeartbeat(Duration.ofMillis(300)));
        WireProtocol text = new TextProtocol();
        BlockingQueue<DeviceMessage> replies = new LinkedBlockingQueue<>();
        Transport host = JSerialCommTransport.open(SerialSettings.of(socat.a().toString(), 115200), () -> "");
        FrameDecoder decoder = text.framing().newDecoder(text.maxReplyFrame());
        host.start(new Transport.Receiver() {
            @Override
            public void onBytes(byte[] buffer, int length) {
                decoder.feed(buffer, 0, length, frame -> {
                    try {
                        replies.add(text.codec().decodeReply(frame));
                    } catch (ProtocolException e) {
                        throw new AssertionError(e);
                    }
                });
            }

            @Override
            public void onClosed(String reason) {
            }
        });
        host.write(text.wireRequest(new Request(0, new Operation.Hello(1))));
        host.write(text.wireRequest(new Request(1, new Operation.SetZone(Zone.HEEL, Technique.PRESS, 4))));
        host.write(text.wireRequest(new Request(2, new Operation.SetHeat(40))));
        assertThat(replies.poll(2, TimeUnit.SECONDS)).isInstanceOf(DeviceMessage.HelloAck.class);
        assertThat(replies.poll(2, TimeUnit.SECONDS)).isEqualTo(new DeviceMessage.Ack(1));
        assertThat(replies.poll(2, TimeUnit.SECONDS)).isEqualTo(new DeviceMessage.Ack(2));
        assertThat(emulator.board().isIdle()).isFalse();

        host.close(); // the host process died: no stop, no goodbye

        try {
            waitUntil(() -> emulator.board().isIdle(), Duration.ofSeconds(5), "the watchdog stops the actuators and heater");
        } catch (AssertionError e) {
            dumpThreads("board " + emulator.board().status()); // seen once under heavy load; keep evidence for CI
            throw e;
        }
    }

    @Test
    void theWatchdogStopsEverythingWhenTheHostProcessIsKilled() throws Exception {
        startEmulator(EmulatorOptions.defaults().withHeartbeat(Duration.ofMillis(500)));
        String java = ProcessHandle.current().info().command().orElse("java");
        Process host = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                HostThatGetsKilled.class.getName(), socat.a().toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            java.io.BufferedReader out = new java.io.BufferedReader(new java.io.InputStreamReader(host.getInputStream()));
            String line;
            while ((line = out.readLine()) != null && !line.equals("READY")) {
                // skip anything the host prints before it is ready
            }
            assertThat(line).as("the host process got ready").isEqualTo("READY");
            assertThat(emulator.board().isIdle()).isFalse();

            host.destroyForcibly().waitFor(5, TimeUnit.SECONDS); // SIGKILL: no shutdown hook runs

            waitUntil(() -> emulator.board().isIdle(), Duration.ofSeconds(5), "the watchdog stops the actuators and heater");
        } finally {
            host.destroyForcibly();
        }
    }

    @Test
    void aResendAfterADroppedAcknowledgementExecutesOnce() throws Exception {
        startEmulator(EmulatorOptions.defaults());
        open("?ack=100ms");
        int before = emulator.board().executed().size();
        emulator.faults().dropNextReplies(1);

        massager.setZone(Zone.TOES, Technique.PRESS, Intensity.of(20)).get(5, TimeUnit.SECONDS);

        assertThat(emulator.board().duplicates()).isEqualTo(1);
        assertThat(emulator.board().executed().subList(before, emulator.board().executed().size()))
                .containsExactly(new Operation.SetZone(Zone.TOES, Technique.PRESS, 1));
    }

    @Test
    void theBinaryDialectPlugsInWithoutTouchingTheDriver() throws Exception {
        startEmulator(EmulatorOptions.defaults().withProtocol("solemate-binary"));
        open("?protocol=solemate-binary");

        massager.setZone(Zone.BALL, Technique.ROLL, Intensity.of(20)).get(5, TimeUnit.SECONDS);
        massager.setHeat(38).get(5, TimeUnit.SECONDS);
        assertThat(emulator.board().status().zones().get(Zone.BALL).level()).isEqualTo(1);
        assertThat(emulator.board().status().heatTarget()).hasValue(38);
        massager.stop().get(5, TimeUnit.SECONDS);

        assertThat(emulator.board().executed()).contains(new Operation.SetZone(Zone.BALL, Technique.ROLL, 1));
        assertThat(emulator.board().realtimeStops()).isGreaterThanOrEqualTo(2); // one on connect, one for stop()
        assertThat(emulator.board().isIdle()).isTrue();
    }
}
