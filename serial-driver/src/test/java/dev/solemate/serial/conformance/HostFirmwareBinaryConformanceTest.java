package dev.solemate.serial.conformance;

import dev.solemate.serial.firmware.FirmwareDevice;

/** docs/protocol-binary.md against the reference firmware built for this machine (it speaks both dialects). */
class HostFirmwareBinaryConformanceTest extends BinaryConformance {

    @Override
    DeviceUnderTest startDevice() throws Exception {
        return FirmwareUnderTest.start(FirmwareDevice.Target.HOST);
    }
}
