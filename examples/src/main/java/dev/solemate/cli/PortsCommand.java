package dev.solemate.cli;

import dev.solemate.serial.discovery.PortInfo;
import dev.solemate.serial.discovery.SerialPorts;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code solemate ports}: the serial ports the system lists, with description and USB id. */
@Command(name = "ports", mixinStandardHelpOptions = true,
        description = {"List serial ports with their description and USB VID:PID.",
            "Pseudo-terminals (socat links) are not listed: open them by path."},
        footerHeading = "%nExamples:%n",
        footer = {"  solemate ports", "  solemate run bedtime --device serial:usb:1a86:7523"})
final class PortsCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        List<PortInfo> ports = SerialPorts.list();
        if (ports.isEmpty()) {
            out.println("No serial ports found. Plug in the massager's USB cable, or for a board without one run:");
            out.println("  solemate simulate --help");
        }
        for (PortInfo port : ports) {
            out.printf("%-20s %-10s %s%s%n", port.path(), port.usbId().orElse("-"), port.description(),
                    port.serialNumber().map(sn -> " (serial " + sn + ")").orElse(""));
        }
        out.flush();
        return ExitCodes.OK;
    }
}
