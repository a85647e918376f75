package dev.solemate.serial.conformance;

import dev.solemate.serial.emulator.EmulatorOptions;
import dev.solemate.serial.emulator.FirmwareEmulator;
import dev.solemate.serial.pty.SocatPair;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** The Java firmware emulator on one end of a socat pseudo-terminal pair; the suite opens the other end. */
final class EmulatorUnderTest implements DeviceUnderTest {

    private final Path dir;
    private final SocatPair socat;
    private final FirmwareEmulator emulator;
    private volatile long zeroedAt;

    private EmulatorUnderTest(Path dir, SocatPair socat, FirmwareEmulator emulator) {
        this.dir = dir;
        this.socat = socat;
        this.emulator = emulator;
        emulator.board().onZero(() -> zeroedAt = System.nanoTime());
    }

    /** Starts socat (skipping without it, failing under SOLEMATE_REQUIRE_TOOLS=true) and the emulator on its B end. */
    static EmulatorUnderTest start(String protocolId) throws Exception {
        Path dir = Files.createTempDirectory("solemate-conformance");
        SocatPair socat = SocatPair.start(dir);
        FirmwareEmulator emulator = FirmwareEmulator.start(socat.b().toString(), EmulatorOptions.defaults().withProtocol(protocolId));
        return new EmulatorUnderTest(dir, socat, emulator);
    }

    @Override
    public String portPath() {
        return socat.a().toString();
    }

    @Override
    public void setTemperature(double celsius) {
        emulator.board().setTemperature(celsius);
    }

    @Override
    public void pressButton(String name) {
        emulator.board().pressButton(name);
    }

    @Override
    public long outputsZeroSince(Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!emulator.board().isIdle()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the emulator's outputs are not at zero: " + emulator.board().status());
            }
            Thread.sleep(1);
        }
        return zeroedAt;
    }

    @Override
    public void slowMainLoop(Duration perLine) {
        emulator.faults().delayReplies(perLine);
    }

    @Override
    public void close() throws Exception {
        try {
            emulator.close();
            socat.close();
        } finally {
            Files.deleteIfExists(dir.resolve("A"));
            Files.deleteIfExists(dir.resolve("B"));
            Files.deleteIfExists(dir);
        }
    }
}
