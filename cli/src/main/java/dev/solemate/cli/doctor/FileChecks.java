package dev.solemate.cli.doctor;

import dev.solemate.Massager;
import dev.solemate.Massagers;
import dev.solemate.device.DeviceProfile;
import dev.solemate.device.DeviceProfiles;
import dev.solemate.driver.MassagerDriver;
import dev.solemate.json.InvalidFileException;
import dev.solemate.routine.CompiledRoutine;
import dev.solemate.routine.Routine;
import dev.solemate.routine.RoutineCompiler;
import dev.solemate.routine.Routines;
import dev.solemate.secret.Redaction;
import dev.solemate.cli.plot.TimeLabels;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** The checks of what the user points the doctor at: drivers, a device, a profile file, a routine file. */
public final class FileChecks {

    private FileChecks() {
    }

    public static CheckResult drivers() {
        Map<String, MassagerDriver> drivers = Massagers.drivers();
        if (drivers.isEmpty()) {
            return CheckResult.fail("drivers", "no massager driver on the class path",
                    "run solemate through its launcher, which puts the driver jars on the class path");
        }
        return CheckResult.ok("drivers", drivers.keySet().stream().sorted().map(s -> s + ":").collect(Collectors.joining(" ")));
    }

    public static CheckResult profile(Path file) {
        try {
            DeviceProfile profile = DeviceProfiles.load(file);
            return CheckResult.ok("profile file", file + ": " + profile.id() + " (" + profile.name() + "), "
                    + profile.zones().size() + " zones, " + profile.intensitySteps() + " levels");
        } catch (InvalidFileException e) {
            return CheckResult.fail("profile file", e.getMessage(), "fix the file at the place named; "
                    + "the built-in profiles in core/src/main/resources/dev/solemate/profiles are examples");
        }
    }

    public static CheckResult routine(Path file, DeviceProfile profile) {
        try {
            Routine routine = Routines.load(file);
            CompiledRoutine compiled = RoutineCompiler.compile(routine, profile);
            String what = file + ": " + routine.name() + ", " + TimeLabels.clock(routine.duration()) + ", "
                    + plural(compiled.steps().size(), "step");
            if (!compiled.warnings().isEmpty()) {
                return CheckResult.warn("routine file", what + "; " + plural(compiled.warnings().size(), "adaptation")
                        + " for " + profile.id() + " (first: " + compiled.warnings().get(0) + ")",
                        "see them all with solemate plot " + file + " --profile " + profile.id() + " --output plot.svg");
            }
            return CheckResult.ok("routine file", what + ", plays as written on " + profile.id());
        } catch (InvalidFileException e) {
            return CheckResult.fail("routine file", e.getMessage(), "fix the file at the place named;"
                    + " docs/routines.md describes the format");
        } catch (IllegalArgumentException e) {
            return CheckResult.fail("routine file", file + ": " + e.getMessage(), "fix the routine;"
                    + " docs/routines.md describes the format");
        }
    }

    private static String plural(int n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    /** What the device check found: the result, and the device's profile when it opened. */
    public record DeviceCheck(CheckResult result, Optional<DeviceProfile> profile) {
    }

    /** Opens the device and closes it again. */
    public static DeviceCheck device(String uri) {
        try (Massager massager = Massagers.open(uri)) {
            return new DeviceCheck(CheckResult.ok("device", Redaction.redact(uri) + " opened: " + massager.profile().id()
                    + " (" + dev.solemate.cli.DeviceNames.of(massager.profile()) + "), firmware "
                    + massager.info().firmware() + ", serial number " + massager.info().serialNumber()),
                    Optional.of(massager.profile()));
        } catch (IllegalArgumentException e) {
            return new DeviceCheck(CheckResult.fail("device", Redaction.redact(e.getMessage()),
                    "check the device URI, e.g. sim: or serial:/dev/ttyUSB0"), Optional.empty());
        } catch (RuntimeException e) {
            String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            return new DeviceCheck(CheckResult.fail("device", Redaction.redact(uri + " did not open: " + message),
                    "check the cable, the power and the port (solemate ports lists them)"), Optional.empty());
        }
    }
}
