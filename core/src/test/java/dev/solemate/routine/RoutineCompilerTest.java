package dev.solemate.routine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.solemate.device.DeviceProfile;
import dev.solemate.device.DeviceProfiles;
import dev.solemate.device.Intensity;
import dev.solemate.device.Technique;
import dev.solemate.device.Zone;
import dev.solemate.safety.SafetyLimits;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** How the compiler quantises, scales, adapts and ends a routine. */
@Timeout(10)
class RoutineCompilerTest {

    private static final DeviceProfile SHIATSU = DeviceProfiles.builtIn("shiatsu-4zone");
    private static final DeviceProfile BUDGET = DeviceProfiles.builtIn("budget-2zone");
    private static final DeviceProfile AIRCOMP = DeviceProfiles.builtIn("aircomp-5zone");

    private static Routine oneStep(Duration length, java.util.function.Consumer<StepBuilder> body) {
        return Routine.builder("t").step("s", length, body).build();
    }

    private static List<String> lines(CompiledRoutine compiled) {
        return compiled.commands().stream()
                .map(c -> HumanDuration.clock(c.at()) + " " + c.describe()).toList();
    }

    @Test
    void rampChangesLevelAtTheFirstTickWhereTheQuantisedLevelChanges() {
        Routine ramp = oneStep(Duration.ofSeconds(10), s -> s.zone(Zone.ARCH, Technique.KNEAD, Shape.ramp(0, 100)));
        // 5 levels: level L+1 from the first 100 ms tick whose middle is past 20 * L %, i.e. from 2 s * L.
        assertThat(lines(RoutineCompiler.compile(ramp, SHIATSU))).containsExactly(
                "00:00:00.000 set arch knead 1/5",
                "00:00:02.000 set arch knead 2/5",
                "00:00:04.000 set arch knead 3/5",
                "00:00:06.000 set arch knead 4/5",
                "00:00:08.000 set arch knead 5/5",
                "00:00:10.000 set arch knead 0/5");
    }

    @Test
    void comfortCapScalesTheRampAndClampsToTheCapLevel() {
        Routine ramp = oneStep(Duration.ofSeconds(10), s -> s.zone(Zone.ARCH, Technique.KNEAD, Shape.ramp(0, 100)));
        // cap 50 %: the ramp becomes 0 -> 50 %, capLevel(50 %) on 5 levels is 2, never level 3.
        assertThat(lines(RoutineCompiler.compile(ramp, SHIATSU, Intensity.of(50)))).containsExactly(
                "00:00:00.000 set arch knead 1/5",
                "00:00:04.000 set arch knead 2/5",
                "00:00:10.000 set arch knead 0/5");
    }

    @Test
    void steepRampsSendAtMostOneTargetPerZoneEveryHundredMilliseconds() {
        Routine steep = oneStep(Duration.ofSeconds(1), s -> s.zone(Zone.HEEL, Technique.COMPRESS, Shape.ramp(0, 100)));
        CompileSettings raw = CompileSettings.of(AIRCOMP, Intensity.FULL, 40).withoutRiseShaping();
        // 0 -> 100 % over 1 s on 20 levels: levels 1, 3, 5 ... 19 at the ten ticks, then the stop.
        assertThat(lines(RoutineCompiler.compile(steep, AIRCOMP, raw))).containsExactly(
                "00:00:00.000 set heel compress 1/20", "00:00:00.100 set heel compress 3/20",
                "00:00:00.200 set heel compress 5/20", "00:00:00.300 set heel compress 7/20",
                "00:00:00.400 set heel compress 9/20", "00:00:00.500 set heel compress 11/20",
                "00:00:00.600 set heel compress 13/20", "00:00:00.700 set heel compress 15/20",
                "00:00:00.800 set heel compress 17/20", "00:00:00.900 set heel compress 19/20",
                "00:00:01.000 set heel compress 0/20");
    }

