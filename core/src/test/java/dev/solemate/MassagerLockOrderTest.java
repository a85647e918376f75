package dev.solemate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.solemate.device.DeviceProfiles;
import dev.solemate.device.Intensity;
import dev.solemate.device.Technique;
import dev.solemate.device.Zone;
import dev.solemate.driver.DeviceCommand;
import dev.solemate.driver.DeviceConnection;
import dev.solemate.driver.DeviceEvent;
import dev.solemate.driver.DeviceInfo;
import dev.solemate.driver.DeviceStatus;
import dev.solemate.driver.DeviceUri;
import dev.solemate.driver.DriverContext;
import dev.solemate.driver.MassagerDriver;
import dev.solemate.driver.ZoneSetting;
import dev.solemate.time.VirtualTimeline;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A driver may complete a command's future inside {@code send} (an acknowledgement it read while
 * sending the next command), that is while the governor holds its lock; the massager must never
 * take the governor's lock while holding its own.
 */
class MassagerLockOrderTest {

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aDriverThatAcknowledgesInlineWhileTheDeviceReportsNeverDeadlocks() throws Exception {
        InlineDriver driver = new InlineDriver();
        VirtualTimeline timeline = new VirtualTimeline();
        try (Massager massager = Massagers.open(driver, "inline:", MassagerOptions.defaults().withTimeline(timeline))) {
            AtomicBoolean done = new AtomicBoolean();
            Thread reporter = new Thread(() -> {
                DeviceStatus status = new DeviceStatus(Map.of(Zone.BALL, new ZoneSetting(Technique.ROLL, 1)),
                        OptionalInt.empty(), OptionalDouble.empty());
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (!done.get() && System.nanoTime() < deadline) {
                    driver.listener.onEvent(new DeviceEvent.StatusReport(status));
                    LockSupport.parkNanos(20_000);
                }
            }, "reporter");
            // Should the locks ever deadlock again, the test fails on its timeout and this thread ends by itself.
            reporter.setDaemon(true);
            reporter.start();
            CompletableFuture<CommandResult> last = null;
            for (int i = 0; i < 20_000; i++) {
                last = massager.setZone(Zone.BALL, Technique.ROLL, Intensity.of(i % 2 == 0 ? 34 : 0));
            }
            done.set(true);
            reporter.join();
            driver.unacknowledged.get().complete(null);
            assertThat(last.get(10, TimeUnit.SECONDS).appliedLevel()).isZero();
        }
    }

    /** Acknowledges every command inside {@code send}, as a driver with nothing to wait for may. */
    private static final class InlineDriver implements MassagerDriver {
        volatile DeviceConnection.Listener listener = event -> { };
        final AtomicReference<CompletableFuture<Void>> unacknowledged = new AtomicReference<>(new CompletableFuture<>());

        @Override
        public Set<String> schemes() {
            return Set.of("inline");
        }

        @Override
        public String description() {
            return "acknowledges inline";
        }

        @Override
        public DeviceConnection connect(DeviceUri uri, DriverContext context) {
            DeviceInfo info = new DeviceInfo(DeviceProfiles.builtIn("budget-2zone"), "1", "INLINE");
            return new DeviceConnection() {
                @Override
                public DeviceInfo info() {
                    return info;
                }

                @Override
                public CompletableFuture<Void> send(DeviceCommand command) {
                    // The previous command's acknowledgement is handled while this one is sent: the
                    // previous future completes on the sender's thread, inside the governor's lock.
                    CompletableFuture<Void> next = new CompletableFuture<>();
                    unacknowledged.getAndSet(next).complete(null);
                    return next;
                }

                @Override
                public CompletableFuture<Void> stopAll() {
                    return CompletableFuture.completedFuture(null);
                }

                @Override
                public void setListener(Listener newListener) {
                    listener = newListener;
                }

                @Override
                public void close() {
                }
            };
        }
    }
}
