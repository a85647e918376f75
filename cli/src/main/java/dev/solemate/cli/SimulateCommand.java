package dev.solemate.cli;

import dev.solemate.device.DeviceProfiles;
import dev.solemate.serial.emulator.EmulatorOptions;
import dev.solemate.serial.emulator.FirmwareEmulator;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code solemate simulate}: runs the firmware emulator, a board that speaks the Solemate serial
 * protocol (or the binary vendor dialect) on a pseudo-terminal or a TCP port, until Ctrl-C.
 */
@Command(name = "simulate", mixinStandardHelpOptions = true,
        description = {"Emulate a massager's control board, to try the serial driver without hardware.",
            "The board speaks the Solemate serial protocol on a serial port, a pseudo-terminal or a TCP port."},
        footerHeading = "%nExamples:%n",
        footer = {
            "  socat pty,raw,echo=0,link=/tmp/sm-host pty,raw,echo=0,link=/tmp/sm-board &",
            "  solemate simulate --port /tmp/sm-board",
            "  solemate run bedtime --device serial:/tmp/sm-host --speed 60",
            "",
            "  solemate simulate --listen tcp://127.0.0.1:4001 --protocol solemate-binary",
            "  solemate run bedtime --device 'tcp://127.0.0.1:4001?protocol=solemate-binary'",
        })
final class SimulateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Endpoint endpoint;

    static final class Endpoint {
        @Option(names = "--port", paramLabel = "PATH", required = true,
                description = "Serve on this serial port or pseudo-terminal (waits for it to appear).")
        String port;

        @Option(names = "--listen", paramLabel = "tcp://HOST:PORT", required = true,
                description = "Serve on a TCP port, like a network serial bridge (ser2net, ESP-link).")
        String listen;
    }

    @Option(names = "--protocol", paramLabel = "ID", defaultValue = "solemate-text",
            description = "Wire protocol: solemate-text or solemate-binary (default: ${DEFAULT-VALUE}).")
    String protocol;

    @Option(names = "--profile", paramLabel = "ID|FILE", defaultValue = "shiatsu-4zone",
            description = "Device profile the board reports (default: ${DEFAULT-VALUE}).")
    String profile;

    @Option(names = "--serial", paramLabel = "SN", description = "Serial number the board reports.")
    String serialNumber;

    @Option(names = "--heartbeat", paramLabel = "MS",
            description = "Watchdog: stop every actuator after MS ms without a valid request from the host"
                    + " (0 = off).")
    Long heartbeatMillis;

    @Option(names = "--pace-baud", paramLabel = "BAUD",
            description = "Read no faster than this line rate, like a real UART (0 = unpaced).")
    Integer paceBaud;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        EmulatorOptions options = EmulatorOptions.defaults()
                .withProtocol(protocol)
                .withProfile(DeviceProfiles.resolve(profile));
        if (serialNumber != null) {
            options = options.withSerialNumber(serialNumber);
        }
        if (heartbeatMillis != null) {
            options = options.withHeartbeat(Duration.ofMillis(heartbeatMillis));
        }
        if (paceBaud != null) {
            options = options.withPaceBaud(paceBaud);
        }
        String where = endpoint.port != null ? endpoint.port
                : endpoint.listen.startsWith("tcp://") ? endpoint.listen : "tcp://" + endpoint.listen;
        try (FirmwareEmulator emulator = FirmwareEmulator.start(where, options);
             CtrlC ctrlC = new CtrlC(emulator::close)) {
            // The text protocol is the serial driver's default: name the protocol only when it is another.
            String protocolParam = options.protocolId().equals("solemate-text") ? "" : "?protocol=" + options.protocolId();
            String connect = endpoint.port != null ? "serial:<other end of the pair>" + protocolParam
                    : emulator.endpoint() + protocolParam;
            out.printf("Emulating %s (%s, serial %s) on %s; hosts connect with --device %s; Ctrl-C to stop%n",
                    options.profile().id(), options.protocolId(), options.serialNumber(), emulator.endpoint(), connect);
            out.flush();
            emulator.awaitClosed();
            return ctrlC.wasPressed() ? ExitCodes.INTERRUPTED : ExitCodes.OK;
        }
    }
}
