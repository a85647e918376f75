package dev.solemate.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * docs/writing-a-driver.md §4: a driver jar added to the {@code solemate} command's class path (what
 * {@code SOLEMATE_CLASSPATH} does in the launcher) is found by its scheme, and every command reaches
 * it through the governor. The command itself ships without the sample.
 */
@Timeout(60)
class ThirdPartyDriverInTheCommandTest {

    @Test
    /** The output is the one docs/writing-a-driver.md shows, whole. */
    void controlDrivesTheEchoDriverWhenItsJarIsOnTheClassPath() throws Exception {
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), "dev.solemate.cli.Main",
                "control", "--device", "echo:bench?profile=budget-2zone")
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        process.getOutputStream().write("set heel roll 30\nquit\n".getBytes(StandardCharsets.UTF_8));
        process.getOutputStream().close();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(process.waitFor(50, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isZero();
        assertThat(out).isEqualTo("""
                Connected to Budget roller, 2 zones (budget-2zone, firmware echo-1) on echo:bench?profile=budget-2zone
                Zones: ball (knead roll), heel (knead roll); 3 levels; no heater
                Commands: set ZONE TECHNIQUE PCT, stop [ZONE] (or s), heat C|off, comfort PCT, status, help, quit
                > set heel roll 30
                echo: SetZone[zone=HEEL, technique=ROLL, level=1]
                heel: roll at level 1 of 3
                > quit
                echo: StopAll[]
                Stopped the device. Bye.
                echo: StopAll[]
                echo: StopAll[]
                """);
    }
}
