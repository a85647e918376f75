package dev.solemate.safety;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.solemate.CommandResult;
import dev.solemate.MassagerEvent;
import dev.solemate.device.Intensity;
import dev.solemate.device.Technique;
import dev.solemate.device.Zone;
import dev.solemate.driver.DeviceCommand;
import dev.solemate.sim.ExecutedCommand;
import dev.solemate.testing.VirtualRig;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The safety governor inside every massager: comfort cap, heat limit, session auto-off, gradual rise. */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class SafetyGovernorTest {

    private static final SafetyLimits DEFAULTS = SafetyLimits.defaults();

    private final List<SafetyWarning> warnings = new CopyOnWriteArrayList<>();

    private VirtualRig open(String params, SafetyLimits limits) {
        VirtualRig rig = VirtualRig.open(params, limits);
        rig.massager.addListener(e -> {
            if (e instanceof MassagerEvent.SafetyEvent s) {
                warnings.add(s.warning());
            }
        });
        return rig;
    }

    // ---- comfort cap ----------------------------------------------------------------------------

    @Test
    void comfortCapReducesARequestAndSaysSo() {
        try (VirtualRig rig = open("", DEFAULTS.withComfortCap(Intensity.of(40)))) {
            CommandResult result = rig.await(rig.massager.setZone(Zone.ARCH, Technique.KNEAD, Intensity.FULL));
            rig.advance(Duration.ofSeconds(10));

            assertThat(result.targetLevel()).isEqualTo(2);
            assertThat(result.warnings()).extracting(SafetyWarning::limit).contains(SafetyLimit.COMFORT_CAP);
            assertThat(result.warnings().get(0).message()).isEqualTo("arch: 100 % reduced to 40 % (comfort cap 40 %)");
            assertThat(rig.device.zone(Zone.ARCH).level()).isEqualTo(2);
        }
    }

    @Test
    void aLowCapStillLetsTheDeviceRunAtItsLowestLevel() {
        try (VirtualRig rig = open("profile=budget-2zone", DEFAULTS.withComfortCap(Intensity.of(10)))) {
            rig.await(rig.massager.setZone(Zone.BALL, Technique.ROLL, Intensity.of(90)));
            rig.advance(Duration.ofSeconds(10));
            assertThat(rig.device.zone(Zone.BALL).level()).isEqualTo(1);
        }
    }

    @Test
    void loweringTheCapBringsRunningZonesDownAtOnce() {
        try (VirtualRig rig = open("", DEFAULTS)) {
            rig.massager.setZone(Zone.HEEL, Technique.PRESS, Intensity.FULL);
            rig.advance(Duration.ofSeconds(5));
            assertThat(rig.device.zone(Zone.HEEL).level()).isEqualTo(5);

            rig.await(rig.massager.setComfortCap(Intensity.of(20)));
            assertThat(rig.device.zone(Zone.HEEL).level()).isEqualTo(1);
            assertThat(rig.massager.limits().comfortCap()).isEqualTo(Intensity.of(20));
        }
    }

    // ---- heat -----------------------------------------------------------------------------------

    @Test
    void heatIsCappedAtFortyDegreesByDefault() {
        try (VirtualRig rig = open("", DEFAULTS)) {
            CommandResult result = rig.await(rig.massager.setHeat(45));

            assertThat(result.appliedLevel()).isEqualTo(40);
            assertThat(result.warnings()).containsExactly(
                    new SafetyWarning(SafetyLimit.HEAT_LIMIT, "heat 45 °C reduced to 40 °C (heat limit)"));
            assertThat(rig.device.executed()).extracting(ExecutedCommand::command).containsExactly(new DeviceCommand.SetHeat(40));
        }
    }

    @Test
    void heatLimitMayBeRaisedToFortyThreeButNoHigher() {
        assertThatThrownBy(() -> DEFAULTS.withHeatLimit(44))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("heatLimitCelsius 44 is out of range (expected 20 to 43 °C)");
        try (VirtualRig rig = open("", DEFAULTS.withHeatLimit(SafetyLimits.ABSOLUTE_HEAT_CEILING_CELSIUS))) {
            assertThat(rig.await(rig.massager.setHeat(45)).appliedLevel()).isEqualTo(43);
        }
    }

    @Test
    void heatIsAlsoCappedAtTheDevicesOwnMaximum() {
        try (VirtualRig rig = open("profile=aircomp-5zone", DEFAULTS.withHeatLimit(43))) {
            assertThat(rig.await(rig.massager.setHeat(43)).appliedLevel()).isEqualTo(42);
        }
    }

    @Test
    void heatIsRefusedOnADeviceWithoutAHeaterAndBelowTheDevicesRange() {
        try (VirtualRig rig = open("profile=budget-2zone", DEFAULTS)) {
            assertThatThrownBy(() -> rig.massager.setHeat(38))
                    .isInstanceOf(SafetyLimitException.class)
                    .hasMessage("device budget-2zone has no heater")
                    .extracting(e -> ((SafetyLimitException) e).limit()).isEqualTo(SafetyLimit.UNSUPPORTED);
        }
        try (VirtualRig rig = open("", DEFAULTS)) {
            assertThatThrownBy(() -> rig.massager.setHeat(30))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("heat 30 °C is below what device shiatsu-4zone can do (expected 35 to 40 °C, or off)");
        }
    }

    // ---- session --------------------------------------------------------------------------------

    @Test
    void theDeviceIsSwitchedOffAfterFifteenMinutesOfUseAndRefusedUntilItRested() {
        try (VirtualRig rig = open("", DEFAULTS)) {
            long start = rig.now();
            rig.await(rig.massager.setZone(Zone.ARCH, Technique.KNEAD, Intensity.of(20)));
            rig.advance(Duration.ofMinutes(15).minusNanos(1));
            assertThat(rig.device.isAtZero()).isFalse();

            rig.advance(Duration.ofNanos(1));
            assertThat(rig.device.isAtZero()).isTrue();
            assertThat(rig.device.executed()).last().isEqualTo(new ExecutedCommand(start + Duration.ofMinutes(15).toNanos(),
                    new DeviceCommand.StopAll(), ExecutedCommand.Origin.HOST));
            rig.await(() -> !warnings.isEmpty(), "the session warning");
            assertThat(warnings).contains(new SafetyWarning(SafetyLimit.SESSION_LIMIT,
                    "switched off after 15 min of use (session limit); rest 10 min before the next session"));

            rig.advance(Duration.ofMinutes(9));
            assertThatThrownBy(() -> rig.massager.setZone(Zone.ARCH, Technique.KNEAD, Intensity.of(20)))
                    .isInstanceOf(SafetyLimitException.class)
                    .hasMessage("the session allowance of 15 min is used up; let the device rest 1 min before the next session");
            assertThatThrownBy(() -> rig.massager.setHeat(38)).isInstanceOf(SafetyLimitException.class);
            assertThat(rig.await(rig.massager.stop())).as("stop is never refused").isNull();

            rig.advance(Duration.ofMinutes(1));
            assertThat(rig.await(rig.massager.setZone(Zone.ARCH, Technique.KNEAD, Intensity.of(20))).appliedLevel()).isEqualTo(1);
        }
    }

    @Test
    void shortBreaksDoNotResetTheSession() {
        try (VirtualRig rig = open("", DEFAULTS)) {
            rig.await(rig.massager.setHeat(38));
            rig.advance(Duration.ofMinutes(10));
            rig.await(rig.massager.heatOff());
            rig.advance(Duration.ofMinutes(5));
            rig.await(rig.massager.setHeat(38));
            rig.advance(Duration.ofMinutes(5).minusNanos(1));
            assertThat(rig.device.heatTarget()).hasValue(38);
            rig.advance(Duration.ofNanos(1));
            assertThat(rig.device.isAtZero()).isTrue();
            rig.await(() -> rig.massager.state().sessionUsed().equals(Duration.ofMinutes(15)), "15 min used in the state");
        }
    }

    @Test
    void theSessionCanBeShortenedOrLengthenedToThirtyMinutesButTheDevicesOwnLimitStillApplies() {
        assertThatThrownBy(() -> DEFAULTS.withMaxSession(Duration.ofMinutes(31)))
                .hasMessage("maxSession 1860 s is out of range (expected 1 to 30 minutes)");
        try (VirtualRig rig = open("", DEFAULTS.withMaxSession(Duration.ofMinutes(30)))) {
            assertThat(rig.massager.state().sessionLimit()).as("shiatsu-4zone allows 15").isEqualTo(Duration.ofMinutes(15));
        }
        try (VirtualRig rig = open("", DEFAULTS.withMaxSession(Duration.ofMinutes(5)))) {
            rig.await(rig.massager.setZone(Zone.ARCH, Technique.KNEAD, Intensity.of(20)));
            rig.advance(Duration.ofMinutes(5));
            assertThat(rig.device.isAtZero()).isTrue();
        }
    }

    // ---- gradual rise ---------------------------------------------------------------------------

    @Test
    void aBigRiseIsSpreadOverOneLevelPerIntervalAndReported() {
        try (VirtualRig rig = open("", DEFAULTS)) {
            long start = rig.now();
            CommandResult result = rig.await(rig.massager.setZone(Zone.ARCH, Technique.KNEAD, Intensity.FULL));
            rig.advance(Duration.ofSeconds(10));

            assertThat(result.appliedLevel()).isEqualTo(1);
            assertThat(result.targetLevel()).isEqualTo(5);
            assertThat(result.warnings()).containsExactly(new SafetyWarning(SafetyLimit.RISE_RATE,
                    "arch: rising to level 5 of 5 gradually (one level every 1.00 s)"));
            assertThat(rig.device.executed()).extracting(e -> (e.atNanos() - start) / 1_000_000 + " ms: " + e.command())
                    .containsExactly(
                            "0 ms: SetZone[zone=ARCH, technique=KNEAD, level=1]",
                            "1000 ms: SetZone[zone=ARCH, technique=KNEAD, level=2]",
                            "2000 ms: SetZone[zone=ARCH, technique=KNEAD, level=3]",
                            "3000 ms: SetZone[zone=ARCH, technique=KNEAD, level=4]",
                            "4000 ms: SetZone[zone=ARCH, technique=KNEAD, level=5]");
        }
    }

    @Test
    void theRiseIntervalFollowsTheRateAndTheDevicesSteps() {
        try (VirtualRig rig = open("profile=aircomp-5zone", DEFAULTS.withRiseRate(50))) {
            long start = rig.now();
            rig.await(rig.massager.setZone(Zone.HEEL, Technique.COMPRESS, Intensity.of(20)));
            rig.advance(Duration.ofSeconds(1));
            assertThat(rig.device.executed()).extracting(e -> (e.atNanos() - start) / 1_000_000)
                    .as("5 %% a level at 50 %%/s: one level every 100 ms").containsExactly(0L, 100L, 200L, 300L);
        }
    }

    @Test
    void goingDownIsImmediateAndCancelsAPendingRise() {
        try (VirtualRig rig = open("", DEFAULTS)) {
            rig.massager.setZone(Zone.ARCH, Technique.KNEAD, Intensity.FULL);
            rig.advance(Duration.ofMillis(2_500));
            assertThat(rig.device.zone(Zone.ARCH).level()).isEqualTo(3);

            CommandResult down = rig.await(rig.massager.setZone(Zone.ARCH, Technique.KNEAD, Intensity.of(20)));
            assertThat(down).isEqualTo(CommandResult.ok(1));
            assertThat(rig.device.zone(Zone.ARCH).level()).isEqualTo(1);
            rig.advance(Duration.ofSeconds(10));
            assertThat(rig.device.zone(Zone.ARCH).level()).as("the old rise does not continue").isEqualTo(1);
        }
    }

    @Test
    void stopCancelsEveryPendingRise() {
        try (VirtualRig rig = open("", DEFAULTS)) {
            rig.massager.setZone(Zone.ARCH, Technique.KNEAD, Intensity.FULL);
            rig.massager.setZone(Zone.HEEL, Technique.KNEAD, Intensity.FULL);
            rig.advance(Duration.ofMillis(1_500));
            rig.await(rig.massager.stop());
            rig.advance(Duration.ofSeconds(10));
            assertThat(rig.device.isAtZero()).isTrue();
        }
    }

    // ---- what the device lacks ------------------------------------------------------------------

    @Test
    void aZoneOrTechniqueTheDeviceLacksIsRefusedNamingWhatItHas() {
        try (VirtualRig rig = open("profile=budget-2zone", DEFAULTS)) {
            assertThatThrownBy(() -> rig.massager.setZone(Zone.ARCH, Technique.KNEAD, Intensity.of(20)))
                    .isInstanceOf(SafetyLimitException.class)
                    .hasMessage("device budget-2zone has no zone arch (it has: ball, heel)");
            assertThatThrownBy(() -> rig.massager.setZone(Zone.BALL, Technique.VIBRATE, Intensity.of(20)))
                    .hasMessage("device budget-2zone cannot vibrate the ball (it can: knead, roll)");
            assertThat(rig.device.executed()).isEmpty();
        }
    }
}