    @Test
    void risesAreGradualLikeTheGovernorWantsAndGoingDownIsImmediate() {
        Routine jump = Routine.builder("t")
                .step("up", Duration.ofSeconds(6), s -> s.zone(Zone.ARCH, Technique.KNEAD, 100))
                .step("down", Duration.ofSeconds(2), s -> s.zone(Zone.ARCH, Technique.KNEAD, 20))
                .build();
        // 5 levels at 20 %/s: the governor allows one level a second; the compiler leaves 10 % to spare.
        assertThat(lines(RoutineCompiler.compile(jump, SHIATSU))).containsExactly(
                "00:00:00.000 set arch knead 1/5",
                "00:00:01.100 set arch knead 2/5",
                "00:00:02.200 set arch knead 3/5",
                "00:00:03.300 set arch knead 4/5",
                "00:00:04.400 set arch knead 5/5",
                "00:00:06.000 set arch knead 1/5",
                "00:00:08.000 set arch knead 0/5");
        assertThat(RoutineCompiler.compile(jump, SHIATSU).warnings()).isEmpty();
        SafetyLimits fast = SafetyLimits.defaults().withRiseRate(100);
        assertThat(lines(RoutineCompiler.compile(jump, SHIATSU, fast))).startsWith(
                "00:00:00.000 set arch knead 1/5", "00:00:00.220 set arch knead 2/5");
    }

    @Test
    void risesTooQuickForTheRiseRateAreReportedOncePerZone() {
        Routine quick = oneStep(Duration.ofSeconds(20), s -> s
                .zone(Zone.HEEL, Technique.COMPRESS, Shape.pulse(0, 100, Duration.ofSeconds(2))));
        CompiledRoutine compiled = RoutineCompiler.compile(quick, AIRCOMP);
        assertThat(compiled.warnings()).containsExactly(
                "zone heel: some rises are quicker than the rise rate allows (one level every 280ms);"
                        + " they play lower than written");
        assertThat(compiled.commands()).allMatch(c -> ((TimedCommand.SetZone) c).level() <= 4);
    }

    @Test
    void pulseAlternatesEveryHalfPeriodAndEndsAtZero() {
        Routine pulse = oneStep(Duration.ofSeconds(10),
                s -> s.zone(Zone.HEEL, Technique.PRESS, Shape.pulse(10, 40, Duration.ofSeconds(4))));
        assertThat(lines(RoutineCompiler.compile(pulse, SHIATSU))).containsExactly(
                "00:00:00.000 set heel press 1/5",
                "00:00:01.100 set heel press 2/5",
                "00:00:02.000 set heel press 1/5",
                "00:00:04.000 set heel press 2/5",
                "00:00:06.000 set heel press 1/5",
                "00:00:08.000 set heel press 2/5",
                "00:00:10.000 set heel press 0/5");
    }

    @Test
    void onlyChangesAreSentAcrossSteps() {
        Routine routine = Routine.builder("t")
                .step("a", Duration.ofSeconds(30), s -> s.zone(Zone.ARCH, Technique.KNEAD, 30))
                .step("b", Duration.ofSeconds(30), s -> s.zone(Zone.ARCH, Technique.KNEAD, 35))
                .step("c", Duration.ofSeconds(30), s -> s.zone(Zone.ARCH, Technique.ROLL, 35))
                .rest("d", Duration.ofSeconds(30))
                .step("e", Duration.ofSeconds(30), s -> s.zone(Zone.ARCH, Technique.ROLL, 35))
                .build();
        assertThat(lines(RoutineCompiler.compile(routine, SHIATSU))).containsExactly(
                "00:00:00.000 set arch knead 1/5",
                "00:00:01.100 set arch knead 2/5",
                "00:01:00.000 set arch roll 2/5",
                "00:01:30.000 set arch roll 0/5",
                "00:02:00.000 set arch roll 1/5",
                "00:02:01.100 set arch roll 2/5",
                "00:02:30.000 set arch roll 0/5");
    }

