package dev.solemate.serial.conformance;

import java.time.Duration;
import org.junit.jupiter.api.Assumptions;

/**
 * A device the conformance suite speaks to: something that serves the Solemate protocol on a serial
 * port (a pseudo-terminal here) and can be started fresh for every test and stopped after it.
 *
 * <p>The suite only needs the port. The other methods drive what a protocol cannot: the temperature
 * the heater's sensor reads (for the cut-off, docs/protocol.md §5), a button (for {@code EVT BUTTON}),
 * and, on the emulator only, a main loop too slow for the line (to make the receive buffer overflow,
 * §9). A device that cannot do one of them skips the tests that need it ({@link #unsupported}).
 */
interface DeviceUnderTest extends AutoCloseable {

    /** The port a host opens, e.g. {@code /dev/pts/7}. */
    String portPath();

    /** Makes the heater's temperature sensor read {@code celsius} from now on. */
    default void setTemperature(double celsius) throws Exception {
        unsupported("setting the temperature");
    }

    /** Presses a button on the unit ({@code power}). */
    default void pressButton(String name) throws Exception {
        unsupported("pressing a button");
    }

    /**
     * When every output (motors, heater) last reached zero, on {@link System#nanoTime()}'s clock, as the
     * device itself saw it (not when a line about it arrived); waits up to {@code limit} for them to be
     * at zero. Fails if they are not.
     */
    default long outputsZeroSince(Duration limit) throws Exception {
        unsupported("observing its outputs");
        return 0;
    }

    /** Makes the main loop take {@code perLine} for every line, so that a stream fills the receive buffer. */
    default void slowMainLoop(Duration perLine) throws Exception {
        unsupported("slowing its main loop down");
    }

    /**
     * True when the device is not started fresh for each test (a board on a real port): the suite then
     * brings it back to its power-on state first, ending any open session by waiting out its watchdog.
     */
    default boolean sharedBetweenTests() {
        return false;
    }

    /** Skips the calling test: this device cannot be driven that way. */
    static void unsupported(String what) {
        Assumptions.abort("this device under test does not support " + what);
    }

    /** Stops the device and frees its port. */
    @Override
    void close() throws Exception;
}
