package dev.solemate.driver;

import java.util.Set;

/**
 * A driver for one family of devices, chosen by URI scheme, like a JDBC driver. Implementations
 * are found with {@link java.util.ServiceLoader}: list the class in
 * {@code META-INF/services/dev.solemate.driver.MassagerDriver} and put the jar on the class path.
 */
public interface MassagerDriver {

    /** The URI schemes this driver opens, e.g. {@code "serial"}; lower case. */
    Set<String> schemes();

    /** One line for people, e.g. {@code "USB and RS-232 serial ports (jSerialComm)"}. */
    String description();

    /**
     * Opens the device named by {@code uri}, performs any handshake and returns once the device is
     * known and at zero.
     *
     * @throws dev.solemate.MassagerException when the device cannot be opened; the message says why
     *     and what to do
     * @throws IllegalArgumentException when the URI is malformed; the message names the bad part
     */
    DeviceConnection connect(DeviceUri uri, DriverContext context);
}
