package dev.solemate.safety;

import static org.assertj.core.api.Assertions.assertThat;

import dev.solemate.device.DeviceProfile;
import dev.solemate.device.DeviceProfiles;
import dev.solemate.device.Intensity;
import dev.solemate.device.Technique;
import dev.solemate.device.Zone;
import dev.solemate.driver.DeviceCommand;
import dev.solemate.player.Playback;
import dev.solemate.player.PlaybackEnding;
import dev.solemate.player.PlaybackOptions;
import dev.solemate.player.PlaybackResult;
import dev.solemate.player.RoutinePlayer;
import dev.solemate.sim.ExecutedCommand;
import dev.solemate.testing.CompiledRoutineBuilder;
import dev.solemate.testing.VirtualRig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * For random command streams from a careless caller (random zones, techniques, levels, heat, gaps
 * and limits) against a simulated device on a virtual clock, what the device actually executed
 * never breaks a safety rule.
 */
class GovernorPropertiesTest {

    enum Kind { ZONE, HEAT, HEAT_OFF, STOP }

    /** One call: after {@code gapMillis}, a zone, heat or stop command. Seeds pick a zone/technique. */
    record Action(Kind kind, long gapMillis, int zoneSeed, int techniqueSeed, boolean anyZone, double percent, int celsius) {
    }

    record Scenario(String profile, double capPercent, int heatLimit, int sessionMinutes, double riseRate,
                    int latencyMillis, List<Action> actions) {

        SafetyLimits limits() {
            return SafetyLimits.defaults().withComfortCap(Intensity.of(capPercent)).withHeatLimit(heatLimit)
                    .withMaxSession(Duration.ofMinutes(sessionMinutes)).withRiseRate(riseRate);
        }
    }

    @Provide
    Arbitrary<Scenario> scenarios() {
        Arbitrary<Action> action = Combinators.combine(
                Arbitraries.frequencyOf(
                        Tuple.of(8, Arbitraries.just(Kind.ZONE)),
                        Tuple.of(2, Arbitraries.just(Kind.HEAT)),
                        Tuple.of(1, Arbitraries.just(Kind.HEAT_OFF)),
                        Tuple.of(1, Arbitraries.just(Kind.STOP))),
                Arbitraries.oneOf(Arbitraries.longs().between(0, 2_000), Arbitraries.longs().between(0, 240_000)),
                Arbitraries.integers().between(0, 99),
                Arbitraries.integers().between(0, 99),
                Arbitraries.frequency(Tuple.of(1, true), Tuple.of(9, false)),
                Arbitraries.oneOf(Arbitraries.just(0.0), Arbitraries.just(100.0), Arbitraries.doubles().between(0, 100)),
                Arbitraries.integers().between(20, 50))
                .as(Action::new);
        return Combinators.combine(
                Arbitraries.of(DeviceProfiles.builtIn().keySet().toArray(String[]::new)),
                Arbitraries.doubles().between(1, 100),
                Arbitraries.integers().between(20, SafetyLimits.ABSOLUTE_HEAT_CEILING_CELSIUS),
                Arbitraries.integers().between(1, 30),
                Arbitraries.doubles().between(1, 100),
                Arbitraries.integers().between(0, 40),
                action.list().ofMinSize(1).ofMaxSize(40))
                .as(Scenario::new);
    }

    @Property(tries = 400)
    void theDeviceNeverBreaksASafetyRule(@ForAll("scenarios") Scenario scenario) {
        DeviceProfile profile = DeviceProfiles.builtIn(scenario.profile());
        SafetyLimits limits = scenario.limits();
        try (VirtualRig rig = VirtualRig.open("profile=" + scenario.profile() + "&latency=" + scenario.latencyMillis() + "ms",
                limits)) {
            long start = rig.now();
            for (Action action : scenario.actions()) {
                rig.advance(Duration.ofMillis(action.gapMillis()));
                perform(rig, profile, action);
            }
            long sessionLimit = Math.min(limits.maxSession().toNanos(), profile.maxSession().toNanos());
            rig.advance(Duration.ofNanos(sessionLimit).plusMinutes(1));
            List<ExecutedCommand> executed = rig.device.executed();

            int capLevel = profile.capLevel(limits.comfortCap());
            int heatLimit = Math.min(limits.heatLimitCelsius(), profile.heat().map(h -> h.maxCelsius()).orElse(0));
            for (ExecutedCommand e : executed) {
                if (e.command() instanceof DeviceCommand.SetZone z) {
                    assertThat(z.level()).as("level at %s", e).isLessThanOrEqualTo(capLevel);
                } else if (e.command() instanceof DeviceCommand.SetHeat h) {
                    assertThat(h.celsius()).as("heat at %s", e).isLessThanOrEqualTo(heatLimit);
                }
            }
            assertNoSessionLongerThan(executed, start, sessionLimit, limits.restBeforeNewSession().toNanos());
            assertNoRiseFasterThanTheRate(executed, riseIntervalNanos(profile, limits));
            assertThat(rig.device.isAtZero()).as("actuation ended by the session limit").isTrue();
        }
    }

