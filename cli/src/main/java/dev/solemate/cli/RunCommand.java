package dev.solemate.cli;

import dev.solemate.Massager;
import dev.solemate.cli.history.SessionEnding;
import dev.solemate.cli.history.SessionLog;
import dev.solemate.MassagerOptions;
import dev.solemate.Massagers;
import dev.solemate.device.Intensity;
import dev.solemate.player.Playback;
import dev.solemate.player.PlaybackOptions;
import dev.solemate.player.PlaybackResult;
import dev.solemate.player.RoutinePlayer;
import dev.solemate.routine.CompiledRoutine;
import dev.solemate.routine.Routine;
import dev.solemate.routine.RoutineCompiler;
import dev.solemate.routine.Routines;
import dev.solemate.safety.SafetyLimits;
import dev.solemate.secret.Redaction;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code solemate run ROUTINE|FILE}: validates and compiles a routine for the device, plays it with
 * visible progress, and leaves the device at zero however it ends.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Play a routine on a massager, with progress. Ctrl-C stops the device.",
        footerHeading = "%nExamples:%n",
        footer = {
            "  solemate run bedtime --speed 60                      the simulator, 60x faster (15 s)",
            "  solemate run my-evening.json --comfort 60           cap every zone at 60 %",
            "  solemate run bedtime --device serial:/dev/ttyUSB0   a USB massager",
        })
final class RunCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "ROUTINE|FILE", description = "A built-in routine (see 'solemate routines') or a routine file.")
    String routine;

    @Option(names = "--device", paramLabel = "URI", defaultValue = "sim:",
            description = "The massager: sim:, serial:/dev/ttyUSB0, tcp://host:port, mqtt://host/solemate/name (default: ${DEFAULT-VALUE}).")
    String device;

    @Option(names = "--speed", paramLabel = "N", defaultValue = "1",
            description = "Play N times faster, for demonstrations (0.01 to 1000; default: ${DEFAULT-VALUE}).")
    double speed;

    @Option(names = "--comfort", paramLabel = "PCT",
            description = "Your comfort cap: the routine is scaled to stay at or under PCT % (1 to 100).")
    Double comfort;

    @Option(names = "--plain", description = "One line per step even on a terminal.")
    boolean plain;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Routine selected = Routines.resolve(routine);
        PlaybackOptions playback = playbackOptions();
        SafetyLimits limits = SafetyLimits.defaults();
        if (comfort != null) {
            if (!(comfort >= 1 && comfort <= 100)) {
                throw new IllegalArgumentException("--comfort " + comfort + " is out of range (expected 1 to 100)");
            }
            limits = limits.withComfortCap(Intensity.of(comfort));
        }
        try (Massager massager = Massagers.open(device, MassagerOptions.defaults().withLimits(limits))) {
            CompiledRoutine compiled = RoutineCompiler.compile(selected, massager.profile(), massager.limits());
            out.printf("Playing %s (%s) on %s [%s]%s%n", compiled.name(), Durations.clock(compiled.duration()),
                    massager.profile().name(), Redaction.redact(device), speed == 1 ? "" : " at " + formatSpeed(speed) + "x");
            out.flush();
            for (String warning : compiled.warnings()) {
                err.println("warning: " + warning);
            }
            err.flush();
            boolean terminal = !plain && System.console() != null;
            ProgressView view = ProgressView.forOutput(out, new WarningPrinter(err, speed), terminal);
            Playback[] running = new Playback[1];
            PlaybackResult result;
            // Both signals are caught before the session is written, so that no end can go unrecorded.
            try (CtrlC ctrlC = new CtrlC(() -> stop(running));
                 CtrlC term = CtrlC.onTerminate(() -> stop(running))) {
                OffsetDateTime started = OffsetDateTime.now();
                SessionLog.Session session = SessionLog.beginQuietly(started, compiled.name(), device,
                        massager.profile().id());
                synchronized (running) {
                    running[0] = RoutinePlayer.start(massager, compiled, playback, view);
                    if (ctrlC.wasPressed() || term.wasPressed()) {
                        running[0].stop();
                    }
                }
                ScheduledExecutorService heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
                    Thread t = new Thread(r, "solemate-history-heartbeat");
                    t.setDaemon(true);
                    return t;
                });
                long every = SessionLog.HEARTBEAT.toMillis();
                heartbeat.scheduleAtFixedRate(() -> session.alive(played(running[0])), every, every, TimeUnit.MILLISECONDS);
                try {
                    result = running[0].completion().get();
                } finally {
                    heartbeat.shutdownNow();
                }
                if (term.wasPressed()) {
                    session.end(SessionEnding.TERMINATED, result.played(), "terminated (SIGTERM)");
                } else {
                    session.end(SessionEnding.of(result.ending()), result.played(), result.reason());
                }
                view.finish(result);
                if (term.wasPressed()) {
                    return ExitCodes.TERMINATED;
                }
                if (ctrlC.wasPressed()) {
                    return ExitCodes.INTERRUPTED;
                }
            }
            return switch (result.ending()) {
                case COMPLETED, STOPPED -> ExitCodes.OK;
                case FAILED, TERMINATED -> ExitCodes.FAILURE;
            };
        }
    }

    private static void stop(Playback[] running) {
        synchronized (running) {
            if (running[0] != null) {
                running[0].stop();
            }
        }
    }

    private static Duration played(Playback playback) {
        try {
            return playback.progress().elapsed();
        } catch (RuntimeException e) {
            return Duration.ZERO;
        }
    }

    private PlaybackOptions playbackOptions() {
        if (!(speed >= 0.01 && speed <= 1000)) {
            throw new IllegalArgumentException("--speed " + speed + " is out of range (expected 0.01 to 1000)");
        }
        // About four progress updates a second of wall time, whatever the speed.
        long tickMillis = Math.max(250, Math.round(250 * speed));
        return PlaybackOptions.defaults().withSpeed(speed).withTickInterval(Duration.ofMillis(tickMillis));
    }

    static String formatSpeed(double s) {
        return s == Math.rint(s) ? Long.toString((long) s) : Double.toString(s);
    }
}
