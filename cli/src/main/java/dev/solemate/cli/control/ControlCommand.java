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
            "On a terminal, single keys: left/right choose the zone, up/down or 0-9 the intensity, t the technique,"
                    + " h heat on/off, [ ] the temperature, space (or s) stops everything, q quits; the device's state"
                    + " stays on screen.",
            "Otherwise (piped input, or --lines), one command a line: set ZONE TECHNIQUE PCT | stop [ZONE] (or s) |"
                    + " heat C | heat off | comfort PCT | status | help | quit, so sessions can be scripted.",
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

    @Option(names = "--lines", description = "Type line commands even on a terminal (no single-key mode).")
    boolean lines;

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
            RawTerminal terminal = !lines && input == System.in ? RawTerminal.enter() : null;
            if (terminal != null) {
                try (terminal) {
                    new KeySession(massager, spec.commandLine().getOut()).run(input);
                }
                return 0;
            }
            ControlSession session = new ControlSession(massager, spec.commandLine().getOut(), echo);
            session.run(new BufferedReader(new InputStreamReader(input, StandardCharsets.UTF_8)));
        }
        return 0;
    }
}
