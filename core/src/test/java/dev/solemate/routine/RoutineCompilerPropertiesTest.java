package dev.solemate.routine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.solemate.device.DeviceProfile;
import dev.solemate.device.DeviceProfiles;
import dev.solemate.device.Intensity;
import dev.solemate.device.Technique;
import dev.solemate.device.Zone;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import dev.solemate.safety.SafetyLimits;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * For random routines, devices, comfort caps and heat limits, the compiled sequence never exceeds
 * the cap or the heat limit, is sorted, holds only changes, only uses what the device has, and
 * ends with every zone at zero and the heater off.
 */
class RoutineCompilerPropertiesTest {

    @Property(tries = 300)
    void compiledRoutinesStayUnderEveryLimitAndEndAtZero(
            @ForAll("routines") Routine routine,
            @ForAll("profiles") DeviceProfile profile,
            @ForAll @IntRange(min = 1, max = 100) int capPercent,
            @ForAll @IntRange(min = 20, max = 43) int heatLimit) {
        Intensity cap = Intensity.of(capPercent);
        CompiledRoutine compiled = RoutineCompiler.compile(routine, profile, cap, heatLimit);
        int capLevel = profile.capLevel(cap);
        int maxHeat = profile.heat().map(h -> Math.min(h.maxCelsius(), heatLimit)).orElse(0);

        Duration previous = Duration.ZERO;
        Map<Zone, TimedCommand.SetZone> lastPerZone = new EnumMap<>(Zone.class);
        int heat = 0;
        for (TimedCommand command : compiled.commands()) {
            assertThat(command.at()).isGreaterThanOrEqualTo(previous).isLessThanOrEqualTo(routine.duration());
            previous = command.at();
            if (command instanceof TimedCommand.SetZone set) {
                assertThat(set.level()).as("level of %s", set).isLessThanOrEqualTo(capLevel);
                assertThat(set.steps()).isEqualTo(profile.intensitySteps());
                assertThat(profile.supports(set.zone(), set.technique())).as("%s supported", set).isTrue();
                TimedCommand.SetZone before = lastPerZone.get(set.zone());
                if (before == null) {
                    assertThat(set.level()).as("first command of a zone starts it").isPositive();
                } else {
                    assertThat(set.level() != before.level()
                            || (set.level() > 0 && set.technique() != before.technique()))
                            .as("%s after %s is a change", set, before).isTrue();
                    assertThat(set.at().minus(before.at())).as("gap before %s", set)
                            .isGreaterThanOrEqualTo(set.level() == 0 && set.at().equals(routine.duration())
                                    ? Duration.ZERO : RoutineCompiler.MIN_GAP);
                }
                lastPerZone.put(set.zone(), set);
            } else if (command instanceof TimedCommand.SetHeat set) {
                assertThat(set.celsius()).isLessThanOrEqualTo(maxHeat).isNotEqualTo(heat);
                assertThat(profile.heat().orElseThrow().contains(set.celsius())).isTrue();
                heat = set.celsius();
            } else {
                assertThat(heat).as("heat off only when on").isPositive();
                heat = 0;
            }
        }
        assertThat(heat).as("heater off at the end").isZero();
        assertThat(lastPerZone.values()).allSatisfy(last -> assertThat(last.level()).as("%s ends at zero", last.zone())
                .isZero());
        assertThat(compiled.steps()).hasSize(routine.plan().size());
    }

    @Provide
    Arbitrary<DeviceProfile> profiles() {
        return Arbitraries.of(new ArrayList<>(DeviceProfiles.builtIn().values()));
    }

    @Provide
    Arbitrary<Routine> routines() {
        Arbitrary<Block> block = Arbitraries.oneOf(step().map(s -> (Block) s), repeat());
        Arbitrary<List<Block>> blocks = block.list().ofMinSize(1).ofMaxSize(6)
                .filter(list -> Block.total(list).compareTo(Routine.MAX_DURATION) <= 0
                        && list.stream().mapToLong(Block::unrolledSteps).sum() <= Routine.MAX_UNROLLED_STEPS);
        return Combinators.combine(blocks, heat())
                .as((list, heat) -> new Routine("random", "", heat, list));
    }

