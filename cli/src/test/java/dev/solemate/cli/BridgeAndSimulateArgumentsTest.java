package dev.solemate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The bridge and simulate commands refuse incomplete or contradictory arguments before doing anything. */
@Timeout(30)
class BridgeAndSimulateArgumentsTest {

    @Test
    void bridgeWithoutBrokerOrDevicesSaysWhatIsNeeded() {
        CliRunner.Result r = CliRunner.run("bridge");

        assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).isEqualTo("solemate: say which broker and devices: --broker URL --device NAME=URI, "
                + "or --config FILE\n");
    }

    @Test
    void bridgeConfigFileCannotBeMixedWithFlags() {
        CliRunner.Result r = CliRunner.run("bridge", "--config", "bridge.yaml", "--broker", "tcp://127.0.0.1:1883");

        assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("--config cannot be combined with --broker, --device or the broker login and TLS options");
    }

    @Test
    void bridgeRejectsADeviceNameThatWouldBreakTopics() {
        CliRunner.Result r = CliRunner.run("bridge", "--broker", "tcp://127.0.0.1:1", "--device", "bed/room=sim:");

        assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).startsWith("solemate: ").contains("bed/room");
    }

    @Test
    void simulateNeedsExactlyOnePlaceToServe() {
        CliRunner.Result none = CliRunner.run("simulate");
        CliRunner.Result both = CliRunner.run("simulate", "--port", "/tmp/x", "--listen", "tcp://127.0.0.1:0");

        assertThat(none.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(none.err()).contains("--port").contains("--listen");
        assertThat(both.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(both.err()).contains("mutually exclusive");
    }

    @Test
    void simulateRejectsAnUnknownProtocolNamingTheKnownOnes() {
        CliRunner.Result r = CliRunner.run("simulate", "--listen", "tcp://127.0.0.1:0", "--protocol", "modbus");

        assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("modbus").contains("solemate-text");
    }
}
