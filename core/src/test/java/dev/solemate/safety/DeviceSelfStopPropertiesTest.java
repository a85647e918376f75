package dev.solemate.safety;

import static org.assertj.core.api.Assertions.assertThat;

import dev.solemate.CommandResult;
import dev.solemate.MassagerEvent;
import dev.solemate.device.DeviceProfile;
import dev.solemate.device.DeviceProfiles;
import dev.solemate.device.Intensity;
import dev.solemate.device.Technique;
import dev.solemate.device.Zone;
import dev.solemate.driver.DeviceCommand;
import dev.solemate.sim.ExecutedCommand;
import dev.solemate.testing.VirtualRig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * Random commands mixed with the device stopping itself (faults, a runaway heater cut off by its
 * over-temperature protection): every request for zero reaches the device, nothing goes above the
 * cap, and actuation still ends by the session limit.
 *
 * <p>The rise rate is not checked here: a rise step still in transit when the device faults lands on
 * a stopped device, a jump the host cannot prevent (the per-rise check is in
 * {@link GovernorPropertiesTest} and {@link DeviceSelfStopTest}).
 */
class DeviceSelfStopPropertiesTest {

    enum Kind { ZONE, ZERO, HEAT, HEAT_OFF, STOP, FAULT, RUNAWAY }

    record Action(Kind kind, long gapMillis, int zoneSeed, int techniqueSeed, double percent, int celsius) {
    }

    record Scenario(String profile, double capPercent, int sessionMinutes, double riseRate, int latencyMillis,
                    List<Action> actions) {

        SafetyLimits limits() {
            return SafetyLimits.defaults().withComfortCap(Intensity.of(capPercent))
                    .withMaxSession(Duration.ofMinutes(sessionMinutes)).withRiseRate(riseRate);
        }
    }

    @Provide
    Arbitrary<Scenario> scenarios() {
        Arbitrary<Action> action = Combinators.combine(
                Arbitraries.frequencyOf(
                        Tuple.of(8, Arbitraries.just(Kind.ZONE)),
                        Tuple.of(3, Arbitraries.just(Kind.ZERO)),
                        Tuple.of(2, Arbitraries.just(Kind.HEAT)),
                        Tuple.of(1, Arbitraries.just(Kind.HEAT_OFF)),
                        Tuple.of(1, Arbitraries.just(Kind.STOP)),
                        Tuple.of(3, Arbitraries.just(Kind.FAULT)),
                        Tuple.of(1, Arbitraries.just(Kind.RUNAWAY))),
                Arbitraries.oneOf(Arbitraries.longs().between(0, 2_000), Arbitraries.longs().between(0, 240_000)),
                Arbitraries.integers().between(0, 99),
                Arbitraries.integers().between(0, 99),
                Arbitraries.oneOf(Arbitraries.just(100.0), Arbitraries.doubles().between(1, 100)),
                Arbitraries.integers().between(35, 45))
                .as(Action::new);
        return Combinators.combine(
                Arbitraries.of(DeviceProfiles.builtIn().keySet().toArray(String[]::new)),
                Arbitraries.doubles().between(1, 100),
                Arbitraries.integers().between(1, 30),
                Arbitraries.doubles().between(1, 100),
                Arbitraries.integers().between(0, 40),
                action.list().ofMinSize(1).ofMaxSize(40))
                .as(Scenario::new);
    }

    @Property(tries = 200)
    void stopsAlwaysReachTheDeviceAndNothingExceedsTheCapOrTheSession(@ForAll("scenarios") Scenario scenario) {
        DeviceProfile profile = DeviceProfiles.builtIn(scenario.profile());
        SafetyLimits limits = scenario.limits();
        AtomicInteger faultsSeen = new AtomicInteger();
        try (VirtualRig rig = VirtualRig.open("profile=" + scenario.profile() + "&latency=" + scenario.latencyMillis() + "ms",
                limits)) {
            rig.massager.addListener(e -> {
                if (e instanceof MassagerEvent.DeviceFault) {
                    faultsSeen.incrementAndGet();
                }
            });
            long start = rig.now();
            List<Zone> zones = new ArrayList<>(profile.zones().keySet());
            for (Action action : scenario.actions()) {
                rig.advance(Duration.ofMillis(action.gapMillis()));
                Zone zone = zones.get(action.zoneSeed() % zones.size());
                List<Technique> techniques = new ArrayList<>(profile.techniques(zone));
                Technique technique = techniques.get(action.techniqueSeed() % techniques.size());
                try {
                    switch (action.kind()) {
                        case ZONE -> rig.massager.setZone(zone, technique, Intensity.of(action.percent()));
                        case ZERO -> {
                            CompletableFuture<CommandResult> zero = rig.massager.setZone(zone, technique, Intensity.ZERO);
                            rig.advance(Duration.ofMillis(scenario.latencyMillis()));
                            rig.await(zero::isDone, "the zero request to be answered");
                            assertThat(rig.device.zone(zone).level()).as("%s after a request for zero", zone.id()).isZero();
                        }
                        case HEAT -> rig.massager.setHeat(action.celsius());
                        case HEAT_OFF -> rig.massager.heatOff();
                        case STOP -> rig.massager.stop();
                        case FAULT -> {
                            // The device's report reaches the host before the next command; the
                            // window in between is the driver's latency, not the governor's.
                            int before = faultsSeen.get();
                            rig.device.fault("E1", "injected");
                            rig.await(() -> faultsSeen.get() > before, "the fault to reach the massager");
                        }
                        case RUNAWAY -> {
                            if (profile.hasHeat()) {
                                rig.device.heaterRunaway();
                            }
                        }
                        default -> throw new AssertionError(action);
                    }
                } catch (SafetyLimitException | IllegalArgumentException refused) {
                    // Refused (session used up, heat below the range): what matters is what reached the device.
                }
            }
            long sessionLimit = Math.min(limits.maxSession().toNanos(), profile.maxSession().toNanos());
            rig.advance(Duration.ofNanos(sessionLimit).plusMinutes(1));

            List<ExecutedCommand> executed = rig.device.executed();
            int capLevel = profile.capLevel(limits.comfortCap());
            for (ExecutedCommand e : executed) {
                if (e.command() instanceof DeviceCommand.SetZone z) {
                    assertThat(z.level()).as("level at %s", e).isLessThanOrEqualTo(capLevel);
                } else if (e.command() instanceof DeviceCommand.SetHeat h) {
                    assertThat(h.celsius()).as("heat at %s", e).isLessThanOrEqualTo(40);
                }
            }
            GovernorPropertiesTest.assertNoSessionLongerThan(executed, start, sessionLimit,
                    limits.restBeforeNewSession().toNanos());
            assertThat(rig.device.isAtZero()).as("actuation ended by the session limit").isTrue();
        }
    }
}
