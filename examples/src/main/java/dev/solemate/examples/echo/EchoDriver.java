package dev.solemate.examples.echo;

import dev.solemate.device.DeviceProfiles;
import dev.solemate.driver.DeviceConnection;
import dev.solemate.driver.DeviceInfo;
import dev.solemate.driver.DeviceUri;
import dev.solemate.driver.DriverContext;
import dev.solemate.driver.MassagerDriver;
import java.util.Set;

/**
 * A minimal third-party driver for the {@code echo:} scheme: it "drives" a device by printing each
 * command it gets, e.g. {@code echo:?profile=budget-2zone}. It is registered for {@link java.util.ServiceLoader}
 * in {@code META-INF/services/dev.solemate.driver.MassagerDriver}, so {@code Massagers.open("echo:")}
 * finds it by its scheme, like any driver in a jar on the class path.
 */
// tag::driver[]
public final class EchoDriver implements MassagerDriver {

    @Override
    public Set<String> schemes() {
        return Set.of("echo");
    }

    @Override
    public String description() {
        return "prints every command (an example of a third-party driver)";
    }

    @Override
    public DeviceConnection connect(DeviceUri uri, DriverContext context) {
        uri.requireOnly(Set.of("profile"));
        var profile = DeviceProfiles.builtIn(uri.param("profile").orElse("shiatsu-4zone"));
        return new EchoConnection(new DeviceInfo(profile, "echo-1", "ECHO-" + uri.target()), System.out);
    }
}
// end::driver[]
