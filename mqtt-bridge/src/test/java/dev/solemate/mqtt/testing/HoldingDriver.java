package dev.solemate.mqtt.testing;

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
 * A test-only driver for a device that cannot keep up: {@code holding:} accepts every command and,
 * once the test called {@link #hold()}, acknowledges none (stops included) until it calls {@link #releaseAll()}. Installed through the test class path's META-INF/services.
 */
public final class HoldingDriver implements MassagerDriver {

    private static final List<CompletableFuture<Void>> HELD = new CopyOnWriteArrayList<>();
    private static volatile boolean holding;

    /** From now on, every acknowledgement is held. */
    public static void hold() {
        holding = true;
    }

    /** Acknowledges everything held, and from now on at once. */
    public static void stopHolding() {
        holding = false;
        releaseAll();
    }

    /** Acknowledges every command held so far. */
    public static void releaseAll() {
        for (CompletableFuture<Void> f : HELD) {
            HELD.remove(f);
            f.complete(null);
        }
    }

    @Override
    public Set<String> schemes() {
        return Set.of("holding");
    }

    @Override
    public String description() {
        return "test devices that hold every acknowledgement until the test releases them";
    }

    @Override
    public DeviceConnection connect(DeviceUri uri, DriverContext context) {
        DeviceInfo info = new DeviceInfo(DeviceProfiles.builtIn("shiatsu-4zone"), "1.0", "HOLD-1");
        return new DeviceConnection() {
            @Override
            public DeviceInfo info() {
                return info;
            }

            @Override
            public CompletableFuture<Void> send(DeviceCommand command) {
                if (!holding) {
                    return CompletableFuture.completedFuture(null);
                }
                CompletableFuture<Void> f = new CompletableFuture<>();
                HELD.add(f);
                return f;
            }

            @Override
            public CompletableFuture<Void> stopAll() {
                return send(null);
            }

            @Override
            public void setListener(Listener listener) {
            }

            @Override
            public void close() {
                releaseAll();
            }
        };
    }
}
