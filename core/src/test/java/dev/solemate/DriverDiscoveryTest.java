package dev.solemate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.solemate.device.Intensity;
import dev.solemate.device.Technique;
import dev.solemate.device.Zone;
import dev.solemate.driver.DeviceCommand;
import dev.solemate.sim.SimDriver;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Drivers are found with ServiceLoader and chosen by the URI's scheme. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class DriverDiscoveryTest {

    @Test
    void aDriverOnlyTheClassPathProvidesOpensThroughMassagersOpen() {
        try (Massager massager = Massagers.open("testonly:unit-7")) {
            assertThat(massager.info().serialNumber()).isEqualTo("TEST-unit-7");
            assertThat(massager.profile().id()).isEqualTo("budget-2zone");
            massager.setZone(Zone.BALL, Technique.ROLL, Intensity.of(30)).join();
            assertThat(TestOnlyDriver.RECEIVED).contains(new DeviceCommand.SetZone(Zone.BALL, Technique.ROLL, 1));
        }
    }

    @Test
    void theSimulatorIsInstalledFromCore() {
        assertThat(Massagers.drivers()).containsKeys("sim", "testonly");
        assertThat(Massagers.drivers().get("sim")).isInstanceOf(SimDriver.class);
        assertThat(Massagers.driverFor("SIM")).isInstanceOf(SimDriver.class);
    }

    @Test
    void anUnknownSchemeListsTheInstalledOnes() {
        assertThatThrownBy(() -> Massagers.open("bluetooth:AA:BB"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("no driver for scheme 'bluetooth:' (installed: ")
                .hasMessageContaining("sim:")
                .hasMessageContaining("testonly:")
                .hasMessageEndingWith("; add a driver jar to the class path for others)");
    }
}
