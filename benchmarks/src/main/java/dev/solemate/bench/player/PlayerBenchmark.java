package dev.solemate.bench.player;

import dev.solemate.Massager;
import dev.solemate.MassagerOptions;
import dev.solemate.Massagers;
import dev.solemate.device.DeviceProfile;
import dev.solemate.device.DeviceProfiles;
import dev.solemate.device.Technique;
import dev.solemate.device.Zone;
import dev.solemate.driver.DeviceCommand;
import dev.solemate.player.Playback;
import dev.solemate.player.PlaybackEnding;
import dev.solemate.player.PlaybackOptions;
import dev.solemate.player.PlaybackResult;
import dev.solemate.player.RoutinePlayer;
import dev.solemate.routine.CompiledRoutine;
import dev.solemate.routine.RoutineCompiler;
import dev.solemate.routine.Routines;
import dev.solemate.routine.StepMark;
import dev.solemate.routine.TimedCommand;
import dev.solemate.safety.SafetyLimits;
import dev.solemate.sim.ExecutedCommand;
import dev.solemate.sim.SimulatedDevice;
import dev.solemate.time.SystemTimeline;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The player's scheduling error on the real clock, and the cost of loading, validating and
 * compiling {@code bedtime}. A plain harness (not JMH): the player's error is a property of a
 * 60-second run on a real clock, not of a hot loop.
 *
 * <ol>
 *   <li>Player: a routine of 100 commands a second for {@code seconds} (default 60) plays on
 *       {@code sim:} (no latency) on {@link SystemTimeline}; the error of each command is the time the
 *       simulated device executed it minus {@code origin + at}. Every command changes a zone's
 *       technique at a constant level, so the governor passes each one through at once.</li>
 *   <li>Baseline, in the same run: a bare {@link ScheduledExecutorService} scheduling the same
 *       times with no library code, measured the same way.</li>
 *   <li>Compile: read {@code bedtime.json} from the class path, parse and validate it, compile it
 *       for {@code shiatsu-4zone}; after a warm-up, the time per run.</li>
 * </ol>
 * Usage: {@code java -cp ... dev.solemate.bench.player.PlayerBenchmark [seconds]}
 */
public final class PlayerBenchmark {

    private static final int RATE_PER_SECOND = 100;
    private static final String PROFILE = "aircomp-5zone";

