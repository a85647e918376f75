package dev.solemate.serial.conformance;

import dev.solemate.serial.firmware.Actuators;
import dev.solemate.serial.firmware.FirmwareDevice;
import java.time.Duration;
import java.util.List;

/**
 * The reference firmware (firmware/, docs/firmware.md): built for this machine, or the ATmega328P
 * image in simavr at 115200 baud. Each serves its own pseudo-terminal; {@link FirmwareDevice#start}
 * skips the test with the install line when the toolchain is missing (fails in CI).
 */
final class FirmwareUnderTest implements DeviceUnderTest {

    private final FirmwareDevice device;
    private final FirmwareDevice.Target target;

    private FirmwareUnderTest(FirmwareDevice device, FirmwareDevice.Target target) {
        this.device = device;
        this.target = target;
    }

    static FirmwareUnderTest start(FirmwareDevice.Target target) throws Exception {
        return new FirmwareUnderTest(FirmwareDevice.start(target), target);
    }

    /** The host target emulates a slow main loop; the simulated MCU runs its real one. */
    @Override
    public void slowMainLoop(Duration perLine) throws Exception {
        if (target != FirmwareDevice.Target.HOST) {
            DeviceUnderTest.unsupported("slowing its main loop down (the simulated MCU runs its real one)");
        }
        device.slowMainLoop(perLine);
    }

    @Override
    public String portPath() {
        return device.ptyPath();
    }

    @Override
    public void setTemperature(double celsius) throws Exception {
        device.setTemperature(celsius);
    }

    @Override
    public void pressButton(String name) throws Exception {
        device.pressButton(name);
    }

    /** From the firmware's ACT lines: the pin change that left every output at zero, stamped by the firmware. */
    @Override
    public long outputsZeroSince(Duration limit) throws InterruptedException {
        if (!device.actuators().awaitAllOff(limit)) {
            throw new AssertionError("the firmware's outputs are not at zero: " + device.actuators().levels());
        }
        List<Actuators.Change> changes = device.actuators().changes();
        return changes.isEmpty() ? Long.MIN_VALUE : changes.get(changes.size() - 1).monoNanos();
    }

    @Override
    public void close() throws Exception {
        device.close();
    }
}