    @Test
    void allZonesMeansEveryZoneOfTheDeviceAndNamedZonesOverrideIt() {
        Routine routine = oneStep(Duration.ofSeconds(5), s -> s
                .allZones(Technique.KNEAD, Shape.constant(20))
                .zone(Zone.BALL, Technique.ROLL, Shape.constant(100)));
        // 3 levels at 20 %/s: one level every 1.67 s, 1.84 s with the margin.
        assertThat(lines(RoutineCompiler.compile(routine, BUDGET))).containsExactly(
                "00:00:00.000 set ball roll 1/3",
                "00:00:00.000 set heel knead 1/3",
                "00:00:01.840 set ball roll 2/3",
                "00:00:03.680 set ball roll 3/3",
                "00:00:05.000 set ball roll 0/3",
                "00:00:05.000 set heel knead 0/3");
    }

    @Test
    void missingZoneIsSkippedWithOneWarning() {
        Routine routine = Routine.builder("t")
                .repeat(5, r -> r.step("toes", Duration.ofSeconds(5), s -> s.zone(Zone.TOES, Technique.ROLL, 50)))
                .build();
        CompiledRoutine compiled = RoutineCompiler.compile(routine, BUDGET);
        assertThat(compiled.commands()).isEmpty();
        assertThat(compiled.warnings()).containsExactly("zone toes: budget-2zone has no toes zone; skipped");
    }

    @Test
    void missingTechniqueIsReplacedByTheClosestOneWithOneWarningPerZoneAndTechnique() {
        Routine routine = Routine.builder("t")
                .repeat(3, r -> r.step("press", Duration.ofSeconds(5), s -> s
                        .zone(Zone.BALL, Technique.PRESS, 50).zone(Zone.HEEL, Technique.PRESS, 50)))
                .build();
        CompiledRoutine compiled = RoutineCompiler.compile(routine, BUDGET);
        assertThat(compiled.warnings()).containsExactly(
                "zone ball: budget-2zone cannot press there; using knead instead",
                "zone heel: budget-2zone cannot press there; using knead instead");
        assertThat(compiled.commands()).allMatch(c -> ((TimedCommand.SetZone) c).technique() == Technique.KNEAD);
    }

    @Test
    void techniqueWithoutAnySubstituteSkipsTheZone() {
        Routine routine = oneStep(Duration.ofSeconds(5), s -> s.zone(Zone.HEEL, Technique.VIBRATE, 50));
        CompiledRoutine compiled = RoutineCompiler.compile(routine, AIRCOMP);
        assertThat(compiled.commands()).isEmpty();
        assertThat(compiled.warnings()).containsExactly(
                "zone heel: aircomp-5zone cannot vibrate there and has no close substitute; those steps skip the zone");
    }

    @Test
    void heatIsSkippedOnADeviceWithoutAHeater() {
        Routine warm = Routine.builder("t").heat(38).rest("warm", Duration.ofSeconds(5)).build();
        CompiledRoutine compiled = RoutineCompiler.compile(warm, BUDGET);
        assertThat(compiled.commands()).isEmpty();
        assertThat(compiled.warnings()).containsExactly("heat: budget-2zone has no heater; heat skipped");
    }

    @Test
    void heatAboveTheLimitIsReducedAndSaysWhichLimit() {
        Routine hot = Routine.builder("t").heat(45).rest("hot", Duration.ofSeconds(5)).build();
        CompiledRoutine byDefault = RoutineCompiler.compile(hot, SHIATSU);
        assertThat(lines(byDefault)).containsExactly("00:00:00.000 heat 40", "00:00:05.000 heat off");
        assertThat(byDefault.warnings()).containsExactly("heat: 45 °C reduced to 40 °C (heat limit)");

        CompiledRoutine raisedLimit = RoutineCompiler.compile(hot, AIRCOMP, Intensity.FULL, 43);
        assertThat(lines(raisedLimit)).containsExactly("00:00:00.000 heat 42", "00:00:05.000 heat off");
        assertThat(raisedLimit.warnings()).containsExactly("heat: 45 °C reduced to 42 °C (aircomp-5zone maximum)");
    }

    @Test
    void heatBelowTheDevicesLowestSettingIsSkipped() {
        Routine cool = Routine.builder("t").heat(30).rest("cool", Duration.ofSeconds(5)).build();
        CompiledRoutine compiled = RoutineCompiler.compile(cool, SHIATSU);
        assertThat(compiled.commands()).isEmpty();
        assertThat(compiled.warnings())
                .containsExactly("heat: 30 °C is below the lowest setting of shiatsu-4zone (35 °C); heat skipped");
    }

