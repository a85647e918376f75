package dev.solemate.serial.conformance;

/** docs/protocol.md, rule by rule, against the Java firmware emulator on a socat pseudo-terminal pair. */
class EmulatorConformanceTest extends TextConformance {

    @Override
    DeviceUnderTest startDevice() throws Exception {
        return EmulatorUnderTest.start("solemate-text");
    }
}
