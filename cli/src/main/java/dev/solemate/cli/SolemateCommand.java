package dev.solemate.cli;

import picocli.AutoComplete;
import picocli.CommandLine.Command;

/** The top-level {@code solemate} command; each job is a subcommand. */
@Command(
        name = "solemate",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Control smart foot massagers: play routines, control by hand, bridge to MQTT.",
        subcommands = {
            RoutinesCommand.class,
            ValidateCommand.class,
            RunCommand.class,
            SimulateCommand.class,
            PortsCommand.class,
            BridgeCommand.class,
            dev.solemate.cli.plot.PlotCommand.class,
            dev.solemate.cli.control.ControlCommand.class,
            dev.solemate.cli.history.HistoryCommand.class,
            dev.solemate.cli.doctor.DoctorCommand.class,
            dev.solemate.cli.web.ServeCommand.class,
            AutoComplete.GenerateCompletion.class,
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  solemate run bedtime --speed 60       bedtime on the simulator, 60x faster",
            "  solemate run bedtime --device serial:/dev/ttyUSB0 --comfort 60",
            "  solemate routines                     the built-in routines",
            "  solemate bridge --broker tcp://127.0.0.1:1883 --device bedroom=sim:",
            "",
            "Every command takes --verbose and --log-file FILE for the details behind its",
            "messages. Completion for bash: source <(solemate generate-completion)",
        })
public final class SolemateCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    /** Set on any command (inherited); read by {@link Main} before the command runs. */
    @picocli.CommandLine.Option(names = "--verbose", scope = picocli.CommandLine.ScopeType.INHERIT,
            description = "Show the details behind every message: log records, with stack traces.")
    boolean verbose;

    @picocli.CommandLine.Option(names = "--log-file", paramLabel = "FILE", scope = picocli.CommandLine.ScopeType.INHERIT,
            description = "Append those details to FILE; the terminal shows what it shows without them.")
    java.nio.file.Path logFile;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
