package dev.solemate.mqtt.testing;

import dev.solemate.Massagers;
import dev.solemate.driver.DeviceCommand;
import dev.solemate.driver.DeviceConnection;
import dev.solemate.driver.DeviceEvent;
import dev.solemate.driver.DeviceInfo;
import dev.solemate.driver.DeviceUri;
import dev.solemate.driver.DriverContext;
import dev.solemate.driver.MassagerDriver;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A test-only driver for a device that acknowledges commands but does not report its status after
 * each one, as a serial device does: {@code quiet:?profile=shiatsu-4zone} is a simulated device
 * whose status reports never reach the host. The simulator's reports would otherwise show the
 * host every level the governor sends, and hide a state that does not follow acknowledgements.
 * Installed through the test class path's META-INF/services.
 */
public final class QuietDriver implements MassagerDriver {

    private static final AtomicInteger IDS = new AtomicInteger();

    /** A URI for a new quiet device. */
    public static String uri(String profile) {
        return "quiet:?profile=" + profile;
    }

    @Override
    public Set<String> schemes() {
        return Set.of("quiet");
    }

    @Override
    public String description() {
        return "test devices that acknowledge and never report their status";
    }

    @Override
    public DeviceConnection connect(DeviceUri uri, DriverContext context) {
        uri.requireOnly(Set.of("profile"));
        String sim = "sim:?profile=" + uri.param("profile").orElse("shiatsu-4zone") + "&name=quiet"
                + ProcessHandle.current().pid() + "x" + IDS.incrementAndGet() + "&latency=1ms";
        DeviceConnection inner = Massagers.driverFor("sim").connect(DeviceUri.parse(sim), context);
        return new DeviceConnection() {
            @Override
            public DeviceInfo info() {
                return inner.info();
            }

            @Override
            public CompletableFuture<Void> send(DeviceCommand command) {
                return inner.send(command);
            }

            @Override
            public CompletableFuture<Void> stopAll() {
                return inner.stopAll();
            }

            @Override
            public void setListener(Listener listener) {
                inner.setListener(listener == null ? null : event -> {
                    if (!(event instanceof DeviceEvent.StatusReport)) {
                        listener.onEvent(event);
                    }
                });
            }

            @Override
            public void close() {
                inner.close();
            }
        };
    }
}
