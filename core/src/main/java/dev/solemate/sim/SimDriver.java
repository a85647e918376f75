package dev.solemate.sim;

import dev.solemate.device.DeviceProfile;
import dev.solemate.device.DeviceProfiles;
import dev.solemate.driver.DeviceConnection;
import dev.solemate.driver.DeviceInfo;
import dev.solemate.driver.DeviceUri;
import dev.solemate.driver.DriverContext;
import dev.solemate.driver.MassagerDriver;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The {@code sim:} driver: opens an in-memory {@link SimulatedDevice} that runs on the massager's
 * timeline. Parameters, all optional:
 * <ul>
 *   <li>{@code profile}: a built-in profile id or a path to a {@code .json} profile (default {@code shiatsu-4zone});</li>
 *   <li>{@code latency}: how long each command takes to reach the device and be acknowledged (default {@code 0ms});</li>
 *   <li>{@code name}: finds the device from a test with {@link SimulatedDevice#named(String)};</li>
 *   <li>{@code serial}: the serial number the device reports;</li>
 *   <li>{@code watchdog}: how long the device runs without hearing from the host (default {@code 3s}, {@code 0ms} = off);</li>
 *   <li>{@code timeout}: how long the host waits for an acknowledgement (default {@code 2s}).</li>
 * </ul>
 * Example: {@code sim:?profile=budget-2zone&latency=5ms&name=bedroom}.
 */
public final class SimDriver implements MassagerDriver {

    static final Set<String> PARAMS = Set.of("profile", "latency", "name", "serial", "watchdog", "timeout");
    private static final Duration MAX_LATENCY = Duration.ofSeconds(10);
    private static final AtomicInteger UNNAMED = new AtomicInteger();

    /** Made by {@link java.util.ServiceLoader}; applications open {@code sim:} URIs through {@code Massagers}. */
    public SimDriver() {
    }

    @Override
    public Set<String> schemes() {
        return Set.of("sim");
    }

    @Override
    public String description() {
        return "simulated massager in memory, for demos and tests (sim:?profile=shiatsu-4zone&latency=5ms&name=x)";
    }

    @Override
    public DeviceConnection connect(DeviceUri uri, DriverContext context) {
        uri.requireOnly(PARAMS);
        if (!uri.target().isEmpty()) {
            throw new IllegalArgumentException("device URI " + uri + " has a target '" + uri.target()
                    + "' but sim: takes none (expected sim: or sim:?name=" + uri.target() + ")");
        }
        DeviceProfile profile;
        String profileId = uri.param("profile").orElse(DeviceProfiles.defaultProfile().id());
        try {
            profile = DeviceProfiles.resolve(profileId);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("parameter 'profile' in " + uri + ": " + e.getMessage(), e);
        }
        Duration latency = uri.durationParam("latency", Duration.ZERO);
        if (latency.compareTo(MAX_LATENCY) > 0) {
            throw new IllegalArgumentException("parameter 'latency' in " + uri + ": " + latency.toMillis()
                    + " ms is too long (expected at most " + MAX_LATENCY.toMillis() + " ms)");
        }
        Duration watchdog = uri.durationParam("watchdog", Duration.ofSeconds(3));
        if (!watchdog.isZero() && watchdog.compareTo(Duration.ofMillis(10)) < 0) {
            throw new IllegalArgumentException("parameter 'watchdog' in " + uri + ": " + watchdog.toMillis()
                    + " ms is too short (expected 0ms for off, or at least 10ms)");
        }
        Duration timeout = uri.durationParam("timeout", Duration.ofSeconds(2));
        if (timeout.compareTo(latency) <= 0) {
            throw new IllegalArgumentException("parameter 'timeout' in " + uri + ": " + timeout.toMillis()
                    + " ms would expire before any acknowledgement (expected more than the latency, "
                    + latency.toMillis() + " ms)");
        }
        String name = uri.param("name").orElse("sim-" + UNNAMED.incrementAndGet());
        if (name.isBlank()) {
            throw new IllegalArgumentException("parameter 'name' in " + uri + " is empty (expected a name, e.g. name=bedroom)");
        }
        String serial = uri.param("serial").orElse("SIM-" + name.toUpperCase(java.util.Locale.ROOT));
        DeviceInfo info = new DeviceInfo(profile, "sim-1.0", serial);
        SimulatedDevice device = new SimulatedDevice(name, info, context.timeline(), latency, watchdog);
        SimulatedDevice.register(device);
        return new SimConnection(device, context.timeline(), timeout, watchdog);
    }
}
