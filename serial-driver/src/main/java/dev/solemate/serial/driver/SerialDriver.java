package dev.solemate.serial.driver;

import dev.solemate.driver.DeviceConnection;
import dev.solemate.driver.DeviceUri;
import dev.solemate.driver.DriverContext;
import dev.solemate.driver.MassagerDriver;
import dev.solemate.serial.discovery.SerialPorts;
import dev.solemate.serial.transport.JSerialCommTransport;
import dev.solemate.serial.transport.SerialSettings;
import java.util.HashSet;
import java.util.Set;

/**
 * {@code serial:} devices on a local port through jSerialComm:
 * {@code serial:/dev/ttyUSB0?baud=115200&databits=8&parity=none&stopbits=1&protocol=solemate-text},
 * or by USB id: {@code serial:usb:1a86:7523}.
 */
public final class SerialDriver implements MassagerDriver {

    private static final Set<String> PARAMS;

    static {
        Set<String> p = new HashSet<>(LinkSettings.PARAMS);
        p.addAll(Set.of("baud", "databits", "parity", "stopbits"));
        PARAMS = Set.copyOf(p);
    }

    @Override
    public Set<String> schemes() {
        return Set.of("serial");
    }

    @Override
    public String description() {
        return "USB and RS-232 serial ports (jSerialComm), Solemate text or binary protocol";
    }

    @Override
    public DeviceConnection connect(DeviceUri uri, DriverContext context) {
        uri.requireOnly(PARAMS);
        LinkSettings link = LinkSettings.from(uri);
        String path = SerialPorts.resolve(uri.target());
        SerialSettings serial = SerialSettings.from(path, uri);
        LinkConnection connection = LinkConnection.open("serial:" + path,
                JSerialCommTransport.opener(serial, SerialPorts::describeAll), link, context.timeline());
        ExitStops.track(connection);
        return connection;
    }
}
