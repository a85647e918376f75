package dev.solemate;

import dev.solemate.device.DeviceProfiles;
import dev.solemate.driver.DeviceCommand;
import dev.solemate.driver.DeviceConnection;
import dev.solemate.driver.DeviceInfo;
import dev.solemate.driver.DeviceUri;
import dev.solemate.driver.DriverContext;
import dev.solemate.driver.MassagerDriver;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A driver that only the test class path provides (listed in the test resources'
 * META-INF/services), proving that a third-party jar adds a scheme without any change to core.
 */
public final class TestOnlyDriver implements MassagerDriver {

    /** Every command any testonly: connection received, for the tests to read. */
    static final List<DeviceCommand> RECEIVED = new CopyOnWriteArrayList<>();

    @Override
    public Set<String> schemes() {
        return Set.of("testonly");
    }

    @Override
    public String description() {
        return "a driver on the test class path only";
    }

    @Override
    public DeviceConnection connect(DeviceUri uri, DriverContext context) {
        uri.requireOnly(Set.of());
        DeviceInfo info = new DeviceInfo(DeviceProfiles.builtIn("budget-2zone"), "test-0", "TEST-" + uri.target());
        return new DeviceConnection() {
            @Override
            public DeviceInfo info() {
                return info;
            }

            @Override
            public CompletableFuture<Void> send(DeviceCommand command) {
                RECEIVED.add(command);
                return CompletableFuture.completedFuture(null);
            }

            @Override
            public CompletableFuture<Void> stopAll() {
                RECEIVED.add(new DeviceCommand.StopAll());
                return CompletableFuture.completedFuture(null);
            }

            @Override
            public void setListener(Listener listener) {
            }

            @Override
            public void close() {
            }
        };
    }
}