    private PlayerBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 60;
        System.out.println("# Player scheduling, " + seconds + " s at " + RATE_PER_SECOND + " commands/s");
        System.out.println();
        System.out.println("| what | commands | p50 ms | p99 ms | max ms |");
        System.out.println("|---|---:|---:|---:|---:|");
        // Warm-up: the same code paths, compiled by the JIT before anything is measured.
        runPlayer(Math.min(10, seconds), "bench-warm-up");
        runBaseline(Math.min(5, seconds));
        PlayerRun player = runPlayer(seconds, "bench");
        System.out.println(player.device.row("player on sim: (device executed - scheduled)"));
        System.out.println(player.wakeups.row("timeline wake-ups during that run (started - requested)"));
        System.out.println(runBaseline(seconds).row("baseline: bare ScheduledExecutorService"));
        System.out.println();
        compileBenchmark();
    }

    record PlayerRun(LatenessStats device, LatenessStats wakeups) {
    }

    static CompiledRoutine denseRoutine(DeviceProfile profile, int seconds) {
        // Zones with two techniques each; alternating technique at level 1 changes something every time.
        List<Zone> zones = List.of(Zone.TOES, Zone.BALL, Zone.ARCH);
        List<TimedCommand> commands = new ArrayList<>();
        int total = seconds * RATE_PER_SECOND;
        long stepNanos = 1_000_000_000L / RATE_PER_SECOND;
        for (int k = 0; k < total; k++) {
            Zone zone = zones.get(k % zones.size());
            List<Technique> techniques = new ArrayList<>(profile.techniques(zone));
            Technique technique = techniques.get((k / zones.size()) % 2);
            commands.add(new TimedCommand.SetZone(Duration.ofNanos(k * stepNanos), 0, zone, technique, 1,
                    profile.intensitySteps()));
        }
        Duration duration = Duration.ofSeconds(seconds);
        return new CompiledRoutine("dense", profile, duration, List.of(new StepMark(0, "dense", Duration.ZERO, duration)),
                commands, List.of());
    }

    static PlayerRun runPlayer(int seconds, String name) throws Exception {
        DeviceProfile profile = DeviceProfiles.builtIn(PROFILE);
        CompiledRoutine routine = denseRoutine(profile, seconds);
        RecordingTimeline timeline = new RecordingTimeline(SystemTimeline.shared(), routine.commands().size() * 4 + 10_000);
        MassagerOptions options = new MassagerOptions(SafetyLimits.defaults().withMaxSession(Duration.ofMinutes(20)), timeline);
        try (Massager massager = Massagers.open("sim:?profile=" + PROFILE + "&name=" + name + "&watchdog=0ms", options)) {
            SimulatedDevice device = SimulatedDevice.named(name);
            timeline.markNextSchedule();
            Playback playback = RoutinePlayer.start(massager, routine,
                    PlaybackOptions.defaults().withTickInterval(Duration.ofSeconds(1)), event -> { });
            PlaybackResult result = playback.completion().get(seconds + 30L, TimeUnit.SECONDS);
            if (result.ending() != PlaybackEnding.COMPLETED) {
                throw new IllegalStateException("the benchmark routine did not complete: " + result);
            }
            long origin = timeline.marked();
            List<ExecutedCommand> executed = device.executed().stream()
                    .filter(e -> e.command() instanceof DeviceCommand.SetZone).toList();
            if (executed.size() != routine.commands().size()) {
                throw new IllegalStateException("the device executed " + executed.size() + " of "
                        + routine.commands().size() + " commands");
            }
            long[] errors = new long[executed.size()];
            for (int i = 0; i < errors.length; i++) {
                errors[i] = executed.get(i).atNanos() - (origin + routine.commands().get(i).at().toNanos());
            }
            return new PlayerRun(LatenessStats.of(errors), LatenessStats.of(timeline.lateness()));
        }
    }

    static LatenessStats runBaseline(int seconds) throws InterruptedException {
        int total = seconds * RATE_PER_SECOND;
        long stepNanos = 1_000_000_000L / RATE_PER_SECOND;
        long[] errors = new long[total];
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "baseline");
            t.setDaemon(true);
            return t;
        });
        CountDownLatch done = new CountDownLatch(total);
        long origin = System.nanoTime() + 10_000_000;
        // Scheduled one at a time at absolute times, as the player does: each task schedules the next.
        scheduleBaseline(executor, origin, stepNanos, 0, errors, done);
        done.await(seconds + 30L, TimeUnit.SECONDS);
        executor.shutdownNow();
        return LatenessStats.of(errors);
    }

    private static void scheduleBaseline(ScheduledExecutorService executor, long origin, long stepNanos, int k,
                                         long[] errors, CountDownLatch done) {
        long at = origin + k * stepNanos;
        executor.schedule(() -> {
            errors[k] = System.nanoTime() - at;
            done.countDown();
            if (k + 1 < errors.length) {
                scheduleBaseline(executor, origin, stepNanos, k + 1, errors, done);
            }
        }, at - System.nanoTime(), TimeUnit.NANOSECONDS);
    }

    static void compileBenchmark() throws IOException {
        DeviceProfile profile = DeviceProfiles.builtIn("shiatsu-4zone");
        int warmup = 3_000;
        int measured = 5_000;
        long sink = 0;
        for (int i = 0; i < warmup; i++) {
            sink += loadValidateCompile(profile).commands().size();
        }
        long[] times = new long[measured];
        for (int i = 0; i < measured; i++) {
            long t0 = System.nanoTime();
            sink += loadValidateCompile(profile).commands().size();
            times[i] = System.nanoTime() - t0;
        }
        LatenessStats stats = LatenessStats.of(times);
        long first = coldRunNanos;
        if (sink == Long.MIN_VALUE) {
            // Uses the results so that the JIT cannot drop the work being measured.
            System.out.println("unreachable");
        }
        System.out.println("# Load, validate and compile bedtime for shiatsu-4zone (" + measured + " runs after "
                + warmup + " warm-up)");
        System.out.println();
        System.out.println("| what | runs | p50 ms | p99 ms | max ms |");
        System.out.println("|---|---:|---:|---:|---:|");
        System.out.println(stats.row("read bedtime.json + parse/validate + compile"));
        System.out.println(String.format(Locale.ROOT, "| first run in this JVM (cold) | 1 | %.3f | | |", first / 1e6));
    }

    private static long coldRunNanos;

    static {
        try {
            long t0 = System.nanoTime();
            loadValidateCompile(DeviceProfiles.builtIn("shiatsu-4zone"));
            coldRunNanos = System.nanoTime() - t0;
        } catch (IOException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private static CompiledRoutine loadValidateCompile(DeviceProfile profile) throws IOException {
        String text;
        try (InputStream in = Routines.class.getClassLoader().getResourceAsStream("dev/solemate/routines/bedtime.json")) {
            if (in == null) {
                throw new IOException("bedtime.json is not on the class path");
            }
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        return RoutineCompiler.compile(Routines.parse("bedtime.json", text), profile);
    }
}
