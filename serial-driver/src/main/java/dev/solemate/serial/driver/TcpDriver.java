package dev.solemate.serial.driver;

import dev.solemate.driver.DeviceConnection;
import dev.solemate.driver.DeviceUri;
import dev.solemate.driver.DriverContext;
import dev.solemate.driver.MassagerDriver;
import dev.solemate.serial.transport.TcpTransport;

/**
 * {@code tcp://host:port} devices behind a network serial bridge (ser2net, ESP-link) or the
 * emulator's {@code --listen}: the same protocols as {@code serial:}, over a TCP socket.
 */
public final class TcpDriver implements MassagerDriver {

    @Override
    public java.util.Set<String> schemes() {
        return java.util.Set.of("tcp");
    }

    @Override
    public String description() {
        return "network serial bridges (ser2net, ESP-link) and the emulator over TCP, Solemate text or binary protocol";
    }

    @Override
    public DeviceConnection connect(DeviceUri uri, DriverContext context) {
        uri.requireOnly(LinkSettings.PARAMS);
        HostPort hp = HostPort.parse(uri.target(), uri.redacted());
        LinkSettings link = LinkSettings.from(uri);
        return LinkConnection.open("tcp://" + hp, TcpTransport.opener(hp.host(), hp.port(),
                (int) link.connectTimeout().toMillis()), link);
    }
}