    /** A random routine (steps, zone levels up to the device's top level, heat) played at a random speed. */
    record RandomRoutine(String profile, double capPercent, int sessionMinutes, double speed, List<Integer> stepSeconds,
                         List<Action> commands) {
    }

    @Provide
    Arbitrary<RandomRoutine> routines() {
        Arbitrary<Action> command = Combinators.combine(
                Arbitraries.frequencyOf(
                        Tuple.of(8, Arbitraries.just(Kind.ZONE)),
                        Tuple.of(1, Arbitraries.just(Kind.HEAT)),
                        Tuple.of(1, Arbitraries.just(Kind.HEAT_OFF))),
                Arbitraries.longs().between(0, 1_000_000),
                Arbitraries.integers().between(0, 99),
                Arbitraries.integers().between(0, 99),
                Arbitraries.just(false),
                Arbitraries.doubles().between(0, 1),
                Arbitraries.integers().between(35, 45))
                .as(Action::new);
        return Combinators.combine(
                Arbitraries.of(DeviceProfiles.builtIn().keySet().toArray(String[]::new)),
                Arbitraries.doubles().between(1, 100),
                Arbitraries.integers().between(1, 30),
                Arbitraries.of(1.0, 10.0, 60.0),
                Arbitraries.integers().between(1, 300).list().ofMinSize(1).ofMaxSize(12),
                command.list().ofMaxSize(60))
                .as(RandomRoutine::new);
    }

    @Property(tries = 200)
    void aRoutinePlayedThroughTheGovernorNeverBreaksASafetyRuleAndEndsAtZero(@ForAll("routines") RandomRoutine random) {
        DeviceProfile profile = DeviceProfiles.builtIn(random.profile());
        SafetyLimits limits = SafetyLimits.defaults().withComfortCap(Intensity.of(random.capPercent()))
                .withMaxSession(Duration.ofMinutes(random.sessionMinutes()));
        CompiledRoutineBuilder builder = CompiledRoutineBuilder.routine("random", profile);
        long total = 0;
        for (int seconds : random.stepSeconds()) {
            builder.step("step", Duration.ofSeconds(seconds));
            total += seconds * 1_000_000_000L;
        }
        List<Zone> zones = new ArrayList<>(profile.zones().keySet());
        for (Action a : random.commands()) {
            Duration at = Duration.ofNanos(a.gapMillis() * total / 1_000_000);
            if (a.kind() == Kind.ZONE) {
                Zone zone = zones.get(a.zoneSeed() % zones.size());
                List<Technique> techniques = new ArrayList<>(profile.techniques(zone));
                builder.zone(at, zone, techniques.get(a.techniqueSeed() % techniques.size()),
                        (int) Math.round(a.percent() * profile.intensitySteps()));
            } else if (a.kind() == Kind.HEAT && profile.hasHeat()) {
                builder.heat(at, Math.max(profile.heat().get().minCelsius(), Math.min(a.celsius(), profile.heat().get().maxCelsius())));
            } else if (profile.hasHeat()) {
                builder.heatOff(at);
            }
        }
        try (VirtualRig rig = VirtualRig.open("profile=" + random.profile(), limits)) {
            long start = rig.now();
            Playback playback = RoutinePlayer.start(rig.massager, builder.build(),
                    PlaybackOptions.defaults().withSpeed(random.speed()), event -> { });
            rig.advance(Duration.ofNanos((long) (total / random.speed())).plusSeconds(1));
            PlaybackResult result = rig.awaitEnd(playback);

            long sessionLimit = Math.min(limits.maxSession().toNanos(), profile.maxSession().toNanos());
            List<ExecutedCommand> executed = rig.device.executed();
            int capLevel = profile.capLevel(limits.comfortCap());
            assertThat(executed).allMatch(e -> !(e.command() instanceof DeviceCommand.SetZone z) || z.level() <= capLevel,
                    "no level above the cap");
            assertThat(executed).allMatch(e -> !(e.command() instanceof DeviceCommand.SetHeat h) || h.celsius() <= 40,
                    "no heat above 40 °C");
            assertNoSessionLongerThan(executed, start, sessionLimit, limits.restBeforeNewSession().toNanos());
            assertNoRiseFasterThanTheRate(executed, riseIntervalNanos(profile, limits));
            assertThat(rig.device.isAtZero()).as("at zero after %s", result).isTrue();
            assertThat(result.ending()).as(result.reason()).isIn(PlaybackEnding.COMPLETED,
                    PlaybackEnding.FAILED);
            if (result.ending() == PlaybackEnding.FAILED) {
                assertThat(result.reason()).startsWith("session limit");
            }
        }
    }

