package dev.solemate.serial.conformance;

import dev.solemate.serial.firmware.FirmwareDevice;

/** docs/protocol.md, rule by rule, against the reference firmware built for this machine. */
class HostFirmwareConformanceTest extends TextConformance {

    @Override
    DeviceUnderTest startDevice() throws Exception {
        return FirmwareUnderTest.start(FirmwareDevice.Target.HOST);
    }
}
