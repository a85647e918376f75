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
import dev.solemate.player.Playback;
import dev.solemate.player.PlaybackOptions;
import dev.solemate.routine.CompiledRoutine;
import dev.solemate.safety.SafetyLimits;
import dev.solemate.sim.ExecutedCommand;
import dev.solemate.sim.SimDriver;
import dev.solemate.sim.SimulatedDevice;
import dev.solemate.testing.CompiledRoutineBuilder;
import dev.solemate.time.VirtualTimeline;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * The stop invariant on random interleavings, on the virtual timeline: manual commands, heat,
 * routine starts and switches, pauses and resumes, comfort changes, stops (of the massager and of
 * a playback), driver latencies, refused commands, lost acknowledgements, lost links, reconnects
 * (of the same unit, and of another one).
 * <ul>
 *   <li>After each stop returns, no non-zero command reaches the driver, nor takes effect on the
 *       device, until the caller issues something that may raise it again.</li>
 *   <li>No playback is left that nothing references: every playback ever started is done, or is
 *       the one the massager holds.</li>
 *   <li>Every future a caller got completes.</li>
 *   <li>After every run, a stop leaves the device at zero for good.</li>
 * </ul>
 * The device is the simulator, seen through a probe driver that records every command handed to
 * the driver with the stop window it arrived in.
 */
class StopInvariantPropertiesTest {

    private static final AtomicInteger NAMES = new AtomicInteger();
    private static final DeviceInfo OTHER_UNIT = new DeviceInfo(DeviceProfiles.builtIn("budget-2zone"), "sim-2", "SIM-OTHER");

    enum Kind { SET_ZONE, HEAT, HEAT_OFF, PLAY, PAUSE, RESUME, COMFORT, STOP, STOP_PLAYBACK, FAIL_NEXT, DROP_ACKS,
        DISCONNECT, RECONNECT, RECONNECT_OTHER }

    record Action(Kind kind, long gapMillis, int seed, double percent) {
    }

    record Scenario(int latencyMillis, List<Action> actions) {
    }

    @Provide
    Arbitrary<Scenario> scenarios() {
        Arbitrary<Action> action = Combinators.combine(
                Arbitraries.frequencyOf(
                        Tuple.of(6, Arbitraries.just(Kind.SET_ZONE)),
                        Tuple.of(2, Arbitraries.just(Kind.HEAT)),
                        Tuple.of(1, Arbitraries.just(Kind.HEAT_OFF)),
                        Tuple.of(4, Arbitraries.just(Kind.PLAY)),
                        Tuple.of(2, Arbitraries.just(Kind.PAUSE)),
                        Tuple.of(2, Arbitraries.just(Kind.RESUME)),
                        Tuple.of(2, Arbitraries.just(Kind.COMFORT)),
                        Tuple.of(5, Arbitraries.just(Kind.STOP)),
                        Tuple.of(2, Arbitraries.just(Kind.STOP_PLAYBACK)),
                        Tuple.of(1, Arbitraries.just(Kind.FAIL_NEXT)),
                        Tuple.of(1, Arbitraries.just(Kind.DROP_ACKS)),
                        Tuple.of(1, Arbitraries.just(Kind.DISCONNECT)),
                        Tuple.of(2, Arbitraries.just(Kind.RECONNECT)),
                        Tuple.of(1, Arbitraries.just(Kind.RECONNECT_OTHER))),
                Arbitraries.oneOf(Arbitraries.just(0L), Arbitraries.longs().between(0, 50),
                        Arbitraries.longs().between(0, 5_000)),
                Arbitraries.integers().between(0, 99),
                Arbitraries.doubles().between(0, 100))
                .as(Action::new);
        return Combinators.combine(Arbitraries.of(0, 1, 7, 40), action.list().ofMinSize(1).ofMaxSize(40))
                .as(Scenario::new);
    }

