package dev.solemate.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.solemate.player.PlaybackEnding;
import dev.solemate.player.PlaybackResult;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Every example program runs against {@code sim:} (or its own driver) in the test suite, fast. */
@Timeout(30)
class ExamplesTest {

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    private String output() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void embedExampleFollowsTheStepsAndStopsWhenTheCoolDownBegins() throws Exception {
        PlaybackResult result = EmbedExample.run(out, 1000);

        assertThat(result.ending()).isEqualTo(PlaybackEnding.STOPPED);
        assertThat(result.played()).isBetween(Duration.ofMinutes(12), Duration.ofSeconds(14 * 60 + 30));
        assertThat(output()).startsWith("step 1: warm-up\nstep 2: arch: knead\n")
                .contains("step 10: cool-down\n").endsWith("device at zero: true\n");
    }

    @Test
    void builderExampleBuildsValidatesAndPlaysTheRoutine() {
        PlaybackResult result = BuilderExample.run(out, "sim:?profile=budget-2zone", 1000);

        assertThat(result.ending()).isEqualTo(PlaybackEnding.COMPLETED);
        assertThat(BuilderExample.routine().duration()).isEqualTo(Duration.ofMinutes(2));
        assertThat(output()).contains("adapted: zone arch: budget-2zone has no arch zone; skipped\n",
                "adapted: heat: budget-2zone has no heater; heat skipped\n",
                "step: warm-up\n", "step: heel (2/2)\n", "step: cool-down\n");
    }

    @Test
    void customDriverIsFoundByItsSchemeAndEveryCommandPassesTheGovernor() {
        PrintStream before = System.out;
        try {
            System.setOut(out);
            CustomDriverExample.run(out);
        } finally {
            System.setOut(before);
        }

        assertThat(output()).containsPattern("installed drivers: .*\\becho\\b")
                .contains("opened ECHO-bench (Budget roller, 2 zones)\n",
                        "echo: SetZone[zone=HEEL, technique=ROLL, level=1]\n",
                        "echo: SetZone[zone=HEEL, technique=ROLL, level=0]\n",
                        "echo: StopAll[]\n");
    }

    @Test
    @Timeout(120)
    void bridgeExampleDrivesTheSimulatorOverAnEmbeddedBroker() throws Exception {
        String state = BridgeExample.run(out);

        assertThat(state).contains("\"arch\":{\"technique\":\"knead\",\"intensity\":20");
        assertThat(output()).contains("bridge connected; devices: [bedroom]\n", "state: {");
    }

    @Test
    void mainMethodsRunWithArguments() throws Exception {
        PrintStream before = System.out;
        try {
            System.setOut(out);
            EmbedExample.main(new String[] {"1000"});
            BuilderExample.main(new String[] {"1000"});
        } finally {
            System.setOut(before);
        }

        assertThat(output()).contains("ended: stopped after ", "ended: completed\n");
    }
}
