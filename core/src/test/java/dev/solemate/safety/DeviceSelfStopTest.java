package dev.solemate.safety;

import static org.assertj.core.api.Assertions.assertThat;

import dev.solemate.CommandResult;
import dev.solemate.MassagerEvent;
import dev.solemate.device.Intensity;
import dev.solemate.device.Technique;
import dev.solemate.device.Zone;
import dev.solemate.driver.DeviceCommand;
import dev.solemate.sim.ExecutedCommand;
import dev.solemate.sim.ExecutedCommand.Origin;
import dev.solemate.testing.VirtualRig;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * When the simulated device stops on its own (a fault, its over-temperature cut-off), the governor
 * learns it from the device's reports: the same request reaches the device again, a rise under way
 * ends, and the session stops counting. Stale reports never stall or speed up a rise.
 */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class DeviceSelfStopTest {

    private static final SafetyLimits DEFAULTS = SafetyLimits.defaults();
    private static final long SECOND = 1_000_000_000L;

    private final AtomicInteger faultsSeen = new AtomicInteger();

    private VirtualRig open(String params, SafetyLimits limits) {
        VirtualRig rig = VirtualRig.open(params, limits);
        rig.massager.addListener(e -> {
            if (e instanceof MassagerEvent.DeviceFault) {
                faultsSeen.incrementAndGet();
            }
        });
        return rig;
    }

    /** Injects a fault and waits until the massager has handled it (the status report comes first). */
    private void faultAndWait(VirtualRig rig) {
        int before = faultsSeen.get();
        rig.device.fault("E7", "roller motor stalled");
        rig.await(() -> faultsSeen.get() > before, "the fault to reach the massager");
    }

    @Test
    void aRepeatOfTheSameRequestReachesTheDeviceAgainAfterAFaultStoppedIt() {
        try (VirtualRig rig = open("", DEFAULTS)) {
            rig.massager.setZone(Zone.ARCH, Technique.KNEAD, Intensity.of(60));
            rig.advance(Duration.ofSeconds(5));
            assertThat(rig.device.zone(Zone.ARCH).level()).isEqualTo(3);

            faultAndWait(rig);
            assertThat(rig.device.zone(Zone.ARCH).level()).isZero();
            rig.massager.setZone(Zone.ARCH, Technique.KNEAD, Intensity.of(60));
            rig.advance(Duration.ofSeconds(5));

            assertThat(rig.device.zone(Zone.ARCH).level()).as("running again after the same request").isEqualTo(3);
            List<ExecutedCommand> afterFault = afterLast(rig.device.executed(), Origin.FAULT);
            assertThat(afterFault).extracting(ExecutedCommand::command).containsExactly(
                    new DeviceCommand.SetZone(Zone.ARCH, Technique.KNEAD, 1),
                    new DeviceCommand.SetZone(Zone.ARCH, Technique.KNEAD, 2),
                    new DeviceCommand.SetZone(Zone.ARCH, Technique.KNEAD, 3));
        }
    }

    @Test
    void aFaultDuringARiseEndsTheRise() {
        try (VirtualRig rig = open("", DEFAULTS)) {
            rig.massager.setZone(Zone.ARCH, Technique.KNEAD, Intensity.FULL);
            rig.advance(Duration.ofMillis(1_500));
            assertThat(rig.device.zone(Zone.ARCH).level()).isEqualTo(2);

            faultAndWait(rig);
            rig.advance(Duration.ofSeconds(10));

            assertThat(rig.device.isAtZero()).as("the rest of the rise does not restart the device").isTrue();
        }
    }

    @Test
    void aRequestForZeroIsSentEvenWhenTheZoneIsBelievedOff() {
        try (VirtualRig rig = open("", DEFAULTS)) {
            rig.await(rig.massager.stopZone(Zone.HEEL));
            rig.await(rig.massager.stopZone(Zone.HEEL));

            assertThat(rig.device.executed()).extracting(ExecutedCommand::command).containsExactly(
                    new DeviceCommand.SetZone(Zone.HEEL, Technique.KNEAD, 0),
                    new DeviceCommand.SetZone(Zone.HEEL, Technique.KNEAD, 0));
        }
    }

    @Test
    void anIdenticalNonZeroRequestIsStillSkipped() {
        try (VirtualRig rig = open("", DEFAULTS)) {
            rig.await(rig.massager.setZone(Zone.HEEL, Technique.KNEAD, Intensity.of(20)));
            rig.await(rig.massager.setZone(Zone.HEEL, Technique.KNEAD, Intensity.of(20)));

            assertThat(rig.device.executed()).hasSize(1);
        }
    }

    @Test
    void theSessionStopsCountingWhenTheDeviceReportsItStopped() {
        try (VirtualRig rig = open("", DEFAULTS)) {
            long start = rig.now();
            rig.massager.setZone(Zone.ARCH, Technique.KNEAD, Intensity.of(60));
            rig.advance(Duration.ofMinutes(10));
            faultAndWait(rig);

            // 8 minutes off is less than the 10 minutes' rest, so this is the same session: 5 minutes left.
            rig.advance(Duration.ofMinutes(8));
            CommandResult again = rig.await(rig.massager.setZone(Zone.ARCH, Technique.KNEAD, Intensity.of(60)));
            assertThat(again.appliedLevel()).isEqualTo(1);
            assertThat(rig.massager.state().sessionUsed()).isEqualTo(Duration.ofMinutes(10));

            rig.advance(Duration.ofMinutes(10));
            ExecutedCommand autoOff = afterLast(rig.device.executed(), Origin.FAULT).stream()
                    .filter(e -> e.command() instanceof DeviceCommand.StopAll).findFirst().orElseThrow();
            assertThat(autoOff.atNanos() - start).as("the governor's auto-off: 10 + 8 + 5 minutes")
                    .isEqualTo(Duration.ofMinutes(23).toNanos());
        }
    }

    @Test
    void theOverTemperatureCutOffStopsTheSessionClockForTheHeater() {
        try (VirtualRig rig = open("", DEFAULTS)) {
            long start = rig.now();
            rig.await(rig.massager.setHeat(40));
            rig.device.heaterRunaway();
            // Second by second, so that the massager handles the cut-off at the time it happened.
            while (faultsSeen.get() == 0) {
                rig.advance(Duration.ofSeconds(1));
                rig.await(() -> faultsSeen.get() > 0 || !hasCutOff(rig), "the cut-off to reach the massager");
            }
            ExecutedCommand cut = rig.device.executed().stream().filter(e -> e.origin() == Origin.OVER_TEMPERATURE)
                    .findFirst().orElseThrow();
            rig.advance(Duration.ofMinutes(10));

            rig.await(rig.massager.stopZone(Zone.ARCH));

            assertThat(rig.massager.state().sessionUsed())
                    .as("counted until the cut-off at %d s, not for the 10 minutes", (cut.atNanos() - start) / SECOND)
                    .isEqualTo(Duration.ofNanos(cut.atNanos() - start));
        }
    }

    @Test
    void staleReportsDuringARiseNeitherStallItNorSpeedItUp() {
        // Half a second of latency and the heater reporting its temperature every second: the reports
        // made while a rise step is on its way still show the level before it.
        SafetyLimits limits = DEFAULTS.withComfortCap(Intensity.of(80));
        try (VirtualRig rig = open("latency=500ms", limits)) {
            rig.massager.setHeat(40);
            rig.advance(Duration.ofMillis(10_250));
            long start = rig.now();
            rig.massager.setZone(Zone.ARCH, Technique.KNEAD, Intensity.FULL);
            rig.advance(Duration.ofSeconds(10));

            List<ExecutedCommand> arch = rig.device.executed().stream()
                    .filter(e -> e.command() instanceof DeviceCommand.SetZone z && z.zone() == Zone.ARCH).toList();
            assertThat(arch).extracting(e -> (e.atNanos() - start) / 1_000_000 + " ms: " + e.command()).containsExactly(
                    "500 ms: SetZone[zone=ARCH, technique=KNEAD, level=1]",
                    "1500 ms: SetZone[zone=ARCH, technique=KNEAD, level=2]",
                    "2500 ms: SetZone[zone=ARCH, technique=KNEAD, level=3]",
                    "3500 ms: SetZone[zone=ARCH, technique=KNEAD, level=4]");

            rig.massager.stopZone(Zone.ARCH);
            rig.advance(Duration.ofSeconds(1));
            assertThat(rig.device.zone(Zone.ARCH).level()).isZero();
        }
    }

    private static boolean hasCutOff(VirtualRig rig) {
        return rig.device.executed().stream().anyMatch(e -> e.origin() == Origin.OVER_TEMPERATURE);
    }

    private static List<ExecutedCommand> afterLast(List<ExecutedCommand> executed, Origin origin) {
        int last = -1;
        for (int i = 0; i < executed.size(); i++) {
            if (executed.get(i).origin() == origin) {
                last = i;
            }
        }
        assertThat(last).as("a command from %s", origin).isNotNegative();
        return executed.subList(last + 1, executed.size());
    }
}
