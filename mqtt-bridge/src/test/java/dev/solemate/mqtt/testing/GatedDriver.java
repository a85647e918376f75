package dev.solemate.mqtt.testing;

import dev.solemate.MassagerException;
import dev.solemate.Massagers;
import dev.solemate.driver.DeviceConnection;
import dev.solemate.driver.DeviceUri;
import dev.solemate.driver.DriverContext;
import dev.solemate.driver.MassagerDriver;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A test-only driver for hardware that is not there yet: {@code gated:<gate>?profile=budget-2zone}
 * refuses to connect, as an unplugged device would, until the test opens its {@link Gate}; then it
 * opens a simulated device. Installed through the test class path's META-INF/services.
 */
public final class GatedDriver implements MassagerDriver {

    private static final Map<String, Gate> GATES = new ConcurrentHashMap<>();
    private static final AtomicInteger IDS = new AtomicInteger();

    /** One absent device: closed until {@link #open()}, counting the connection attempts. */
    public static final class Gate {
        private final String id;
        private final AtomicInteger attempts = new AtomicInteger();
        private volatile boolean open;

        private Gate(String id) {
            this.id = id;
        }

        /** A URI for this gate, e.g. {@code gated:g3?profile=budget-2zone}; no profile when {@code profile} is null. */
        public String uri(String profile) {
            return "gated:" + id + (profile == null ? "" : "?profile=" + profile);
        }

        /** The refusal every attempt gets while closed. */
        public String refusal() {
            return "connection refused by " + id + " (nothing answers yet)";
        }

        public void open() {
            open = true;
        }

        public int attempts() {
            return attempts.get();
        }
    }

    /** A new, closed gate. */
    public static Gate newGate() {
        Gate gate = new Gate("g" + ProcessHandle.current().pid() + "x" + IDS.incrementAndGet());
        GATES.put(gate.id, gate);
        return gate;
    }

    @Override
    public Set<String> schemes() {
        return Set.of("gated");
    }

    @Override
    public String description() {
        return "test devices that refuse to connect until the test opens their gate";
    }

    @Override
    public DeviceConnection connect(DeviceUri uri, DriverContext context) {
        uri.requireOnly(Set.of("profile"));
        Gate gate = GATES.get(uri.target());
        if (gate == null) {
            throw new IllegalArgumentException("no gate '" + uri.target() + "' (make one with GatedDriver.newGate())");
        }
        gate.attempts.incrementAndGet();
        if (!gate.open) {
            throw new MassagerException(gate.refusal());
        }
        String sim = "sim:?profile=" + uri.param("profile").orElse("shiatsu-4zone") + "&name=" + gate.id + "&latency=1ms";
        return Massagers.driverFor("sim").connect(DeviceUri.parse(sim), context);
    }
}