    private static void perform(VirtualRig rig, DeviceProfile profile, Action action) {
        try {
            switch (action.kind()) {
                case ZONE -> {
                    List<Zone> zones = action.anyZone() ? List.of(Zone.values()) : new ArrayList<>(profile.zones().keySet());
                    Zone zone = zones.get(action.zoneSeed() % zones.size());
                    List<Technique> techniques = action.anyZone() || !profile.hasZone(zone)
                            ? List.of(Technique.values()) : new ArrayList<>(profile.techniques(zone));
                    Technique technique = techniques.get(action.techniqueSeed() % techniques.size());
                    rig.massager.setZone(zone, technique, Intensity.of(action.percent()));
                }
                case HEAT -> rig.massager.setHeat(action.celsius());
                case HEAT_OFF -> rig.massager.heatOff();
                case STOP -> rig.massager.stop();
                default -> throw new AssertionError(action);
            }
        } catch (SafetyLimitException | IllegalArgumentException refused) {
            // A careless caller is refused; what matters is what reached the device.
        }
    }

    /** Replays the device's activity: no session (activity without a full rest between) runs longer than the limit. */
    static void assertNoSessionLongerThan(List<ExecutedCommand> executed, long start, long limit, long rest) {
        Map<Zone, Integer> levels = new EnumMap<>(Zone.class);
        boolean heat = false;
        long activeSince = -1;
        long idleSince = start - rest;
        long used = 0;
        for (ExecutedCommand e : executed) {
            if (e.command() instanceof DeviceCommand.SetZone z) {
                levels.put(z.zone(), z.level());
            } else if (e.command() instanceof DeviceCommand.SetHeat) {
                heat = true;
            } else if (e.command() instanceof DeviceCommand.HeatOff) {
                heat = false;
            } else {
                levels.clear();
                heat = false;
            }
            boolean active = heat || levels.values().stream().anyMatch(l -> l > 0);
            if (active && activeSince < 0) {
                if (e.atNanos() - idleSince >= rest) {
                    used = 0;
                }
                activeSince = e.atNanos();
            } else if (!active && activeSince >= 0) {
                used += e.atNanos() - activeSince;
                assertThat(used).as("session used at %s", e).isLessThanOrEqualTo(limit);
                activeSince = -1;
                idleSince = e.atNanos();
            }
        }
        assertThat(activeSince).as("still active at the end").isNegative();
    }

    /** Each zone rises one level at a time, and never sooner than the rise interval after its previous rise. */
    private static void assertNoRiseFasterThanTheRate(List<ExecutedCommand> executed, long interval) {
        Map<Zone, Integer> levels = new EnumMap<>(Zone.class);
        Map<Zone, Long> lastRise = new EnumMap<>(Zone.class);
        for (ExecutedCommand e : executed) {
            if (e.command() instanceof DeviceCommand.SetZone z) {
                int before = levels.getOrDefault(z.zone(), 0);
                if (z.level() > before) {
                    assertThat(z.level()).as("rise at %s", e).isEqualTo(before + 1);
                    Long last = lastRise.get(z.zone());
                    if (last != null) {
                        assertThat(e.atNanos() - last).as("time since the previous rise at %s", e)
                                .isGreaterThanOrEqualTo(interval);
                    }
                    lastRise.put(z.zone(), e.atNanos());
                }
                levels.put(z.zone(), z.level());
            } else if (e.command() instanceof DeviceCommand.StopAll) {
                levels.clear();
            }
        }
    }

    private static long riseIntervalNanos(DeviceProfile profile, SafetyLimits limits) {
        return (long) ((100.0 / profile.intensitySteps()) / limits.riseRatePercentPerSecond() * 1e9);
    }
}
