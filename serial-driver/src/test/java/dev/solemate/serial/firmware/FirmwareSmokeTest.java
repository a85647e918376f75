package dev.solemate.serial.firmware;

import static org.assertj.core.api.Assertions.assertThat;

import dev.solemate.Massager;
import dev.solemate.Massagers;
import dev.solemate.device.Intensity;
import dev.solemate.device.Technique;
import dev.solemate.device.Zone;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The driver, through the public API, drives the reference firmware's outputs on a real
 * pseudo-terminal, in either dialect: the firmware takes the dialect of the HELLO that opens a session.
 * The Arduino sketch, built as the IDE builds it, runs in the same simulator.
 */
@Timeout(60)
class FirmwareSmokeTest {

    @ParameterizedTest(name = "{0}, {1}")
    @CsvSource({"HOST, solemate-text", "HOST, solemate-binary", "SIMAVR, solemate-text", "SIMAVR, solemate-binary",
            "ARDUINO, solemate-text"})
    void theDriverSetsAZoneAndStopBringsEveryOutputToZero(FirmwareDevice.Target target, String protocol) throws Exception {
        try (FirmwareDevice device = FirmwareDevice.start(target);
                Massager massager = Massagers.open("serial:" + device.ptyPath() + "?protocol=" + protocol)) {
            assertThat(massager.info().profile().id()).isEqualTo("shiatsu-4zone");
            assertThat(massager.info().serialNumber()).isEqualTo("REF-0001");

            massager.setZone(Zone.ARCH, Technique.KNEAD, Intensity.of(20)).get(5, TimeUnit.SECONDS);
            assertThat(device.actuators().awaitLevel("arch", 1, Duration.ofSeconds(3)))
                    .as("arch motor running, outputs %s", device.actuators().levels()).isTrue();

            massager.stop().get(5, TimeUnit.SECONDS);
            assertThat(device.actuators().awaitAllOff(Duration.ofSeconds(1)))
                    .as("every output off, outputs %s", device.actuators().levels()).isTrue();
        }
    }
}
