package dev.solemate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/** Every command has --help with an example and the exit codes, and --version. */
class HelpAndVersionTest {

    @Test
    void versionNamesTheProgramAndJava() {
        CliRunner.Result r = CliRunner.run("--version");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).startsWith("solemate 0.1.0").contains("Java 17");
    }

    @Test
    void everySubcommandHasHelpWithAnExampleAndTheExitCodes() {
        CommandLine cl = Main.commandLine(new java.io.PrintWriter(new java.io.StringWriter()),
                new java.io.PrintWriter(new java.io.StringWriter()));
        for (String name : cl.getSubcommands().keySet()) {
            if (name.equals("generate-completion")) {
                continue;
            }
            CliRunner.Result r = CliRunner.run(name, "--help");
            assertThat(r.exitCode()).as(name).isZero();
            assertThat(r.out()).as(name).contains("Example").contains("solemate " + name).contains("Exit codes:")
                    .contains("130");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"routines", "run", "validate"})
    void helpOfTheFoundationCommands(String command) {
        assertThat(CliRunner.run(command, "--help").out()).contains("Usage: solemate " + command);
    }

    @Test
    void bashCompletionIsGenerated() {
        CliRunner.Result r = CliRunner.run("generate-completion");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("complete -F").contains("solemate");
    }
}
