package dev.solemate.cli;

import dev.solemate.device.DeviceProfile;
import dev.solemate.device.DeviceProfiles;
import dev.solemate.routine.CompiledRoutine;
import dev.solemate.routine.Routine;
import dev.solemate.routine.RoutineCompiler;
import dev.solemate.routine.Routines;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code solemate validate FILE}: checks a routine file and compiles it for each device profile
 * (or the one given), showing what each device would have to adapt.
 */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = "Check a routine file: syntax, values, and how it compiles for each device profile.",
        footerHeading = "%nExamples:%n",
        footer = {"  solemate validate my-evening.json",
            "  solemate validate my-evening.json --profile budget-2zone"})
final class ValidateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "The routine file (JSON) to check.")
    Path file;

    @Option(names = "--profile", paramLabel = "ID|FILE",
            description = "Compile for this device profile only (default: every built-in profile).")
    String profile;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Routine routine = Routines.load(file);
        List<DeviceProfile> profiles = profile != null
                ? List.of(DeviceProfiles.resolve(profile))
                : List.copyOf(DeviceProfiles.builtIn().values());
        out.printf("%s: routine '%s' is valid, %s long%n", file, routine.name(), Durations.clock(routine.duration()));
        for (DeviceProfile p : profiles) {
            CompiledRoutine compiled = RoutineCompiler.compile(routine, p);
            int steps = compiled.steps().size();
            int commands = compiled.commands().size();
            out.printf("  %-14s %d %s, %d %s%s%n", p.id(), steps, steps == 1 ? "step" : "steps", commands,
                    commands == 1 ? "command" : "commands", compiled.warnings().isEmpty() ? "" : ", adapted:");
            for (String warning : compiled.warnings()) {
                out.printf("    - %s%n", warning);
            }
        }
        out.flush();
        return ExitCodes.OK;
    }
}
