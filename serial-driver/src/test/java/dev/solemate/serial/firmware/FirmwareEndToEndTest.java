package dev.solemate.serial.firmware;

import static org.assertj.core.api.Assertions.assertThat;

import dev.solemate.ConnectionState;
import dev.solemate.Massager;
import dev.solemate.MassagerEvent;
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
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The driver against the ATmega328P firmware in simavr, through the public API only: a routine plays
 * to the end, the board is unplugged (the simulator killed) and plugged back in (started again on the
 * same port path), and whatever ends the session leaves the simulated motor pins at zero.
 */
@Timeout(90)
class FirmwareEndToEndTest {

    @TempDir
    Path dir;
    private FirmwareDevice device;
    private Massager massager;
    private final List<MassagerEvent> events = new CopyOnWriteArrayList<>();

    @AfterEach
    void tearDown() throws Exception {
        if (massager != null) {
            massager.close();
        }
        if (device != null) {
            device.close();
        }
    }

    private Massager open(Path port) {
        massager = Massagers.open("serial:" + port);
        massager.addListener(events::add);
        return massager;
    }

    @Test
    void aRoutinePlaysToTheEndOnTheSimulatedBoardAndLeavesItAtZero() throws Exception {
        Path port = dir.resolve("uno");
        device = FirmwareDevice.start(FirmwareDevice.Target.SIMAVR, port);
        open(port);
        var compiled = RoutineCompiler.compile(Routines.builtIn("quick-unwind"), massager.profile());

        Playback playback = RoutinePlayer.start(massager, compiled, PlaybackOptions.defaults().withSpeed(60), e -> { });
        PlaybackResult result = playback.completion().get(60, TimeUnit.SECONDS);

        assertThat(result.ending()).as(result.reason()).isEqualTo(PlaybackEnding.COMPLETED);
        List<Actuators.Change> changes = device.actuators().changes();
        assertThat(changes).filteredOn(c -> !c.name().equals("heater") && c.level() > 0)
                .as("the routine drove the motor pins").hasSizeGreaterThan(10);
        assertThat(changes.stream().map(Actuators.Change::name).distinct())
                .as("more than one zone moved").hasSizeGreaterThan(1);
        assertThat(device.actuators().awaitAllOff(Duration.ofSeconds(2)))
                .as("every pin at zero after the routine, outputs %s", device.actuators().levels()).isTrue();
    }

    @Test
    void unpluggingTheBoardMidRoutineAbortsItAndPluggingItBackReconnectsAtZero() throws Exception {
        Path port = dir.resolve("uno");
        device = FirmwareDevice.start(FirmwareDevice.Target.SIMAVR, port);
        open(port);
        var compiled = RoutineCompiler.compile(Routines.builtIn("quick-unwind"), massager.profile());
        Playback playback = RoutinePlayer.start(massager, compiled, PlaybackOptions.defaults().withSpeed(10), e -> { });
        FirmwareDevice first = device;
        waitUntil(() -> !first.actuators().allOff(), Duration.ofSeconds(10), "the routine drives the board");

        first.kill(); // the cable is pulled: the port goes away with the board
        waitUntil(() -> events.stream().anyMatch(e -> e instanceof MassagerEvent.Disconnected), Duration.ofSeconds(5),
                "listeners see the board disconnected");
        PlaybackResult result = playback.completion().get(5, TimeUnit.SECONDS);
        assertThat(result.ending()).isEqualTo(PlaybackEnding.FAILED);
        assertThat(massager.state().connection()).isEqualTo(ConnectionState.DISCONNECTED);

        device = FirmwareDevice.start(FirmwareDevice.Target.SIMAVR, port); // plugged back in: a board from power-on
        waitUntil(() -> events.stream().anyMatch(e -> e instanceof MassagerEvent.Reconnected), Duration.ofSeconds(10),
                "the driver reconnects by itself");
        assertThat(massager.state().connection()).isEqualTo(ConnectionState.CONNECTED);
        Thread.sleep(300); // nothing resumes on its own
        assertThat(device.actuators().allOff()).as("outputs %s", device.actuators().levels()).isTrue();

        massager.setZone(Zone.HEEL, Technique.ROLL, Intensity.of(20)).get(5, TimeUnit.SECONDS);
        assertThat(device.actuators().awaitLevel("heel", 1, Duration.ofSeconds(3)))
                .as("new commands work after the reconnect, outputs %s", device.actuators().levels()).isTrue();

        massager.close();
        massager = null;
        assertThat(device.actuators().awaitAllOff(Duration.ofSeconds(2)))
                .as("closing the massager leaves every pin at zero, outputs %s", device.actuators().levels()).isTrue();
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
}
