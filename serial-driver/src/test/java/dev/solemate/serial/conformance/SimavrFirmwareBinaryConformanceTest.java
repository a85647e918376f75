package dev.solemate.serial.conformance;

import dev.solemate.serial.firmware.FirmwareDevice;

/** docs/protocol-binary.md against the reference firmware's ATmega328P image in simavr at 115200 baud. */
class SimavrFirmwareBinaryConformanceTest extends BinaryConformance {

    @Override
    DeviceUnderTest startDevice() throws Exception {
        return FirmwareUnderTest.start(FirmwareDevice.Target.SIMAVR);
    }
}