    private Arbitrary<Block> repeat() {
        // Groups of steps, sometimes holding a nested group of steps.
        Arbitrary<Block> inner = Combinators.combine(Arbitraries.integers().between(1, 3),
                        step().list().ofMinSize(1).ofMaxSize(2))
                .as((times, steps) -> new Repeat(times, new ArrayList<>(steps)));
        Arbitrary<Block> entry = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(4, step().map(s -> (Block) s)), net.jqwik.api.Tuple.of(1, inner));
        return Combinators.combine(Arbitraries.integers().between(1, 4), entry.list().ofMinSize(1).ofMaxSize(3))
                .as((times, blocks) -> new Repeat(times, new ArrayList<>(blocks)));
    }

    private Arbitrary<Step> step() {
        Arbitrary<Duration> duration = Arbitraries.longs().between(1_000, 120_000).map(Duration::ofMillis);
        Arbitrary<Map<Zone, ZoneAction>> zones = Arbitraries.maps(Arbitraries.of(Zone.class), action()).ofMaxSize(4);
        Arbitrary<Optional<ZoneAction>> all = action().optional(0.3);
        Arbitrary<Optional<Heat>> heat = heat().optional(0.4);
        return Combinators.combine(duration, all, zones, heat)
                .as((d, a, z, h) -> new Step("step", d, a, z, h));
    }

    private Arbitrary<ZoneAction> action() {
        Arbitrary<Double> percent = Arbitraries.oneOf(
                Arbitraries.doubles().between(0, 100).ofScale(2),
                Arbitraries.of(0.0, 5.0, 20.0, 33.33, 50.0, 100.0));
        Arbitrary<Shape> constant = percent.map(p -> new Shape.Constant(Intensity.of(p)));
        Arbitrary<Shape> ramp = Combinators.combine(percent, percent)
                .as((a, b) -> new Shape.Ramp(Intensity.of(a), Intensity.of(b)));
        Arbitrary<Shape> pulse = Combinators.combine(percent, percent, Arbitraries.longs().between(1_000, 20_000))
                .as((a, b, p) -> new Shape.Pulse(Intensity.of(Math.min(a, b)), Intensity.of(Math.max(a, b)),
                        Duration.ofMillis(p)));
        return Combinators.combine(Arbitraries.of(Technique.class), Arbitraries.oneOf(constant, ramp, pulse))
                .as(ZoneAction::new);
    }

    private Arbitrary<Heat> heat() {
        return Arbitraries.oneOf(Arbitraries.just(Heat.OFF), Arbitraries.integers().between(20, 60).map(Heat::of));
    }

    @Property(tries = 200)
    void everyRoutineSurvivesAJsonRoundTrip(@ForAll("routines") Routine routine) {
        // The builder and the parser share one model: what Java code builds, a file can say exactly.
        String json = Routines.toJson(routine);
        assertThat(Routines.parse("round-trip.json", json)).isEqualTo(routine);
        assertThat(RoutineSchemaTest.schemaErrors(json)).as("schema errors in %s", json).isEmpty();
    }

    @Property(tries = 200)
    void compiledLevelsFollowABruteForceReference(@ForAll("routines") Routine routine,
                                                  @ForAll("profiles") DeviceProfile profile,
                                                  @ForAll @IntRange(min = 1, max = 100) int capPercent) {
        Intensity cap = Intensity.of(capPercent);
        CompiledRoutine compiled = RoutineCompiler.compile(routine, profile,
                CompileSettings.of(profile, cap, 40).withoutRiseShaping());
        long tick = RoutineCompiler.RESOLUTION.toMillis();
        Map<Zone, java.util.TreeMap<Long, TimedCommand.SetZone>> timeline = new EnumMap<>(Zone.class);
        for (TimedCommand command : compiled.commands()) {
            if (command instanceof TimedCommand.SetZone set) {
                timeline.computeIfAbsent(set.zone(), z -> new java.util.TreeMap<>()).put(set.at().toMillis(), set);
            }
        }
        for (Routine.PlannedStep planned : routine.plan()) {
            long start = planned.mark().start().toMillis();
            long length = planned.mark().duration().toMillis();
            for (Zone zone : profile.zones().keySet()) {
                Optional<ZoneAction> action = planned.step().actionFor(zone);
                Optional<Technique> technique = action.flatMap(
                        a -> TechniqueFallback.choose(a.technique(), profile.techniques(zone)));
                // The last tick of a step may be dropped in favour of the next step's command (latest wins).
                for (long at = 0; at + tick < length; at += tick) {
                    int expected = 0;
                    if (technique.isPresent()) {
                        Shape shape = action.get().intensity();
                        long sample = shape instanceof Shape.Pulse ? at : at + tick / 2;
                        double percent = shape.percentAt(Duration.ofMillis(sample), planned.mark().duration());
                        expected = Math.min(profile.capLevel(cap),
                                profile.levelOf(Intensity.of(Math.min(100, percent * capPercent / 100.0))));
                    }
                    var entry = timeline.getOrDefault(zone, new java.util.TreeMap<>()).floorEntry(start + at);
                    TimedCommand.SetZone state = entry == null ? null : entry.getValue();
                    int actual = state == null ? 0 : state.level();
                    assertThat(actual).as("%s at %d ms in %s", zone, start + at, planned.mark().name())
                            .isEqualTo(expected);
                    if (expected > 0) {
                        assertThat(state.technique()).isEqualTo(technique.get());
                    }
                }
            }
        }
    }

    @Property(tries = 200)
    void risesAreGradualNeverAboveTheTargetAndReachItWhenItHolds(
            @ForAll("routines") Routine routine,
            @ForAll("profiles") DeviceProfile profile,
            @ForAll @IntRange(min = 1, max = 100) int capPercent,
            @ForAll @IntRange(min = 1, max = 100) int riseRate) {
        SafetyLimits limits = SafetyLimits.defaults().withComfortCap(Intensity.of(capPercent)).withRiseRate(riseRate);
        CompileSettings settings = CompileSettings.of(profile, limits);
        List<TimedCommand> shaped = RoutineCompiler.compile(routine, profile, limits).commands();
        List<TimedCommand> targets = RoutineCompiler.compile(routine, profile, settings.withoutRiseShaping()).commands();
        long interval = settings.riseIntervalMillis(profile.intensitySteps());
        long end = routine.duration().toMillis();
        for (Zone zone : profile.zones().keySet()) {
            java.util.TreeMap<Long, TimedCommand.SetZone> actual = zoneTimeline(shaped, zone);
            java.util.TreeMap<Long, TimedCommand.SetZone> wanted = zoneTimeline(targets, zone);
            int level = 0;
            long lastRise = Long.MIN_VALUE / 4;
            for (TimedCommand.SetZone set : actual.values()) {
                long at = set.at().toMillis();
                if (set.level() > level) {
                    assertThat(set.level()).as("%s rises one level at a time", set).isEqualTo(level + 1);
                    assertThat(at - lastRise).as("%s waits the rise interval", set).isGreaterThanOrEqualTo(interval);
                    lastRise = at;
                }
                var target = wanted.floorEntry(at);
                assertThat(set.level()).as("%s not above the target", set)
                        .isLessThanOrEqualTo(target == null ? 0 : target.getValue().level());
                level = set.level();
            }
            for (var target : wanted.entrySet()) {
                Long next = wanted.higherKey(target.getKey());
                long until = next == null ? end : next;
                int goal = target.getValue().level();
                if (until - target.getKey() > goal * interval + RoutineCompiler.MIN_GAP.toMillis()) {
                    var reached = actual.floorEntry(until - 1);
                    assertThat(reached == null ? 0 : reached.getValue().level())
                            .as("%s reached by %d ms", target.getValue(), until).isEqualTo(goal);
                }
            }
        }
    }

    private static java.util.TreeMap<Long, TimedCommand.SetZone> zoneTimeline(List<TimedCommand> commands, Zone zone) {
        java.util.TreeMap<Long, TimedCommand.SetZone> timeline = new java.util.TreeMap<>();
        for (TimedCommand command : commands) {
            if (command instanceof TimedCommand.SetZone set && set.zone() == zone) {
                timeline.put(set.at().toMillis(), set);
            }
        }
        return timeline;
    }

    @Property(tries = 100)
    void compilingIsPure(@ForAll("routines") Routine routine,
                                                                 @ForAll("profiles") DeviceProfile profile) {
        assertThat(RoutineCompiler.compile(routine, profile).listing())
                .isEqualTo(RoutineCompiler.compile(routine, profile).listing());
    }
}
