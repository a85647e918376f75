package dev.solemate.serial.conformance;

import dev.solemate.serial.firmware.FirmwareDevice;

/**
 * docs/protocol.md, rule by rule, against the reference firmware's ATmega328P image running in simavr
 * at 115200 baud, with the UART's own timing.
 */
class SimavrFirmwareConformanceTest extends TextConformance {

    @Override
    DeviceUnderTest startDevice() throws Exception {
        return FirmwareUnderTest.start(FirmwareDevice.Target.SIMAVR);
    }
}
