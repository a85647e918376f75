package dev.solemate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.solemate.device.DeviceProfiles;
import dev.solemate.device.Technique;
import dev.solemate.device.Zone;
import dev.solemate.driver.DeviceCommand;
import dev.solemate.driver.DeviceConnection;
import dev.solemate.driver.DeviceInfo;
import dev.solemate.driver.DeviceUri;
import dev.solemate.driver.DriverContext;
import dev.solemate.driver.MassagerDriver;
import dev.solemate.player.PlaybackEnding;
import dev.solemate.player.PlaybackEvent;
import dev.solemate.player.PlaybackOptions;
import dev.solemate.routine.CompiledRoutine;
import dev.solemate.testing.CompiledRoutineBuilder;
import dev.solemate.time.VirtualTimeline;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The JVM shutdown hook stops every open device at once: every stop is issued before the hook waits
 * for any of them, and no link is closed before every stop was issued. The fake devices confirm
 * their stops only once all of them were asked, so a hook that waited for one device before
 * stopping the next would see none confirmed.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ExitStopsEveryDeviceAtOnceTest {

    private static final int DEVICES = 100;

    @Test
    void shutdownStopsOneHundredDevicesConcurrently() {
        LatchDriver driver = new LatchDriver(DEVICES);
        MassagerOptions options = MassagerOptions.defaults().withTimeline(new VirtualTimeline());
        List<Massager> open = new ArrayList<>();
        for (int i = 0; i < DEVICES; i++) {
            open.add(Massagers.open(driver, "latch:" + i, options));
        }

        int confirmed = Massagers.stopOnExit(open);

        assertThat(driver.stopsIssued.get()).isEqualTo(DEVICES);
        assertThat(confirmed).as("every stop confirmed: all were issued before the first wait").isEqualTo(DEVICES);
        assertThat(driver.closedBeforeAllStops.get()).as("links closed before every stop was out").isZero();
        assertThat(driver.closed.get()).isEqualTo(DEVICES);
        assertThat(open).allMatch(m -> m.state().connection() == ConnectionState.CLOSED);
    }

    @Test
    void aRoutineEndedByTheExitReportsTerminatedToItsListenerBeforeTheHookGoesOn() {
        Massager massager = Massagers.open("sim:?watchdog=0ms");
        CompiledRoutine routine = CompiledRoutineBuilder.routine("long", massager.profile())
                .step("one", Duration.ofMinutes(5))
                .zone(Duration.ZERO, Zone.ARCH, Technique.KNEAD, 2)
                .build();
        List<PlaybackEvent> events = new CopyOnWriteArrayList<>();
        massager.play(routine, PlaybackOptions.defaults(), events::add);

        Massagers.stopOnExit(List.of(massager));

        assertThat(events).last().isInstanceOfSatisfying(PlaybackEvent.Finished.class, f -> {
            assertThat(f.result().ending()).isEqualTo(PlaybackEnding.TERMINATED);
            assertThat(f.result().reason()).isEqualTo("the JVM is shutting down");
        });
        assertThat(massager.state().connection()).isEqualTo(ConnectionState.CLOSED);
    }

    /** Devices whose stops are confirmed together, once every one of them has been asked to stop. */
    private static final class LatchDriver implements MassagerDriver {
        final AtomicInteger stopsIssued = new AtomicInteger();
        final AtomicInteger closed = new AtomicInteger();
        final AtomicInteger closedBeforeAllStops = new AtomicInteger();
        final CompletableFuture<Void> allStopsIssued = new CompletableFuture<>();
        private final int devices;

        LatchDriver(int devices) {
            this.devices = devices;
        }

        @Override
        public Set<String> schemes() {
            return Set.of("latch");
        }

        @Override
        public String description() {
            return "confirms stops once all devices were asked";
        }

        @Override
        public DeviceConnection connect(DeviceUri uri, DriverContext context) {
            DeviceInfo info = new DeviceInfo(DeviceProfiles.builtIn("budget-2zone"), "latch", "LATCH-" + uri.target());
            return new DeviceConnection() {
                private boolean stopped;

                @Override
                public DeviceInfo info() {
                    return info;
                }

                @Override
                public CompletableFuture<Void> send(DeviceCommand command) {
                    return CompletableFuture.completedFuture(null);
                }

                @Override
                public synchronized CompletableFuture<Void> stopAll() {
                    // Each device counts once (the exit's stop); the close sends its own later.
                    if (!stopped) {
                        stopped = true;
                        if (stopsIssued.incrementAndGet() == devices) {
                            allStopsIssued.complete(null);
                        }
                    }
                    // Completed on another thread, as a driver's I/O thread would.
                    return allStopsIssued.thenApplyAsync(v -> null);
                }

                @Override
                public void setListener(Listener listener) {
                }

                @Override
                public void close() {
                    if (!allStopsIssued.isDone()) {
                        closedBeforeAllStops.incrementAndGet();
                    }
                    closed.incrementAndGet();
                }
            };
        }
    }
}
