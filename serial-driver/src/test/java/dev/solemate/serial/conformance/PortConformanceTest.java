package dev.solemate.serial.conformance;

import dev.solemate.serial.firmware.FirmwareDevice;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;

/**
 * docs/protocol.md against a board that is not restarted between tests, as a maker's own board on a
 * serial port: {@code mvn -pl serial-driver -am test -Dtest=PortConformanceTest
 * -Dsurefire.failIfNoSpecifiedTests=false -Dsolemate.conformance.port=/dev/ttyUSB0}. The suite cannot
 * restart such a board, so before each test it waits out the watchdog of any session the previous test
 * left open; with your board, tests that need to set the temperature or press a button are skipped.
 *
 * <p>Without the property, the board is the reference firmware built for this machine, started once for
 * the whole class and kept running, so that every build proves the way a maker's board is tested
 * (the recovery between tests included), not only the fresh-device way of the other suites.
 */
class PortConformanceTest extends TextConformance {

    static final String PROPERTY = "solemate.conformance.port";

    /** The reference firmware standing in for a board of your own, started by the first test. */
    private static FirmwareUnderTest standIn;

    @Override
    DeviceUnderTest startDevice() throws Exception {
        String port = System.getProperty(PROPERTY);
        if (port != null && !port.isBlank()) {
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
        if (standIn == null) {
            standIn = FirmwareUnderTest.start(FirmwareDevice.Target.HOST);
        }
        return new KeptRunning(standIn);
    }

    @AfterAll
    static void stopStandIn() throws Exception {
        if (standIn != null) {
            standIn.close();
            standIn = null;
        }
    }

    /** A device that stays powered between tests: everything but closing goes to it. */
    private record KeptRunning(DeviceUnderTest board) implements DeviceUnderTest {

        @Override
        public String portPath() {
            return board.portPath();
        }

        @Override
        public void setTemperature(double celsius) throws Exception {
            board.setTemperature(celsius);
        }

        @Override
        public void pressButton(String name) throws Exception {
            board.pressButton(name);
        }

        @Override
        public long outputsZeroSince(Duration limit) throws Exception {
            return board.outputsZeroSince(limit);
        }

        @Override
        public void slowMainLoop(Duration perLine) throws Exception {
            board.slowMainLoop(perLine);
        }

        @Override
        public boolean sharedBetweenTests() {
            return true;
        }

        @Override
        public void close() {
            // kept running for the next test; stopStandIn ends it
        }
    }
}
