package dev.solemate.cli.doctor;

import dev.solemate.cli.BrokerOptions;
import dev.solemate.cli.history.SessionLog;
import dev.solemate.device.DeviceProfile;
import dev.solemate.device.DeviceProfiles;
import dev.solemate.mqtt.client.TlsOptions;
import dev.solemate.secret.Secret;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code solemate doctor}: checks what goes wrong on real machines and says how to fix each. */
@Command(name = "doctor", mixinStandardHelpOptions = true,
        description = {
            "Check this machine and your settings, and say how to fix what is wrong.",
            "One line per check: ok|warn|FAIL, the check, what was found and how to fix it. The checks:"
                    + " Java, serial port permissions (dialout), jSerialComm's native library, a noexec temp"
                    + " directory, the installed drivers and the session history; when given, the device, the"
                    + " MQTT broker with your credentials, a profile file and a routine file. Exits 1 when any"
                    + " check FAILs."},
        footerHeading = "%nExamples:%n",
        footer = {
            "  solemate doctor",
            "  solemate doctor --device serial:/dev/ttyUSB0 --routine my-evening.json",
            "  solemate doctor --broker mqtt://localhost:1883 --username solemate \\",
            "      --password-file ~/.solemate-mqtt",
            "  solemate doctor --broker mqtts://broker.home:8883 --ca /etc/solemate/ca.crt \\",
            "      --username solemate --password-env MQTT_PW"})
public final class DoctorCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--device", paramLabel = "URI", description = "Check that this device opens, e.g. serial:/dev/ttyUSB0.")
    String device;

    @Option(names = "--broker", paramLabel = "URI", description = "Check this MQTT broker, e.g. mqtt://localhost:1883.")
    String broker;

    @Mixin
    BrokerOptions login = new BrokerOptions();

    @Option(names = "--routine", paramLabel = "FILE", description = "Check a routine file (and how it plays on the profile or device).")
    Path routine;

    @Option(names = "--profile", paramLabel = "FILE", description = "Check a device profile file.")
    Path profile;

    @Option(names = "--timeout", paramLabel = "MS", defaultValue = "3000", hidden = true,
            description = "How long to wait for the broker, in milliseconds.")
    int timeoutMillis;

    private final SystemFacts facts;
    private final SessionLog history;

    public DoctorCommand() {
        this(new LocalSystem(), SessionLog.forUser());
    }

    /** For tests: a made-up machine and a history file. */
    public DoctorCommand(SystemFacts facts, SessionLog history) {
        this.facts = facts;
        this.history = history;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        List<CheckResult> results = new ArrayList<>();
        MachineChecks machine = new MachineChecks(facts);
        report(out, results, machine.java());
        report(out, results, machine.serialPermissions());
        report(out, results, machine.nativeLibrary());
        report(out, results, machine.tempDirExec());
        report(out, results, FileChecks.drivers());
        report(out, results, HistoryCheck.check(history));
        Optional<DeviceProfile> deviceProfile = Optional.empty();
        if (device != null) {
            FileChecks.DeviceCheck check = FileChecks.device(device);
            report(out, results, check.result());
            deviceProfile = check.profile();
        }
        if (broker != null) {
            report(out, results, brokerCheck());
        } else if (login.any()) {
            report(out, results, CheckResult.warn("broker", "broker login or TLS options given without --broker",
                    "add --broker mqtt://host:1883"));
        }
        DeviceProfile target = deviceProfile.orElse(DeviceProfiles.defaultProfile());
        if (profile != null) {
            CheckResult result = FileChecks.profile(profile);
            report(out, results, result);
            if (result.status() == CheckResult.Status.OK && deviceProfile.isEmpty()) {
                target = DeviceProfiles.load(profile);
            }
        }
        if (routine != null) {
            report(out, results, FileChecks.routine(routine, target));
        }
        long failed = results.stream().filter(r -> r.status() == CheckResult.Status.FAIL).count();
        long warned = results.stream().filter(r -> r.status() == CheckResult.Status.WARN).count();
        out.println();
        out.println(results.size() + " checks: " + failed + (failed == 1 ? " failure, " : " failures, ")
                + warned + (warned == 1 ? " warning" : " warnings")
                + (failed == 0 && warned == 0 ? "; all good." : "."));
        out.flush();
        return failed > 0 ? 1 : 0;
    }

    private CheckResult brokerCheck() {
        Optional<Secret> password;
        Optional<TlsOptions> tls;
        try {
            password = login.password(spec.commandLine().getErr(), System.getenv());
            tls = login.tls();
        } catch (IllegalArgumentException e) {
            return CheckResult.fail("broker", e.getMessage(), "check the broker options (solemate doctor --help)");
        }
        return new MqttProbe(Duration.ofMillis(timeoutMillis)).probe(broker, login.username(), password, tls);
    }

    private static void report(PrintWriter out, List<CheckResult> results, CheckResult result) {
        results.add(result);
        out.println(result.line());
        out.flush();
    }
}
