package dev.solemate.safety;

import static org.assertj.core.api.Assertions.assertThat;

import dev.solemate.device.DeviceProfile;
import dev.solemate.device.DeviceProfiles;
import dev.solemate.device.Intensity;
import dev.solemate.device.Technique;
import dev.solemate.device.Zone;
import dev.solemate.driver.DeviceCommand;
import dev.solemate.driver.DeviceConnection;
import dev.solemate.driver.DeviceInfo;
import dev.solemate.driver.DeviceStatus;
import dev.solemate.driver.ZoneSetting;
import dev.solemate.time.VirtualTimeline;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link SafetyGovernor#deviceReported} on its own, against a connection whose acknowledgements the
 * test gives by hand: reports lower records and never raise them, and a report that may predate an
 * unacknowledged command is ignored.
 */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class GovernorDeviceReportsTest {

    private static final DeviceProfile PROFILE = DeviceProfiles.builtIn("shiatsu-4zone");
    private static final long SECOND = 1_000_000_000L;

    private final VirtualTimeline timeline = new VirtualTimeline();
    private final ManualConnection device = new ManualConnection();
    private final SafetyGovernor governor = new SafetyGovernor(device, PROFILE,
            SafetyLimits.defaults().withComfortCap(Intensity.of(80)), timeline, w -> { });

    @Test
    void aReportOfALowerLevelMakesTheSameRequestReachTheDeviceAgain() {
        governor.setZone(Zone.HEEL, Technique.ROLL, Intensity.of(20));
        device.ackAll();
        governor.setZone(Zone.HEEL, Technique.ROLL, Intensity.of(20));
        assertThat(device.sent).as("an identical request is skipped").hasSize(1);
        timeline.advance(Duration.ofSeconds(2));

        governor.deviceReported(status(Zone.HEEL, 0, OptionalInt.empty()));
        governor.setZone(Zone.HEEL, Technique.ROLL, Intensity.of(20));

        assertThat(device.sent).containsExactly(zone(Zone.HEEL, 1), zone(Zone.HEEL, 1));
    }

    @Test
    void aReportMadeBeforeAnUnacknowledgedCommandIsIgnored() {
        governor.setZone(Zone.HEEL, Technique.ROLL, Intensity.of(20));
        governor.deviceReported(status(Zone.HEEL, 0, OptionalInt.empty()));
        device.ackAll();
        governor.setZone(Zone.HEEL, Technique.ROLL, Intensity.of(20));

        assertThat(device.sent).as("still believed at level 1").containsExactly(zone(Zone.HEEL, 1));
    }

    @Test
    void aReportNeverRaisesARecord() {
        governor.deviceReported(status(Zone.ARCH, 5, OptionalInt.of(45)));
        timeline.advance(Duration.ofMinutes(1));
        assertThat(governor.sessionUsed()).as("nothing commanded, nothing counted").isZero();

        governor.setZone(Zone.ARCH, Technique.KNEAD, Intensity.of(40));
        assertThat(device.sent).as("the rise starts from 0, not from the reported 5")
                .containsExactly(zone(Zone.ARCH, 1));
    }

    @Test
    void aReportOfZeroDuringARiseCancelsItAndARepeatReRampsNoFasterThanTheRate() {
        long start = timeline.nanoTime();
        governor.setZone(Zone.ARCH, Technique.KNEAD, Intensity.FULL);
        device.ackAll();
        timeline.advance(Duration.ofMillis(1_000));
        device.ackAll();
        timeline.advance(Duration.ofMillis(200));

        // Level 2 is confirmed and the next step is due at 2 s: a report of 0 now is taken at its word.
        governor.deviceReported(status(Zone.ARCH, 0, OptionalInt.empty()));
        timeline.advance(Duration.ofSeconds(5));
        assertThat(device.sent).as("the rise ended").hasSize(2);

        governor.setZone(Zone.ARCH, Technique.KNEAD, Intensity.FULL);
        for (int i = 0; i < 20; i++) {
            device.ackAll();
            timeline.advance(Duration.ofMillis(500));
        }
        governor.setZone(Zone.ARCH, Technique.KNEAD, Intensity.ZERO);

        assertThat(device.sent).extracting(c -> c.level()).containsExactly(1, 2, 1, 2, 3, 4, 0);
        assertThat(device.sentAt.subList(2, 6)).extracting(t -> (t - start) / 1_000_000)
                .as("one level a second again, from where the device said it was")
                .containsExactly(6_200L, 7_200L, 8_200L, 9_200L);
    }

    @Test
    void theSessionStopsCountingWhenTheDeviceReportsEverythingOff() {
        governor.setZone(Zone.ARCH, Technique.KNEAD, Intensity.of(20));
        governor.setHeat(40);
        device.ackAll();
        timeline.advance(Duration.ofMinutes(3));

        governor.deviceReported(status(Zone.ARCH, 0, OptionalInt.of(40)));
        timeline.advance(Duration.ofMinutes(1));
        assertThat(governor.sessionUsed()).as("the heater still runs").isEqualTo(Duration.ofMinutes(4));

        governor.deviceReported(status(Zone.ARCH, 0, OptionalInt.empty()));
        timeline.advance(Duration.ofMinutes(5));
        assertThat(governor.sessionUsed()).isEqualTo(Duration.ofMinutes(4));
    }

    @Test
    void zeroAndHeatOffReachTheDeviceEvenWhenBelievedOff() {
        governor.setZone(Zone.TOES, Technique.KNEAD, Intensity.ZERO);
        governor.setHeat(null);

        assertThat(device.commands).containsExactly(zone(Zone.TOES, 0).asCommand(), new DeviceCommand.HeatOff());
    }

    private static DeviceStatus status(Zone zone, int level, OptionalInt heat) {
        return new DeviceStatus(Map.of(zone, new ZoneSetting(PROFILE.techniques(zone).iterator().next(), level)),
                heat, OptionalDouble.empty());
    }

    private static Sent zone(Zone zone, int level) {
        return new Sent(zone, level);
    }

    /** A zone command as sent, without its technique. */
    record Sent(Zone zone, int level) {
        DeviceCommand asCommand() {
            return new DeviceCommand.SetZone(zone, PROFILE.techniques(zone).iterator().next(), level);
        }
    }

    /** Records what is sent; acknowledges only when the test says so. */
    private final class ManualConnection implements DeviceConnection {
        final List<DeviceCommand> commands = new ArrayList<>();
        final List<Sent> sent = new ArrayList<>();
        final List<Long> sentAt = new ArrayList<>();
        final List<CompletableFuture<Void>> unacknowledged = new ArrayList<>();

        @Override
        public DeviceInfo info() {
            return new DeviceInfo(PROFILE, "test", "TEST-1");
        }

        @Override
        public CompletableFuture<Void> send(DeviceCommand command) {
            commands.add(command);
            if (command instanceof DeviceCommand.SetZone z) {
                sent.add(new Sent(z.zone(), z.level()));
                sentAt.add(timeline.nanoTime());
            }
            CompletableFuture<Void> ack = new CompletableFuture<>();
            unacknowledged.add(ack);
            return ack;
        }

        void ackAll() {
            List<CompletableFuture<Void>> now = new ArrayList<>(unacknowledged);
            unacknowledged.clear();
            now.forEach(f -> f.complete(null));
        }

        @Override
        public CompletableFuture<Void> stopAll() {
            commands.add(new DeviceCommand.StopAll());
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public void setListener(Listener listener) {
        }

        @Override
        public void close() {
        }
    }
}
