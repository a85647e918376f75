package dev.solemate.serial.conformance;

/** docs/protocol-binary.md against the Java firmware emulator speaking the binary dialect on a socat pair. */
class EmulatorBinaryConformanceTest extends BinaryConformance {

    @Override
    DeviceUnderTest startDevice() throws Exception {
        return EmulatorUnderTest.start("solemate-binary");
    }
}
