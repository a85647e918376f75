package dev.solemate.consumer;

import dev.solemate.Massager;
import dev.solemate.Massagers;
import dev.solemate.device.Intensity;
import dev.solemate.device.Technique;
import dev.solemate.device.Zone;
import dev.solemate.mqtt.MqttBridge;
import dev.solemate.player.PlaybackEnding;
import dev.solemate.player.PlaybackOptions;
import dev.solemate.player.PlaybackResult;
import dev.solemate.player.RoutinePlayer;
import dev.solemate.routine.CompiledRoutine;
import dev.solemate.routine.RoutineCompiler;
import dev.solemate.routine.Routines;
import dev.solemate.serial.emulator.EmulatorOptions;
import dev.solemate.serial.emulator.FirmwareEmulator;
import dev.solemate.sim.SimulatedDevice;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/**
 * What an application does with Solemate, checked step by step: a routine on {@code sim:}, a routine
 * on a {@code serial:} device (the firmware emulator across a socat pseudo-terminal pair), and an MQTT
 * bridge started from a YAML file with a massager driven through it by {@code mqtt:}. Any failure
 * throws; {@link #main} turns that into exit status 1.
 *
 * <p>It also checks where the library was loaded from ({@code class-path} or {@code module-path}), so
 * a run that was meant to exercise the module descriptors cannot pass on the class path by accident.
 */
public final class ConsumerCheck {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private ConsumerCheck() {
    }

    /** {@code ConsumerCheck class-path|module-path tcp://127.0.0.1:PORT} (a broker must be listening). */
    public static void main(String[] args) {
        if (args.length != 2) {
            System.err.println("usage: ConsumerCheck class-path|module-path BROKER_URL");
            System.exit(2);
        }
        try {
            run(args[0], args[1]);
        } catch (Exception | AssertionError e) {
            System.err.println("consumer check FAILED (" + args[0] + "): " + e);
            e.printStackTrace();
            System.exit(1);
        }
    }

    /** Runs every check; throws on the first that fails. */
    public static void run(String mode, String brokerUrl) throws Exception {
        checkLoadedFrom(mode);
        playOnSim();
        playOnSerial();
        bridgeOverMqtt(brokerUrl);
        System.out.println("consumer check passed on the " + mode);
    }

    private static void checkLoadedFrom(String mode) {
        Module core = Massagers.class.getModule();
        String where = core.isNamed() ? "module-path" : "class-path";
        check(where.equals(mode), "Solemate was loaded from the " + where + ", expected the " + mode);
        if (core.isNamed()) {
            check(core.getName().equals("dev.solemate.core"), "core's module is " + core.getName());
            check(ConsumerCheck.class.getModule().isNamed(), "the consumer itself is not a named module");
        }
        System.out.println("[" + mode + "] Solemate core: " + (core.isNamed() ? core.getDescriptor().toNameAndVersion() : "unnamed module")
                + ", drivers: " + Massagers.drivers().keySet());
    }

    /** sim: with a built-in routine (resources inside the core jar) played to the end. */
    private static void playOnSim() {
        try (Massager massager = Massagers.open("sim:?profile=shiatsu-4zone&name=consumer-sim")) {
            PlaybackResult result = play(massager, 120);
            check(SimulatedDevice.named("consumer-sim").isAtZero(), "sim: device not at zero after " + result.ending());
            System.out.println("sim: quick-unwind ended " + result.ending() + ", device at zero");
        }
    }

    /** serial: over a real pseudo-terminal pair, the firmware emulator on the other end. */
    private static void playOnSerial() throws Exception {
        if (!onPath("socat")) {
            check(!"true".equals(System.getenv("SOLEMATE_REQUIRE_TOOLS")), "socat is required (SOLEMATE_REQUIRE_TOOLS=true) but missing");
            System.out.println("serial: skipped, socat is not installed (apt-get install socat)");
            return;
        }
        Path dir = Files.createTempDirectory("solemate-consumer");
        Path host = dir.resolve("host");
        Path board = dir.resolve("board");
        Process socat = new ProcessBuilder("socat", "pty,raw,echo=0,link=" + host, "pty,raw,echo=0,link=" + board)
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            await(() -> Files.exists(host) && Files.exists(board), "socat made no pty pair in " + dir);
            try (FirmwareEmulator emulator = FirmwareEmulator.start(board.toString(), EmulatorOptions.defaults());
                 Massager massager = Massagers.open("serial:" + host)) {
                PlaybackResult result = play(massager, 60);
                await(() -> emulator.board().isIdle(), "the board is not idle after the routine");
                System.out.println("serial: quick-unwind ended " + result.ending() + " on " + massager.info().profile().id()
                        + ", board idle after " + emulator.board().executed().size() + " operations");
            }
        } finally {
            socat.destroy();
            if (!socat.waitFor(5, TimeUnit.SECONDS)) {
                socat.destroyForcibly();
            }
            deleteTree(dir);
        }
    }

    /** A bridge from a YAML file (Jackson's YAML module), a sim: behind it, driven through mqtt:. */
    private static void bridgeOverMqtt(String brokerUrl) throws Exception {
        Path config = Files.createTempFile("solemate-consumer-bridge", ".yaml");
        try {
            Files.writeString(config, """
                    broker:
                      url: %s
                    bridge:
                      base_topic: consumer
                    devices:
                      bedroom: "sim:?profile=shiatsu-4zone&name=consumer-bedroom"
                    """.formatted(brokerUrl));
            try (MqttBridge bridge = MqttBridge.start(config)) {
                check(bridge.awaitConnected(WAIT), "the bridge did not connect to " + brokerUrl);
                SimulatedDevice behindBridge = SimulatedDevice.named("consumer-bedroom");
                String remote = "mqtt://" + brokerUrl.substring(brokerUrl.indexOf("://") + 3) + "/consumer/bedroom";
                try (Massager massager = Massagers.open(remote)) {
                    massager.setZone(Zone.ARCH, Technique.KNEAD, Intensity.of(40)).get(WAIT.toSeconds(), TimeUnit.SECONDS);
                    await(() -> behindBridge.zone(Zone.ARCH).level() > 0, "the arch never moved behind the bridge");
                    massager.stop().get(WAIT.toSeconds(), TimeUnit.SECONDS);
                    await(behindBridge::isAtZero, "the device behind the bridge is not at zero after stop");
                }
                System.out.println("mqtt: bridge on " + brokerUrl + ", arch set and stopped through " + remote);
            }
        } finally {
            Files.deleteIfExists(config);
        }
    }

    private static PlaybackResult play(Massager massager, double speed) {
        CompiledRoutine routine = RoutineCompiler.compile(Routines.builtIn("quick-unwind"), massager.profile());
        PlaybackResult result = RoutinePlayer.start(massager, routine, PlaybackOptions.defaults().withSpeed(speed), event -> { })
                .completion().orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS).join();
        check(result.ending() == PlaybackEnding.COMPLETED, "the routine ended " + result.ending() + ", expected COMPLETED");
        return result;
    }

    private static void await(BooleanSupplier condition, String failure) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            check(System.nanoTime() < deadline, failure + " (waited " + WAIT.toSeconds() + " s)");
            Thread.sleep(20);
        }
    }

    private static void check(boolean condition, String failure) {
        if (!condition) {
            throw new AssertionError(failure);
        }
    }

    private static boolean onPath(String program) {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(java.io.File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
