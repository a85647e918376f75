package dev.solemate.cli;

import dev.solemate.cli.output.Logging;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine;

/** Entry point of the {@code solemate} command: runs a subcommand and exits with its code. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        int code = run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
        System.exit(code);
    }

    /** Runs the command with the given streams and returns the exit code; used by tests. */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        return commandLine(out, err).execute(args);
    }

    private static void applyExitCodeHelp(CommandLine cl) {
        java.util.Map<String, String> codes = new java.util.LinkedHashMap<>();
        for (String line : ExitCodes.HELP) {
            int colon = line.indexOf(':');
            codes.put(line.substring(0, colon), line.substring(colon + 1));
        }
        cl.getCommandSpec().usageMessage().exitCodeListHeading("%nExit codes:%n").exitCodeList(codes);
        for (CommandLine sub : cl.getSubcommands().values()) {
            applyExitCodeHelp(sub);
        }
    }

    /** The configured command line: one-line errors on stderr, exit codes from {@link ExitCodes}. */
    public static CommandLine commandLine(PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new SolemateCommand());
        cl.setOut(out);
        cl.setErr(err);
        cl.setExecutionExceptionHandler(new ErrorReporter());
        cl.setParameterExceptionHandler(ErrorReporter::onUsageError);
        cl.setExitCodeExceptionMapper(ExitCodes::forException);
        cl.setExecutionStrategy(parsed -> {
            Logging.configure(loggingSettings(parsed));
            return new CommandLine.RunLast().execute(parsed);
        });
        applyExitCodeHelp(cl);
        for (CommandLine sub : cl.getSubcommands().values()) {
            sub.getCommandSpec().versionProvider(new VersionProvider());   // 'solemate plot --version' too
        }
        return cl;
    }

    /** --verbose and --log-file, given before or after the command's name; SOLEMATE_DEBUG=1 means --verbose. */
    static Logging.Settings loggingSettings(CommandLine.ParseResult parsed) {
        boolean verbose = "1".equals(System.getenv("SOLEMATE_DEBUG"));
        Optional<Path> logFile = Optional.empty();
        for (CommandLine.ParseResult r = parsed; r != null; r = r.subcommand()) {
            verbose |= r.hasMatchedOption("--verbose");
            if (r.hasMatchedOption("--log-file")) {
                logFile = Optional.of(r.matchedOptionValue("--log-file", (Path) null));
            }
        }
        return new Logging.Settings(verbose, logFile);
    }
}
