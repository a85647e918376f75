package dev.solemate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.solemate.device.DeviceProfiles;
import dev.solemate.device.Intensity;
import dev.solemate.device.Technique;
import dev.solemate.device.Zone;
import dev.solemate.driver.DeviceCommand;
import dev.solemate.driver.DeviceConnection;
import dev.solemate.driver.DeviceInfo;
import dev.solemate.driver.DeviceUri;
import dev.solemate.driver.DriverContext;
import dev.solemate.driver.MassagerDriver;
import dev.solemate.safety.SafetyLimits;
import dev.solemate.time.VirtualTimeline;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The massager's state follows what the device runs at while the governor raises a zone gradually:
 * each level the governor sends on its own shows in the state once the device acknowledged it, and
 * a fall shows at once. The device here acknowledges and never reports on its own, as a serial
 * device does (the simulator reports after every change, which hid a state stuck at the first step).
 */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class StateFollowsGradualRiseTest {

    /** shiatsu-4zone has 5 levels; at the default 20 %/s rise rate the governor adds one level a second. */
    private static final SafetyLimits LIMITS = SafetyLimits.defaults().withComfortCap(Intensity.of(100));

    private final VirtualTimeline timeline = new VirtualTimeline();
    private final AckOnlyDriver driver = new AckOnlyDriver();

    @Test
    void theStateStepsThroughEveryLevelOfARiseAndFallsAtOnce() {
        driver.acknowledgeAtOnce = true;
        try (Massager massager = Massagers.open(driver, "acks:", new MassagerOptions(LIMITS, timeline))) {
            List<Integer> levels = new CopyOnWriteArrayList<>();
            massager.addListener(event -> {
                if (event instanceof MassagerEvent.StateChanged s) {
                    int level = s.state().zones().get(Zone.ARCH).level();
                    if (levels.isEmpty() || levels.get(levels.size() - 1) != level) {
                        levels.add(level);
                    }
                }
            });

            CommandResult result = massager.setZone(Zone.ARCH, Technique.KNEAD, Intensity.of(100)).join();
            assertThat(result.appliedLevel()).as("the first step only").isEqualTo(1);
            for (int second = 1; second <= 4; second++) {
                timeline.advance(Duration.ofSeconds(1));
                int expected = 1 + second;
                await(() -> level(massager) == expected, "the state at level " + expected + " after " + second + " s");
                assertThat(driver.lastLevel(Zone.ARCH)).as("what the device was sent").isEqualTo(expected);
            }
            await(() -> levels.size() == 5, "five state changes");
            assertThat(levels).containsExactly(1, 2, 3, 4, 5);

            massager.setZone(Zone.ARCH, Technique.KNEAD, Intensity.of(20)).join();
            assertThat(level(massager)).as("a fall, without waiting").isEqualTo(1);
            timeline.advance(Duration.ofSeconds(5));
            await(() -> levels.size() == 6, "the fall published");
            assertThat(levels).containsExactly(1, 2, 3, 4, 5, 1);
            assertThat(level(massager)).as("and it stays down").isEqualTo(1);
        }
    }

    @Test
    void aLevelIsShownOnlyOnceTheDeviceAcknowledgedIt() {
        try (Massager massager = Massagers.open(driver, "acks:", new MassagerOptions(LIMITS, timeline))) {
            CompletableFuture<CommandResult> first = massager.setZone(Zone.ARCH, Technique.KNEAD, Intensity.of(100));
            driver.acknowledgeAll();
            first.join();
            timeline.advance(Duration.ofSeconds(1));
            assertThat(driver.lastLevel(Zone.ARCH)).as("the governor's own step went out").isEqualTo(2);
            assertThat(level(massager)).as("not acknowledged yet").isEqualTo(1);

            driver.acknowledgeAll();
            await(() -> level(massager) == 2, "the acknowledged step in the state");
            driver.acknowledgeAtOnce = true;
        }
    }

    @Test
    void anAcknowledgementThatArrivesAfterAStopDoesNotPutTheLevelBack() {
        try (Massager massager = Massagers.open(driver, "acks:", new MassagerOptions(LIMITS, timeline))) {
            CompletableFuture<CommandResult> first = massager.setZone(Zone.ARCH, Technique.KNEAD, Intensity.of(100));
            driver.acknowledgeAll();
            first.join();
            timeline.advance(Duration.ofSeconds(1));
            // The step to level 2 is on its way; the stop is made before its acknowledgement arrives.
            CompletableFuture<Void> stopped = massager.stop();
            driver.acknowledgeAll();
            stopped.join();
            timeline.advance(Duration.ofSeconds(3));
            // A command answered on the event thread after the late acknowledgement was handled there.
            CompletableFuture<CommandResult> barrier = massager.setZone(Zone.HEEL, Technique.KNEAD, Intensity.ZERO);
            driver.acknowledgeAll();
            barrier.join();
            assertThat(level(massager)).isZero();
            driver.acknowledgeAtOnce = true;
        }
    }

    private static int level(Massager massager) {
        return massager.state().zones().get(Zone.ARCH).level();
    }

    private void await(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            timeline.runDue();
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.onSpinWait();
        }
    }

    /** Acknowledges commands (at once, or when the test says so) and never reports a status. */
    private static final class AckOnlyDriver implements MassagerDriver {
        volatile boolean acknowledgeAtOnce;
        final List<CompletableFuture<Void>> pending = new CopyOnWriteArrayList<>();
        final List<DeviceCommand> sent = new CopyOnWriteArrayList<>();

        int lastLevel(Zone zone) {
            int level = 0;
            for (DeviceCommand c : sent) {
                if (c instanceof DeviceCommand.SetZone z && z.zone() == zone) {
                    level = z.level();
                } else if (c instanceof DeviceCommand.StopAll) {
                    level = 0;
                }
            }
            return level;
        }

        void acknowledgeAll() {
            for (CompletableFuture<Void> f : pending) {
                pending.remove(f);
                f.complete(null);
            }
        }

        @Override
        public Set<String> schemes() {
            return Set.of("acks");
        }

        @Override
        public String description() {
            return "acknowledges, never reports";
        }

        @Override
        public DeviceConnection connect(DeviceUri uri, DriverContext context) {
            DeviceInfo info = new DeviceInfo(DeviceProfiles.builtIn("shiatsu-4zone"), "1", "ACKS");
            return new DeviceConnection() {
                @Override
                public DeviceInfo info() {
                    return info;
                }

                @Override
                public CompletableFuture<Void> send(DeviceCommand command) {
                    return answer(command);
                }

                @Override
                public CompletableFuture<Void> stopAll() {
                    return answer(new DeviceCommand.StopAll());
                }

                private CompletableFuture<Void> answer(DeviceCommand command) {
                    sent.add(command);
                    if (acknowledgeAtOnce) {
                        return CompletableFuture.completedFuture(null);
                    }
                    CompletableFuture<Void> f = new CompletableFuture<>();
                    pending.add(f);
                    return f;
                }

                @Override
                public void setListener(Listener listener) {
                }

                @Override
                public void close() {
                }
            };
        }
    }
}
