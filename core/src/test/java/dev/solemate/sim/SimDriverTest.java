package dev.solemate.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.solemate.driver.DeviceConnection;
import dev.solemate.driver.DeviceUri;
import dev.solemate.driver.DriverContext;
import dev.solemate.json.InvalidFileException;
import dev.solemate.time.VirtualTimeline;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sim: URI: its parameters, their defaults and the errors for bad ones. */
class SimDriverTest {

    private final VirtualTimeline timeline = new VirtualTimeline();

    private DeviceConnection connect(String uri) {
        return new SimDriver().connect(DeviceUri.parse(uri), new DriverContext(timeline));
    }

    @Test
    void defaultsToTheShiatsuProfileWithAGeneratedName() {
        try (DeviceConnection c = connect("sim:")) {
            assertThat(c.info().profile().id()).isEqualTo("shiatsu-4zone");
            assertThat(c.info().firmware()).isEqualTo("sim-1.0");
            assertThat(c.info().serialNumber()).startsWith("SIM-SIM-");
        }
    }

    @Test
    void readsProfileNameAndSerial() {
        try (DeviceConnection c = connect("sim:?profile=budget-2zone&name=bedroom-uri&serial=AB123")) {
            assertThat(c.info().profile().id()).isEqualTo("budget-2zone");
            assertThat(c.info().serialNumber()).isEqualTo("AB123");
            assertThat(SimulatedDevice.named("bedroom-uri").profile().id()).isEqualTo("budget-2zone");
        }
    }

    @Test
    void loadsAProfileFromAFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("mine.json");
        Files.writeString(file, """
                {"id": "mine", "name": "Mine", "zones": {"arch": ["knead"]}, "intensitySteps": 4,
                 "heat": null, "maxSessionMinutes": 10}
                """);
        try (DeviceConnection c = connect("sim:?profile=" + file)) {
            assertThat(c.info().profile().id()).isEqualTo("mine");
        }
        Files.writeString(file, "{\"id\": \"mine\",\n \"zones\": 7}");
        assertThatThrownBy(() -> connect("sim:?profile=" + file)).isInstanceOf(InvalidFileException.class)
                .hasMessageContaining("mine.json:");
    }

    @Test
    void rejectsAnUnknownParameterListingTheKnownOnes() {
        assertThatThrownBy(() -> connect("sim:?latncy=5ms"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("parameter 'latncy' in sim:?latncy=5ms is not known to the sim: driver "
                        + "(expected one of: latency, name, profile, serial, timeout, watchdog)");
    }

    @Test
    void rejectsAnUnknownProfile() {
        assertThatThrownBy(() -> connect("sim:?profile=deluxe"))
                .hasMessage("parameter 'profile' in sim:?profile=deluxe: unknown device profile 'deluxe' "
                        + "(expected one of: shiatsu-4zone, budget-2zone, aircomp-5zone)");
    }

    @Test
    void rejectsBadDurationsAndImpossibleCombinations() {
        assertThatThrownBy(() -> connect("sim:?latency=fast")).hasMessageContaining("'fast' is not a duration");
        assertThatThrownBy(() -> connect("sim:?latency=20s")).hasMessageContaining("20000 ms is too long");
        assertThatThrownBy(() -> connect("sim:?latency=2s&timeout=1s"))
                .hasMessageContaining("would expire before any acknowledgement");
        assertThatThrownBy(() -> connect("sim:?watchdog=5ms")).hasMessageContaining("too short");
    }

    @Test
    void rejectsATarget() {
        assertThatThrownBy(() -> connect("sim:bedroom"))
                .hasMessage("device URI sim:bedroom has a target 'bedroom' but sim: takes none (expected sim: or sim:?name=bedroom)");
    }

    @Test
    void findingADeviceThatIsNotOpenSaysHowToOpenIt() {
        assertThatThrownBy(() -> SimulatedDevice.named("nobody"))
                .hasMessageStartingWith("no simulated device named 'nobody' is open (open one with sim:?name=nobody");
    }
}
