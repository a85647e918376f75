package dev.solemate.cli;

import dev.solemate.routine.Routine;
import dev.solemate.routine.Routines;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code solemate routines}: the built-in routines with their durations. */
@Command(name = "routines", mixinStandardHelpOptions = true,
        description = "List the built-in routines with their durations.",
        footerHeading = "%nExample:%n", footer = "  solemate routines")
final class RoutinesCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        for (Routine routine : Routines.builtIn().values()) {
            out.printf("%-16s %6s  %s%n", routine.name(), Durations.clock(routine.duration()),
                    firstSentence(routine.description()));
        }
        out.flush();
        return ExitCodes.OK;
    }

    private static String firstSentence(String text) {
        int dot = text.indexOf(". ");
        return dot > 0 ? text.substring(0, dot + 1) : text;
    }
}
