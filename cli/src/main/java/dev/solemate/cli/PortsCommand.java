package dev.solemate.cli;

import dev.solemate.serial.discovery.PortInfo;
import dev.solemate.serial.discovery.Probe;
import dev.solemate.serial.discovery.SerialPorts;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code solemate ports}: the serial ports the system lists, with description and USB id, and with
 * {@code --probe} whether a Solemate device answers the handshake on each.
 */
@Command(name = "ports", mixinStandardHelpOptions = true,
        description = {"List serial ports with their description and USB VID:PID.",
            "With --probe, ask each port for the Solemate handshake and show the device that answered."
                    + " Pseudo-terminals (socat links) are not listed: name them as PATH to include them."},
        footerHeading = "%nExamples:%n",
        footer = {
            "  solemate ports",
            "  solemate ports --probe",
            "  solemate ports --probe /tmp/solemate-host",
            "  solemate run bedtime --device serial:usb:1a86:7523",
        })
final class PortsCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "PATH", arity = "0..*", description = "More ports to show (and probe), e.g. a socat link.")
    List<String> extra = new ArrayList<>();

    @Option(names = "--probe", description = "Send the handshake to every port and show which answer. Off by default"
            + " because it writes bytes to every port, including other kinds of device.")
    boolean probe;

    @Option(names = "--timeout", paramLabel = "MS", defaultValue = "700",
            description = "How long to wait for an answer per port and dialect (default: ${DEFAULT-VALUE}).")
    long timeoutMillis;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Map<String, PortInfo> ports = new LinkedHashMap<>();
        for (PortInfo port : SerialPorts.list()) {
            ports.put(port.path(), port);
        }
        for (String path : extra) {
            ports.putIfAbsent(path, new PortInfo(path, "named on the command line", 0, 0, java.util.Optional.empty()));
        }
        if (ports.isEmpty()) {
            out.println("No serial ports found. Plug in the massager's USB cable, or for a board without one run:");
            out.println("  solemate simulate --help");
            out.flush();
            return ExitCodes.OK;
        }
        Map<String, String> answers = probe ? probe(ports.keySet()) : Map.of();
        for (PortInfo port : ports.values()) {
            out.printf("%-20s %-10s %s%s%n", port.path(), port.usbId().orElse("-"), port.description(),
                    port.serialNumber().map(sn -> " (serial " + sn + ")").orElse(""));
            if (probe) {
                out.printf("    %s%n", answers.getOrDefault(port.path(), "no Solemate device answered"));
            }
        }
        out.flush();
        return ExitCodes.OK;
    }

    private Map<String, String> probe(java.util.Collection<String> paths) {
        if (timeoutMillis < 50 || timeoutMillis > 10_000) {
            throw new IllegalArgumentException("--timeout " + timeoutMillis + " is out of range (expected 50 to 10000 ms)");
        }
        Probe.Result result = Probe.ports(paths, 115_200, Duration.ofMillis(timeoutMillis));
        Map<String, String> answers = new LinkedHashMap<>();
        for (Probe.Found found : result.found()) {
            answers.put(found.path(), "Solemate device: " + found.hello().model() + ", firmware "
                    + found.hello().firmware() + ", serial " + found.hello().serialNumber() + "; open it with --device "
                    + found.uri());
        }
        for (Probe.Skipped skipped : result.skipped()) {
            answers.put(skipped.path(), "not probed: " + skipped.reason());
        }
        return answers;
    }
}
