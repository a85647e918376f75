package dev.solemate.cli.control;

import dev.solemate.Massager;
import dev.solemate.Massagers;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code solemate control}: drive a massager by hand. */
@Command(name = "control", mixinStandardHelpOptions = true,
        description = {
            "Control a massager by hand: choose a zone, a technique and an intensity, set the heat, stop at once.",
            "Type commands, one a line: set ZONE TECHNIQUE PCT | stop [ZONE] (or just s) | heat C | heat off |"
                    + " comfort PCT | status | help | quit. Commands can be piped in, so sessions can be scripted.",
            "Leaving (quit, end of input, Ctrl-C) always stops the device. Every command passes the safety governor."},
        footerHeading = "%nExamples:%n",
        footer = {
            "  solemate control                                   try it on the simulator",
            "  solemate control --device serial:/dev/ttyUSB0",
            "  printf 'set arch knead 40\\nstatus\\nquit\\n' | solemate control"})
public final class ControlCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--device", paramLabel = "URI", defaultValue = "sim:",
            description = "The device to control (default: ${DEFAULT-VALUE}, the simulator).")
    String device;

    private final InputStream input;

    public ControlCommand() {
        this(System.in);
    }

    /** For tests: commands come from {@code input}. */
    public ControlCommand(InputStream input) {
        this.input = input;
    }

    @Override
    public Integer call() throws IOException {
        // With a terminal the user types and sees their own line; with a pipe the transcript shows the commands.
        boolean echo = System.console() == null || input != System.in;
        try (Massager massager = Massagers.open(device)) {
            ControlSession session = new ControlSession(massager, spec.commandLine().getOut(), echo);
            session.run(new BufferedReader(new InputStreamReader(input, StandardCharsets.UTF_8)));
        }
        return 0;
    }
}
