package dev.solemate.cli.exit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.solemate.cli.Main;
import dev.solemate.serial.emulator.EmulatorOptions;
import dev.solemate.serial.emulator.FirmwareEmulator;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * systemd, Docker and {@code kill} end a service with SIGTERM: the real-time stop byte must reach a
 * serial board within milliseconds, long before the board's own watchdog (1 s here) would stop it.
 * The real program runs in a child JVM against the firmware emulator on a real pseudo-terminal pair.
 */
@EnabledOnOs(OS.LINUX)
class SigtermStopsTheSerialDeviceTest {

    private static final Duration WATCHDOG = Duration.ofSeconds(1);
    private static final long WITHIN_MILLIS = 200;

    @TempDir
    Path dir;

    @RepeatedTest(3)
    @Timeout(60)
    void sigtermDuringARoutineSendsTheStopByteAtOnce() throws Exception {
        try (SerialPair pair = SerialPair.start(dir);
             FirmwareEmulator board = FirmwareEmulator.start(pair.board().toString(),
                     EmulatorOptions.defaults().withHeartbeat(WATCHDOG))) {
            long millis = stopMillisAfterSigterm(board, line -> line.startsWith("[00:00] step 1/"),
                    "run", "bedtime", "--plain", "--device", "serial:" + pair.host());
            assertThat(millis).as("milliseconds from SIGTERM to the board's real-time stop").isLessThan(WITHIN_MILLIS);
        }
    }

    @RepeatedTest(3)
    @Timeout(60)
    void sigtermToTheBridgeSendsTheStopByteAtOnce() throws Exception {
        SerialPair.require("mosquitto");
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        Path conf = dir.resolve("mosquitto.conf");
        Files.writeString(conf, "listener " + port + " 127.0.0.1\nallow_anonymous true\npersistence false\n");
        Process broker = new ProcessBuilder("mosquitto", "-c", conf.toString()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try (SerialPair pair = SerialPair.start(dir);
             FirmwareEmulator board = FirmwareEmulator.start(pair.board().toString(),
                     EmulatorOptions.defaults().withHeartbeat(WATCHDOG))) {
            waitForPort(port);
            long millis = stopMillisAfterSigterm(board, line -> line.contains(" Bridge '"),
                    "bridge", "--broker", "tcp://127.0.0.1:" + port, "--device", "bed=serial:" + pair.host());
            assertThat(millis).as("milliseconds from SIGTERM to the board's real-time stop").isLessThan(WITHIN_MILLIS);
        } finally {
            broker.destroy();
            broker.waitFor(5, TimeUnit.SECONDS);
        }
    }

    /** Starts the command, waits for {@code ready}, sends SIGTERM, returns how long until the board's next real-time stop. */
    private static long stopMillisAfterSigterm(FirmwareEmulator board, Predicate<String> ready, String... args)
            throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> command = new java.util.ArrayList<>(List.of(java.toString(), "-cp",
                System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        List<String> lines = new CopyOnWriteArrayList<>();
        AtomicLong stoppedAt = new AtomicLong();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null && !ready.test(line)) {
                lines.add(line);
            }
            assertThat(line).as("the command got ready; it printed:\n" + String.join("\n", lines)).isNotNull();
            long before = board.board().realtimeStops();
            board.board().onZero(() -> {
                if (board.board().realtimeStops() > before) {
                    stoppedAt.compareAndSet(0, System.nanoTime());
                }
            });
            long sent = System.nanoTime();
            process.toHandle().destroy(); // SIGTERM, as systemd and kill send it; the streams stay open
            while ((line = out.readLine()) != null) {
                lines.add(line);
            }
            assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
            while (stoppedAt.get() == 0 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertThat(stoppedAt.get()).as("the board saw a real-time stop after SIGTERM; the command printed:\n"
                    + String.join("\n", lines)).isPositive();
            assertThat(lines).as("what the command printed").noneMatch(l -> l.contains("made no progress"));
            long millis = TimeUnit.NANOSECONDS.toMillis(stoppedAt.get() - sent);
            System.out.println("SIGTERM to the board's real-time stop: " + millis + " ms (" + args[0] + ")");
            return millis;
        } finally {
            process.destroyForcibly();
        }
    }

    private static void waitForPort(int port) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (true) {
            try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
                return;
            } catch (IOException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(20);
            }
        }
    }
}
