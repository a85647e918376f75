package dev.solemate.cli;

import dev.solemate.Massager;
import dev.solemate.MassagerEvent;
import dev.solemate.MassagerListener;
import dev.solemate.MassagerOptions;
import dev.solemate.Massagers;
import dev.solemate.cli.history.SessionEnding;
import dev.solemate.cli.history.SessionLog;
import dev.solemate.cli.output.Terminal;
import dev.solemate.device.Intensity;
import dev.solemate.driver.DeviceUri;
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
import dev.solemate.time.ScaledTimeline;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code solemate run ROUTINE|FILE}: validates and compiles a routine for the device, plays it with
 * visible progress, and leaves the device at zero however it ends; the last line says what is
 * known about that ({@link DeviceFacts}).
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Play a routine on a massager, with progress. Ctrl-C stops the device.",
        footerHeading = "%nExamples:%n",
        footer = {
            "  solemate run bedtime --speed 60                     the simulator, in 15 s",
            "  solemate run my-evening.json --comfort 60           every zone at most 60 %%",
            "  solemate run bedtime --device serial:/dev/ttyUSB0   a USB massager",
        })
final class RunCommand implements Callable<Integer> {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(RunCommand.class);

    /** The fastest speed at which the simulator runs on the routine's clock. */
    static final double FAST_SIMULATOR_MAX = 100;

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "ROUTINE|FILE", description = "A built-in routine (see 'solemate routines') or a routine file.")
    String routine;

    @Option(names = "--device", paramLabel = "URI", defaultValue = "sim:",
            description = "The massager: sim:, serial:/dev/ttyUSB0, tcp://host:port or mqtt://host/solemate/name"
                    + " (default: ${DEFAULT-VALUE}).")
    String device;

    @Option(names = "--speed", paramLabel = "N", defaultValue = "1",
            description = "Play N times faster, for demonstrations (0.01 to 1000; default: ${DEFAULT-VALUE}).")
    double speed;

    @Option(names = "--comfort", paramLabel = "PCT",
            description = "Your comfort cap: the routine is scaled to stay at or under PCT %% (1 to 100).")
    Double comfort;

    @Option(names = "--plain", description = "One line per step even on a terminal.")
    boolean plain;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Routine selected = Routines.resolve(routine);
        if (!(speed >= 0.01 && speed <= ScaledTimeline.MAX_SPEED)) {
            throw new IllegalArgumentException("--speed " + formatSpeed(speed) + " is out of range (expected 0.01 to 1000)");
        }
        SafetyLimits limits = SafetyLimits.defaults();
        if (comfort != null) {
            if (!(comfort >= 1 && comfort <= 100)) {
                throw new IllegalArgumentException("--comfort " + formatSpeed(comfort)
                        + " is out of range (expected 1 to 100)");
            }
            limits = limits.withComfortCap(Intensity.of(comfort));
        }
        // A simulator is not a foot: at a demo speed everything on it, the governor's gradual rise
        // included, follows the routine's clock. A real device keeps real-time limits (docs/safety.md).
        // Past 100x a millisecond of scheduling delay is a tenth of a routine second, enough to make
        // the governor see rises too early: there the player alone runs fast, as on a real device.
        DeviceUri uri = DeviceUri.parse(device);
        boolean fastSimulator = speed != 1 && speed <= FAST_SIMULATOR_MAX && uri.scheme().equals("sim");
        MassagerOptions options = MassagerOptions.defaults().withLimits(limits);
        String opened = device;
        if (fastSimulator) {
            options = options.withTimeline(new ScaledTimeline(speed));
            opened = withRealTimeLink(uri, speed);
        }
        double playbackSpeed = fastSimulator ? 1 : speed;
        try (Massager massager = Massagers.open(opened, options)) {
            CompiledRoutine compiled = RoutineCompiler.compile(selected, massager.profile(), massager.limits());
            LOG.debug("playing '{}' on {} (profile {}, firmware {}, serial number {}, watchdog {}) at {}x{}",
                    compiled.name(), Redaction.redact(opened), massager.profile().id(), massager.info().firmware(),
                    massager.info().serialNumber(), massager.watchdog().map(Object::toString).orElse("unknown"),
                    formatSpeed(speed), fastSimulator ? ", the simulator on the routine's clock" : "");
            out.printf("Playing %s (%s) on %s [%s]%s%n", compiled.name(), Durations.clock(compiled.duration()),
                    DeviceFacts.name(massager), Redaction.redact(device), speed == 1 ? "" : " at " + formatSpeed(speed) + "x");
            out.flush();
            for (String warning : compiled.warnings()) {
                err.println("warning: " + warning);
            }
            err.flush();
            boolean terminal = !plain && Terminal.isInteractive();
            ProgressView view = ProgressView.forOutput(out, new WarningPrinter(err, playbackSpeed, fastSimulator), terminal);
            AtomicReference<String> lostLink = new AtomicReference<>();
            MassagerListener linkWatch = event -> {
                if (event instanceof MassagerEvent.Disconnected d) {
                    lostLink.compareAndSet(null, d.reason());
                }
            };
            massager.addListener(linkWatch);
            PlaybackOptions playback = playbackOptions(playbackSpeed, speed);
            Playback[] running = new Playback[1];
            PlaybackResult result;
            // Both signals are caught before the session is written, so that no end can go unrecorded.
            try (CtrlC ctrlC = new CtrlC(() -> stop(running));
                 CtrlC term = CtrlC.onTerminate(() -> stop(running));
                 AutoCloseable resize = terminal ? Terminal.onResize(view::resized) : () -> { }) {
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
                massager.removeListener(linkWatch);
                LOG.debug("playback ended: {}", result);
                if (term.wasPressed()) {
                    session.end(SessionEnding.TERMINATED, result.played(), "terminated (SIGTERM)");
                } else {
                    session.end(SessionEnding.of(result.ending()), result.played(), result.reason());
                }
                // The playback may hear of a lost link before this listener does: its error says so too.
                String lost = lostLink.get() != null ? lostLink.get() : result.error()
                        .filter(e -> e instanceof dev.solemate.DeviceDisconnectedException)
                        .map(Throwable::getMessage).orElse(null);
                view.finish(RunSummary.describe(result, ctrlC.wasPressed(), lost, DeviceFacts.stopAndConfirm(massager)));
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

    /**
     * @param playback the player's speed (1 on a fast simulator, whose timeline is itself fast)
     * @param overall  how much faster than real time the routine plays
     */
    private static PlaybackOptions playbackOptions(double playback, double overall) {
        // About four progress updates a second of wall time, whatever the speed.
        long tickMillis = Math.max(250, Math.round(250 * overall));
        return PlaybackOptions.defaults().withSpeed(playback).withTickInterval(Duration.ofMillis(tickMillis));
    }

    /**
     * The simulator's link timing (its watchdog, 3 s, and the acknowledgement timeout, 2 s) is
     * about the host going silent, not about the routine: on a fast timeline it keeps its real-time
     * length, unless the URI sets it.
     */
    static String withRealTimeLink(DeviceUri uri, double speed) {
        StringBuilder text = new StringBuilder(uri.text());
        char separator = uri.text().contains("?") ? '&' : '?';
        if (uri.param("watchdog").isEmpty()) {
            text.append(separator).append("watchdog=").append(Math.round(3000 * speed)).append("ms");
            separator = '&';
        }
        if (uri.param("timeout").isEmpty()) {
            text.append(separator).append("timeout=").append(Math.round(2000 * speed)).append("ms");
        }
        return text.toString();
    }

    static String formatSpeed(double s) {
        return s == Math.rint(s) && Math.abs(s) < 1e15 ? Long.toString((long) s) : Double.toString(s);
    }
}
