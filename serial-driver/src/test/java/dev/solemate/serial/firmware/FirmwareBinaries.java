package dev.solemate.serial.firmware;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * The reference firmware's programs (firmware/, docs/firmware.md), built with {@code make -C firmware}
 * once per JVM. A test that needs a target calls {@link #require(FirmwareDevice.Target)}: it skips with
 * the install line when the toolchain is missing, or fails when SOLEMATE_REQUIRE_TOOLS=true (CI).
 */
public final class FirmwareBinaries {

    /** The Debian packages the AVR target and the simavr harness need. */
    public static final String APT_LINE = "apt-get install -y gcc-avr avr-libc binutils-avr simavr libsimavr-dev libelf-dev";

    private static final Object LOCK = new Object();
    private static Path built; // the firmware/ directory once make has run
    private static String buildFailure;
    private static boolean arduinoBuilt;

    private FirmwareBinaries() {
    }

    /** The host program ({@code --pty} or {@code --tcp HOST:PORT}). */
    public static Path hostProgram() {
        return require(FirmwareDevice.Target.HOST).resolve("build/host/solemate-fw-host");
    }

    /** The simavr harness. */
    public static Path simulator() {
        return require(FirmwareDevice.Target.SIMAVR).resolve("build/sim/solemate-sim");
    }

    /** The ATmega328P image for a baud rate (115200 or 1000000). */
    public static Path avrImage(int baud) {
        Path dir = require(FirmwareDevice.Target.SIMAVR);
        return dir.resolve(baud == 1_000_000 ? "build/avr-1m/solemate-fw.elf" : "build/avr/solemate-fw.elf");
    }

    /**
     * The Arduino sketch built as the Arduino IDE would ({@code make -C firmware arduino-check}, once per
     * JVM), against Debian's Arduino core; skips or fails without it.
     */
    public static Path arduinoImage() {
        Path dir = require(FirmwareDevice.Target.SIMAVR);
        if (!Files.isDirectory(Path.of("/usr/share/arduino/hardware/arduino/avr/cores/arduino"))) {
            missing("Debian's Arduino AVR core (apt-get install -y arduino-core-avr)");
        }
        synchronized (LOCK) {
            if (!arduinoBuilt) {
                run(dir, "arduino-check");
                arduinoBuilt = true;
            }
        }
        return dir.resolve("build/arduino/solemate.elf");
    }

    /**
     * Builds the firmware (once per JVM) and returns its directory, after checking that the tools
     * {@code target} needs are installed; skips or fails the calling test otherwise.
     */
    public static Path require(FirmwareDevice.Target target) {
        requireTool("make", "make");
        requireTool("cc", "gcc");
        if (target != FirmwareDevice.Target.HOST) {
            requireTool("avr-gcc", "gcc-avr avr-libc binutils-avr");
            if (!Files.exists(Path.of("/usr/include/simavr/sim_avr.h"))) {
                missing("simavr's headers (/usr/include/simavr/sim_avr.h)");
            }
        }
        Path dir = build();
        Path needed = dir.resolve(target == FirmwareDevice.Target.HOST ? "build/host/solemate-fw-host" : "build/sim/solemate-sim");
        if (!Files.isExecutable(needed)) {
            fail("make -C firmware did not build " + needed + "; run it by hand to see why");
        }
        return dir;
    }

    private static Path build() {
        synchronized (LOCK) {
            if (buildFailure != null) {
                fail(buildFailure);
            }
            if (built != null) {
                return built;
            }
            Path dir = firmwareDirectory();
            try {
                Files.createDirectories(dir.resolve("build"));
                // another JVM (a parallel module build) may be running make in the same directory
                try (FileChannel channel = FileChannel.open(dir.resolve("build/.lock"), StandardOpenOption.CREATE,
                        StandardOpenOption.WRITE);
                        FileLock ignored = channel.lock()) {
                    String failure = make(dir);
                    if (failure != null) {
                        buildFailure = failure;
                        fail(buildFailure);
                    }
                }
            } catch (IOException e) {
                buildFailure = "make -C " + dir + " could not run: " + e.getMessage();
                fail(buildFailure);
            }
            built = dir;
            return dir;
        }
    }

    private static void run(Path dir, String target) {
        try (FileChannel channel = FileChannel.open(dir.resolve("build/.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock ignored = channel.lock()) {
            String failure = make(dir, target);
            if (failure != null) {
                fail(failure);
            }
        } catch (IOException e) {
            fail("make -C " + dir + " " + target + " could not run: " + e.getMessage());
        }
    }

    /** Runs make; returns null, or what went wrong with its output. */
    private static String make(Path dir, String... targets) throws IOException {
        java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of("make", "-C", dir.toString()));
        command.addAll(java.util.List.of(targets));
        Process make = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] output = make.getInputStream().readAllBytes();
        try {
            if (!make.waitFor(5, TimeUnit.MINUTES) || make.exitValue() != 0) {
                return String.join(" ", command) + " failed:\n" + new String(output, StandardCharsets.UTF_8);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted while building the firmware";
        }
        return null;
    }

    /** firmware/ of this checkout: found from the working directory (a module's, or the root). */
    static Path firmwareDirectory() {
        Path p = Path.of("").toAbsolutePath();
        for (Path d = p; d != null; d = d.getParent()) {
            if (Files.exists(d.resolve("firmware/Makefile"))) {
                return d.resolve("firmware");
            }
        }
        fail("no firmware/Makefile in " + p + " or above it");
        return null;
    }

    private static void requireTool(String tool, String packages) {
        String path = System.getenv("PATH");
        if (path != null) {
            for (String dir : path.split(File.pathSeparator)) {
                if (new File(dir, tool).canExecute()) {
                    return;
                }
            }
        }
        missing(tool + " (Debian: " + packages + ")");
    }

    private static void missing(String what) {
        String hint = "the reference firmware needs " + what + "; install the toolchain: " + APT_LINE;
        if ("true".equals(System.getenv("SOLEMATE_REQUIRE_TOOLS"))) {
            fail(what + " is required because SOLEMATE_REQUIRE_TOOLS=true; " + hint);
        }
        Assumptions.abort(hint);
    }
}
