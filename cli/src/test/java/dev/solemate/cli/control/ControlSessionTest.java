package dev.solemate.cli.control;

import static org.assertj.core.api.Assertions.assertThat;

import dev.solemate.Massager;
import dev.solemate.MassagerOptions;
import dev.solemate.Massagers;
import dev.solemate.cli.CommandRun;
import dev.solemate.time.VirtualTimeline;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(20)
class ControlSessionTest {

    private final VirtualTimeline timeline = new VirtualTimeline();
    private Massager massager;

    @AfterEach
    void close() {
        if (massager != null) {
            massager.close();
        }
    }

    private String transcript(String uri, String input) throws Exception {
        massager = Massagers.open(uri, MassagerOptions.defaults().withTimeline(timeline));
        StringWriter out = new StringWriter();
        new ControlSession(massager, new PrintWriter(out), true).run(new BufferedReader(new StringReader(input)));
        return out.toString();
    }

    @Test
    void aScriptedSessionSetsZonesAndHeatAndEndsStopped() throws Exception {
        String out = transcript("sim:?profile=shiatsu-4zone&latency=0ms&serial=S1", """
                set arch knead 20
                set heel roll 60
                heat 38
                status
                stop heel
                quit
                """);

        assertThat(out).isEqualTo("""
                Connected to Shiatsu roller, 4 zones, with heat (shiatsu-4zone, firmware sim-1.0) on sim:?profile=shiatsu-4zone&latency=0ms&serial=S1
                Zones: toes (knead press), ball (knead roll press), arch (knead roll press), heel (knead roll press); 5 levels; heat 35-45 °C
                Commands: set ZONE TECHNIQUE PCT, stop [ZONE] (or s), heat C|off, comfort PCT, status, help, quit
                > set arch knead 20
                arch: knead at level 1 of 5
                > set heel roll 60
                heel: roll at level 1 of 5, rising to 3 gradually
                > heat 38
                heat: 38 °C
                > status
                status: connected, comfort cap 100 %, session 0:00 of 15:00
                  toes   stopped
                  ball   stopped
                  arch   knead 1/5
                  heel   roll 1/5
                  heat   38 °C, measured 22.0 °C
                > stop heel
                heel: stopped
                > quit
                Stopped the device. Bye.
                """);
        assertThat(massager.state().isAtZero()).isTrue();
    }

    @Test
    void mistakesArePrintedAsOneLineAndTheSessionCarriesOn() throws Exception {
        String out = transcript("sim:?profile=budget-2zone&latency=0ms", """
                set foot knead 40
                set hel knead 40
                set heel kneed 40
                set ball knead 140
                set arch knead 40
                set ball press 40
                heat 38
                dance
                set ball
                comfort 34
                set ball knead 100
                s
                """);

        assertThat(out.lines().skip(3).toList()).containsExactly(
                "> set foot knead 40",
                "error: unknown zone 'foot' (this device has: ball, heel)",
                "> set hel knead 40",
                "error: unknown zone 'hel': did you mean heel? (this device has: ball, heel)",
                "> set heel kneed 40",
                "error: unknown technique 'kneed': did you mean knead? (the heel zone can: knead, roll)",
                "> set ball knead 140",
                "error: intensity 140 % is out of range (expected 0 to 100)",
                "> set arch knead 40",
                "refused: device budget-2zone has no zone arch (it has: ball, heel)",
                "> set ball press 40",
                "refused: device budget-2zone cannot press the ball (it can: knead, roll)",
                "> heat 38",
                "refused: device budget-2zone has no heater",
                "> dance",
                "error: unknown command 'dance' (expected set, stop, heat, comfort, status, help or quit)",
                "> set ball",
                "error: expected: set ZONE TECHNIQUE PCT, e.g. set arch knead 40",
                "> comfort 34",
                "comfort cap: 34 % (level 1 of 3 at most)",
                "> set ball knead 100",
                "ball: knead at level 1 of 3 (held under the comfort cap of 34 %)",
                "> s",
                "stopped: every zone and the heater are off",
                "Stopped the device. Bye.");
    }

    @Test
    void endOfInputStopsTheDevice() throws Exception {
        String out = transcript("sim:?latency=0ms", "set toes press 40\n");

        assertThat(out).endsWith("> set toes press 40\ntoes: press at level 1 of 5, rising to 2 gradually\n"
                + "Stopped the device. Bye.\n");
        assertThat(massager.state().isAtZero()).isTrue();
    }

    @Test
    void theCommandReadsPipedInputAndExitsZero() {
        ControlCommand command = new ControlCommand(new ByteArrayInputStream(
                "set arch roll 20\nstatus\nquit\n".getBytes(StandardCharsets.UTF_8)));

        CommandRun run = CommandRun.of(command, "--device", "sim:?profile=shiatsu-4zone");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("> set arch roll 20\narch: roll at level 1 of 5\n", "  arch   roll 1/5\n")
                .endsWith("Stopped the device. Bye.\n");
    }

    @Test
    void helpShowsAScriptedExample() {
        CommandRun run = CommandRun.of(new ControlCommand(), "--help");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("printf 'set arch knead 40\\nstatus\\nquit\\n' | solemate control");
    }
}