    @Property(tries = 300)
    void afterAStopNothingIssuedBeforeItReachesTheDevice(@ForAll("scenarios") Scenario scenario) {
        VirtualTimeline timeline = new VirtualTimeline(1_000_000_000_000L);
        String name = "inv-" + NAMES.incrementAndGet();
        Probe probe = new Probe();
        Massager massager = Massagers.open(probe, "sim:?name=" + name + "&latency=" + scenario.latencyMillis()
                + "ms&timeout=500ms", new MassagerOptions(SafetyLimits.defaults().withRiseRate(50), timeline));
        SimulatedDevice device = SimulatedDevice.named(name);
        List<Playback> started = new ArrayList<>();
        List<CompletableFuture<?>> futures = new ArrayList<>();
        List<long[]> windows = new ArrayList<>();
        try {
            for (Action a : scenario.actions()) {
                timeline.advance(Duration.ofMillis(a.gapMillis()));
                perform(a, massager, device, probe, started, futures, windows);
                assertNoOrphan(massager, started);
            }
            massager.stop("the end of the run");
            probe.windowOpen = true;
            windows.add(new long[] {device.executed().size(), Long.MAX_VALUE});
            device.dropAcks(false);
            if (!device.isLinked()) {
                device.reconnect();
                awaitQuiet(massager, timeline);
                massager.stop("the end of the run");
            }
            timeline.advance(Duration.ofMinutes(3));
            awaitQuiet(massager, timeline);

            assertThat(probe.violations).as("non-zero commands handed to the driver inside a stop window").isEmpty();
            List<ExecutedCommand> executed = device.executed();
            for (int i = 0; i < executed.size(); i++) {
                if (raises(executed.get(i).command())) {
                    for (long[] w : windows) {
                        assertThat(i >= w[0] && i < w[1]).as("%s (the device's command #%d) took effect inside the"
                                + " stop window from command #%d to #%d", executed.get(i), i, w[0], w[1]).isFalse();
                    }
                }
            }
            assertThat(device.isAtZero()).as("the device is at zero after the last stop").isTrue();
            assertThat(started).as("every playback ended").allMatch(Playback::isDone);
            assertThat(massager.playback()).isEmpty();
            for (CompletableFuture<?> f : futures) {
                awaitDone(f, timeline);
            }
        } finally {
            massager.close();
        }
    }

    private static void perform(Action a, Massager massager, SimulatedDevice device, Probe probe, List<Playback> started,
                                List<CompletableFuture<?>> futures, List<long[]> windows) {
        var profile = massager.profile();
        List<Zone> zones = List.copyOf(profile.zones().keySet());
        try {
            switch (a.kind()) {
                case SET_ZONE -> {
                    Zone zone = zones.get(a.seed() % zones.size());
                    List<Technique> techniques = List.copyOf(profile.techniques(zone));
                    Intensity intensity = Intensity.of(a.percent() < 10 ? 0 : a.percent());
                    raiseIntended(probe, windows, device, !intensity.isZero());
                    futures.add(massager.setZone(zone, techniques.get(a.seed() % techniques.size()), intensity));
                }
                case HEAT -> {
                    if (profile.heat().isPresent()) {
                        raiseIntended(probe, windows, device, true);
                        futures.add(massager.setHeat(profile.heat().get().minCelsius() + a.seed() % 5));
                    }
                }
                case HEAT_OFF -> futures.add(massager.heatOff());
                case PLAY -> {
                    raiseIntended(probe, windows, device, true);
                    Playback p = massager.play(routine(profile, a.seed()), PlaybackOptions.defaults().withSpeed(
                            1 + a.seed() % 3), e -> { });
                    started.add(p);
                    futures.add(p.completion());
                }
                case PAUSE -> massager.playback().ifPresent(Playback::pause);
                case RESUME -> massager.playback().ifPresent(p -> {
                    raiseIntended(probe, windows, device, p.isPaused());
                    p.resume();
                });
                case COMFORT -> futures.add(massager.setComfortCap(Intensity.of(Math.max(1, a.percent()))));
                case STOP -> {
                    futures.add(massager.stop("stop " + a.seed()));
                    stopped(probe, windows, device);
                }
                case STOP_PLAYBACK -> massager.playback().ifPresent(p -> {
                    futures.add(p.stop());
                    stopped(probe, windows, device);
                });
                case FAIL_NEXT -> device.failNextCommands(1 + a.seed() % 2, "motor jammed");
                case DROP_ACKS -> device.dropAcks(a.seed() % 2 == 0);
                case DISCONNECT -> device.disconnect("cable pulled");
                case RECONNECT -> device.reconnect();
                case RECONNECT_OTHER -> {
                    if (device.isLinked()) {
                        device.disconnect("unit swapped");
                    }
                    device.reconnectAs(a.seed() % 2 == 0 ? OTHER_UNIT : device.info());
                }
            }
        } catch (IllegalStateException | IllegalArgumentException | dev.solemate.safety.SafetyLimitException e) {
            // Refused at once (a closed massager, a session used up, a setting the device lacks): nothing was sent.
        }
    }

