package dev.solemate.serial.firmware;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The reference firmware running as a device under test, on a pseudo-terminal a host opens with
 * {@code Massagers.open("serial:" + device.ptyPath())}:
 *
 * <pre>{@code
 * try (FirmwareDevice device = FirmwareDevice.start(FirmwareDevice.Target.SIMAVR)) {
 *     Massager m = Massagers.open("serial:" + device.ptyPath());
 *     ...
 *     assertThat(device.actuators().awaitAllOff(Duration.ofSeconds(1))).isTrue();
 * }
 * }</pre>
 *
 * {@link #start} builds the firmware once per JVM ({@link FirmwareBinaries}) and skips the test with
 * the install line when the toolchain is missing (fails in CI).
 */
public final class FirmwareDevice implements AutoCloseable {

    /** Which build of the firmware runs. */
    public enum Target {
        /** The core compiled for this machine: fast, no simulator, an MCU whose main loop is infinitely fast. */
        HOST,
        /** The ATmega328P image at 115200 baud in simavr, in step with the wall clock. */
        SIMAVR,
        /** The ATmega328P image at 1,000,000 baud in simavr. */
        SIMAVR_1M,
        /** The Arduino sketch (firmware/arduino/solemate), built against Debian's Arduino core, in simavr. */
        ARDUINO
    }

    private final Target target;
    private final Process process;
    private final OutputStream control;
    private final String ptyPath;
    private final Actuators actuators = new Actuators();
    private final LinkedBlockingQueue<String> replies = new LinkedBlockingQueue<>();
    private final List<String> diagnostics = new ArrayList<>();

    private FirmwareDevice(Target target, Process process, String ptyPath) {
        this.target = target;
        this.process = process;
        this.control = process.getOutputStream();
        this.ptyPath = ptyPath;
    }

    /** Starts the firmware on a fresh pseudo-terminal. */
    public static FirmwareDevice start(Target target) throws IOException {
        return start(target, null);
    }

    /**
     * Starts the firmware with its pseudo-terminal also reachable at {@code link} (a symbolic link the
     * firmware removes when it ends, as a USB adapter's device file goes away when unplugged).
     */
    public static FirmwareDevice start(Target target, Path link) throws IOException {
        List<String> command = new ArrayList<>();
        if (target == Target.HOST) {
            command.add(FirmwareBinaries.hostProgram().toString());
            command.add("--pty");
        } else {
            command.add(FirmwareBinaries.simulator().toString());
            command.add(target == Target.ARDUINO ? FirmwareBinaries.arduinoImage().toString()
                    : FirmwareBinaries.avrImage(target == Target.SIMAVR_1M ? 1_000_000 : 115_200).toString());
        }
        if (link != null) {
            command.add("--link");
            command.add(link.toString());
        }
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.US_ASCII));
        CompletableFuture<String> first = CompletableFuture.supplyAsync(() -> {
            try {
                return out.readLine();
            } catch (IOException e) {
                return null;
            }
        });
        String line;
        try {
            line = first.get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            process.destroyForcibly();
            throw new IOException("the firmware (" + String.join(" ", command) + ") did not say its port within 10 s", e);
        }
        if (line == null || !line.startsWith("PTY ")) {
            process.destroyForcibly();
            throw new IOException("the firmware (" + String.join(" ", command) + ") said '" + line + "' (expected PTY <path>)");
        }
        FirmwareDevice device = new FirmwareDevice(target, process, line.substring(4).trim());
        Thread reader = new Thread(() -> device.readOutput(out), "firmware-output");
        reader.setDaemon(true);
        reader.start();
        return device;
    }

    private void readOutput(BufferedReader out) {
        try {
            for (String line; (line = out.readLine()) != null; ) {
                String[] t = line.split(" ");
                if (t[0].equals("ACT") && t.length >= 5) {
                    actuators.record(new Actuators.Change(t[1], Integer.parseInt(t[2]), Long.parseLong(t[3]),
                            Long.parseLong(t[4])));
                } else if (t[0].equals("STACK")) {
                    replies.add(line);
                } else {
                    synchronized (diagnostics) {
                        diagnostics.add(line);
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            // the process ended
        }
    }

    /** The serial port to open: {@code Massagers.open("serial:" + ptyPath())}. */
    public String ptyPath() {
        return ptyPath;
    }

    /** The outputs (motors, heater), live. */
    public Actuators actuators() {
        return actuators;
    }

    /** Sets the temperature the plate's sensor reads (the cut-off is at 46.0 °C). */
    public void setTemperature(double celsius) throws IOException {
        control(String.format(Locale.ROOT, "temp %.1f", celsius));
    }

    /** Presses a button on the unit ({@code power} or {@code mode}) for 50 ms. */
    public void pressButton(String button) throws IOException {
        control("button " + button);
    }

    /**
     * Emulates a slow main loop: the firmware answers one line per {@code perLine} while its receive
     * interrupt keeps filling the buffer, so a host that breaks flow control overflows it
     * (protocol.md §9). {@link Duration#ZERO} restores full speed. The host target only: the simulated
     * MCU runs its real main loop.
     *
     * @throws UnsupportedOperationException on a simavr target
     */
    public void slowMainLoop(java.time.Duration perLine) throws IOException {
        if (target != Target.HOST) {
            throw new UnsupportedOperationException("a slow main loop is emulated by the host target only, not by " + target);
        }
        control("slow " + perLine.toMillis());
    }

    /**
     * The stack's high-water mark in bytes, from the painted stack of the simulated MCU (simavr targets
     * only).
     */
    public int stackHighWater() throws IOException, InterruptedException {
        control("stack");
        String line = replies.poll(5, TimeUnit.SECONDS);
        if (line == null) {
            throw new IOException("the simulator did not report its stack (the host target has none to report)");
        }
        return Integer.parseInt(line.split(" ")[1]);
    }

    private synchronized void control(String line) throws IOException {
        control.write((line + "\n").getBytes(StandardCharsets.US_ASCII));
        control.flush();
    }

    /** True while the firmware runs. */
    public boolean isAlive() {
        return process.isAlive();
    }

    /** Ends the firmware at once (SIGKILL): a board losing power, its port gone. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(5, TimeUnit.SECONDS);
    }

    /** Ends the firmware: it removes its link and exits when its control input closes. */
    @Override
    public void close() throws InterruptedException {
        try {
            control.close();
        } catch (IOException e) {
            // already gone
        }
        if (!process.waitFor(2, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(5, TimeUnit.SECONDS);
        }
    }
}
