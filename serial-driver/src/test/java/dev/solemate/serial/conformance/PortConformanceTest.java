package dev.solemate.serial.conformance;

import org.junit.jupiter.api.Assumptions;

/**
 * docs/protocol.md against a device of your own on a serial port:
 * {@code mvn -pl serial-driver -am test -Dtest=PortConformanceTest -Dsurefire.failIfNoSpecifiedTests=false
 * -Dsolemate.conformance.port=/dev/ttyUSB0}. The suite cannot restart your board, so before each test
 * it waits out the watchdog of any session the previous test left open; tests that need to set the
 * temperature or press a button are skipped. Skipped entirely without the property.
 */
class PortConformanceTest extends TextConformance {

    static final String PROPERTY = "solemate.conformance.port";

    @Override
    DeviceUnderTest startDevice() {
        String port = System.getProperty(PROPERTY);
        Assumptions.assumeTrue(port != null && !port.isBlank(), "no device of your own: -D" + PROPERTY + "=/dev/ttyUSB0 to test one");
        return new DeviceUnderTest() {
            @Override
            public String portPath() {
                return port;
            }

            @Override
            public boolean sharedBetweenTests() {
                return true;
            }

            @Override
            public void close() {
                // the board stays powered
            }
        };
    }
}
