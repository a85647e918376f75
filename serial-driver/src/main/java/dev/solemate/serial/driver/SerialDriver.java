package dev.solemate.serial.driver;

import dev.solemate.driver.DeviceConnection;
import dev.solemate.driver.DeviceUri;
import dev.solemate.driver.DriverContext;
import dev.solemate.driver.MassagerDriver;
import dev.solemate.serial.discovery.SerialPorts;
import dev.solemate.serial.transport.JSerialCommTransport;
import dev.solemate.serial.transport.SerialSettings;
import dev.solemate.serial.transport.Transport;
import dev.solemate.serial.transport.TransportOpener;
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
        String target = uri.target();
        String path = SerialPorts.resolve(target); // at once, so that a wrong id fails the open with the ports that exist
        TransportOpener opener = target.startsWith("usb:") ? byUsbId(target, uri)
                : JSerialCommTransport.opener(SerialSettings.from(path, uri), SerialPorts::describeAll);
        LinkConnection connection = LinkConnection.open("serial:" + (target.startsWith("usb:") ? target : path), opener, link);
        ExitStops.track(connection);
        return connection;
    }

    /**
     * Opens whatever port carries the USB id now: after a re-enumeration (a replug, a hub reset) the
     * device may come back at another path, and the old path may be another device's.
     */
    private static TransportOpener byUsbId(String target, DeviceUri uri) {
        return new TransportOpener() {
            @Override
            public String describe() {
                return target;
            }

            @Override
            public Transport open() {
                return JSerialCommTransport.open(SerialSettings.from(SerialPorts.resolve(target), uri), SerialPorts::describeAll);
            }

            @Override
            public boolean looksAvailable() {
                try {
                    SerialPorts.resolve(target);
                    return true;
                } catch (RuntimeException e) {
                    return false;
                }
            }
        };
    }
}
