package dev.solemate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Every {@code --help} reads well in an 80-column terminal: no line longer than 80, descriptions
 * in whole sentences (the first one is the summary in 'solemate --help', so it must stand alone),
 * examples that never wrap back to column 0, and no picocli warning (a stray {@code %}).
 */
class HelpTextTest {

    private static final int WIDTH = 80;

    @Test
    void everyHelpFitsEightyColumnsInWholeSentencesWithoutWarnings() {
        CommandLine root = Main.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
        List<CommandLine> commands = new ArrayList<>();
        commands.add(root);
        commands.addAll(root.getSubcommands().values());
        for (CommandLine command : commands) {
            CommandSpec spec = command.getCommandSpec();
            String name = spec.qualifiedName();
            String[] args = command == root ? new String[] {"--help"} : new String[] {spec.name(), "--help"};
            Captured help = captured(args);

            assertThat(help.stderr).as(name + ": picocli warnings").doesNotContain("picocli WARN");
            assertThat(help.result.exitCode()).as(name).isZero();
            for (String line : help.result.out().lines().toList()) {
                assertThat(line.length()).as(name + ": '" + line + "'").isLessThanOrEqualTo(WIDTH);
            }
            if (spec.name().equals("generate-completion")) {
                continue; // picocli's own
            }
            for (String sentence : spec.usageMessage().description()) {
                assertThat(sentence.strip()).as(name + ": a description paragraph is whole sentences").endsWith(".");
            }
            for (OptionSpec option : spec.options()) {
                String text = String.join(" ", option.description()).strip();
                assertThat(text).as(name + " " + option.longestName() + ": whole sentences").matches("(?s).*[.)]$");
            }
            for (String line : spec.usageMessage().footer()) {
                assertThat(line.replace("%%", "%").length()).as(name + ": footer line '" + line
                        + "' must fit, or picocli wraps it back to column 0").isLessThanOrEqualTo(WIDTH);
            }
        }
    }

    @Test
    void theSummariesInTheCommandListAreWholeSentences() {
        String list = CliRunner.run("--help").out();
        String commands = list.substring(list.indexOf("Commands:"), list.indexOf("Exit codes:"));
        // each summary (with its wrapped continuation lines) ends a sentence before the next command
        for (String entry : commands.split("\\n  (?=\\S)")) {
            if (!entry.startsWith("Commands:")) {
                assertThat(entry.strip()).as(entry).endsWith(".");
            }
        }
    }

    private record Captured(CliRunner.Result result, String stderr) {
    }

    /** picocli's tracer writes its warnings to System.err, not to the command's err writer. */
    private static Captured captured(String... args) {
        PrintStream saved = System.err;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        System.setErr(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try {
            CliRunner.Result result = CliRunner.run(args);
            return new Captured(result, bytes.toString(StandardCharsets.UTF_8) + result.err());
        } finally {
            System.setErr(saved);
        }
    }
}