    @Test
    void heatChangesPerStepAndTurnsOffAtTheEnd() {
        Routine routine = Routine.builder("t").heat(38)
                .rest("a", Duration.ofSeconds(5))
                .step("b", Duration.ofSeconds(5), StepBuilder::heatOff)
                .step("c", Duration.ofSeconds(5), s -> s.heat(36))
                .rest("d", Duration.ofSeconds(5))
                .build();
        assertThat(lines(RoutineCompiler.compile(routine, SHIATSU))).containsExactly(
                "00:00:00.000 heat 38", "00:00:05.000 heat off", "00:00:10.000 heat 36",
                "00:00:15.000 heat 38", "00:00:20.000 heat off");
    }

    @Test
    void routineLongerThanTheDeviceSessionWarnsWhenItWillStop() {
        Routine longOne = Routine.builder("t").rest("long", Duration.ofMinutes(20)).build();
        assertThat(RoutineCompiler.compile(longOne, SHIATSU).warnings()).containsExactly(
                "routine lasts 20m but shiatsu-4zone switches off after its 15m session limit: it will stop at 00:15:00.000");
        assertThat(RoutineCompiler.compile(longOne, AIRCOMP).warnings()).isEmpty();
    }

    @Test
    void safetyLimitsBringTheirCapHeatLimitAndShorterSession() {
        Routine routine = Routine.builder("t").heat(42)
                .step("long", Duration.ofMinutes(12), s -> s.zone(Zone.HEEL, Technique.COMPRESS, 100))
                .build();
        SafetyLimits limits = SafetyLimits.defaults().withComfortCap(Intensity.of(50)).withHeatLimit(38)
                .withMaxSession(Duration.ofMinutes(10));
        CompiledRoutine compiled = RoutineCompiler.compile(routine, AIRCOMP, limits);
        assertThat(lines(compiled)).contains("00:00:00.000 heat 38", "00:00:02.520 set heel compress 10/20",
                "00:12:00.000 set heel compress 0/20", "00:12:00.000 heat off");
        assertThat(compiled.commands()).noneMatch(c -> c instanceof TimedCommand.SetZone z && z.level() > 10);
        assertThat(compiled.warnings()).containsExactly("heat: 42 °C reduced to 38 °C (heat limit)",
                "routine lasts 12m but the safety governor switches aircomp-5zone off after the 10m session limit:"
                        + " it will stop at 00:10:00.000");
        assertThat(RoutineCompiler.compile(routine, AIRCOMP, limits.withMaxSession(Duration.ofMinutes(30))).warnings())
                .containsExactly("heat: 42 °C reduced to 38 °C (heat limit)");
    }

    @Test
    void stepMarksFollowThePlan() {
        CompiledRoutine compiled = RoutineCompiler.compile(Routines.builtIn("quick-unwind"), SHIATSU);
        assertThat(compiled.steps()).extracting(StepMark::name).containsExactly("warm-up",
                "arch and heel: roll (1/2)", "ball and toes: knead (1/2)",
                "arch and heel: roll (2/2)", "ball and toes: knead (2/2)", "cool-down");
        assertThat(compiled.stepAt(Duration.ofSeconds(61)).name()).isEqualTo("arch and heel: roll (1/2)");
        assertThat(compiled.duration()).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void rejectsAZeroCapAndAHeatLimitAboveTheAbsoluteCeiling() {
        Routine routine = Routines.builtIn("bedtime");
        assertThatThrownBy(() -> RoutineCompiler.compile(routine, SHIATSU, Intensity.ZERO))
                .hasMessage("comfort cap 0 % would allow nothing (expected 1 to 100 %)");
        assertThatThrownBy(() -> RoutineCompiler.compile(routine, SHIATSU, Intensity.FULL, 44))
                .hasMessage("heat limit 44 °C is out of range (expected 20 to 43 °C)");
    }
}