    /** A caller issues something that may raise the device: the stop window (if open) closes now. */
    private static void raiseIntended(Probe probe, List<long[]> windows, SimulatedDevice device, boolean raises) {
        if (raises && probe.windowOpen) {
            probe.windowOpen = false;
            windows.get(windows.size() - 1)[1] = device.executed().size();
        }
    }

    /** A stop returned: nothing non-zero may reach the device until the caller raises it again. */
    private static void stopped(Probe probe, List<long[]> windows, SimulatedDevice device) {
        if (!probe.windowOpen) {
            probe.windowOpen = true;
            windows.add(new long[] {device.executed().size(), Long.MAX_VALUE});
        }
    }

    private static void assertNoOrphan(Massager massager, List<Playback> started) {
        Playback held = massager.playback().orElse(null);
        for (Playback p : started) {
            assertThat(p.isDone() || p == held).as("%s is playing but the massager does not hold it", p).isTrue();
        }
    }

    private static boolean raises(DeviceCommand command) {
        return command instanceof DeviceCommand.SetZone z ? z.level() > 0 : command instanceof DeviceCommand.SetHeat;
    }

    /** Two routines over every zone of the profile, long enough to be interrupted. */
    private static CompiledRoutine routine(dev.solemate.device.DeviceProfile profile, int seed) {
        CompiledRoutineBuilder b = CompiledRoutineBuilder.routine("r" + seed % 2, profile)
                .step("one", Duration.ofSeconds(4)).step("two", Duration.ofSeconds(4));
        int i = 0;
        for (Zone zone : profile.zones().keySet()) {
            Technique t = profile.techniques(zone).iterator().next();
            b.zone(Duration.ofMillis(500L * i), zone, t, 1 + (seed + i) % profile.intensitySteps());
            b.zone(Duration.ofSeconds(4).plusMillis(300L * i), zone, t, 1);
            i++;
        }
        profile.heat().ifPresent(h -> b.heat(Duration.ofSeconds(1), h.minCelsius()));
        return b.build();
    }

    /** Lets the event thread finish what it was handed (a reconnect, confirmations), running what falls due meanwhile. */
    private static void awaitQuiet(Massager massager, VirtualTimeline timeline) {
        for (int i = 0; i < 20; i++) {
            timeline.runDue();
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static void awaitDone(CompletableFuture<?> future, VirtualTimeline timeline) {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!future.isDone()) {
            timeline.advance(Duration.ofMillis(100));
            if (System.nanoTime() > deadline) {
                throw new AssertionError("a future never completed: " + future);
            }
            Thread.onSpinWait();
        }
    }

    /**
     * Opens the simulator and watches what the core hands its connection: a non-zero command
     * handed over while a stop window is open is a violation.
     */
    static final class Probe implements MassagerDriver {
        volatile boolean windowOpen;
        final List<DeviceCommand> violations = new CopyOnWriteArrayList<>();
        private final SimDriver sim = new SimDriver();

        @Override
        public Set<String> schemes() {
            return Set.of("sim");
        }

        @Override
        public String description() {
            return "the simulator, watched";
        }

        @Override
        public DeviceConnection connect(DeviceUri uri, DriverContext context) {
            DeviceConnection inner = sim.connect(uri, context);
            return new DeviceConnection() {
                @Override
                public DeviceInfo info() {
                    return inner.info();
                }

                @Override
                public CompletableFuture<Void> send(DeviceCommand command) {
                    if (windowOpen && raises(command)) {
                        violations.add(command);
                    }
                    return inner.send(command);
                }

                @Override
                public CompletableFuture<Void> stopAll() {
                    return inner.stopAll();
                }

                @Override
                public void setListener(Listener listener) {
                    inner.setListener(listener);
                }

                @Override
                public void close() {
                    inner.close();
                }
            };
        }
    }
}
