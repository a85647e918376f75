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

    private static final int WIDTH = 80;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        for (Routine routine : Routines.builtIn().values()) {
            String head = String.format("%-16s %6s  ", routine.name(), Durations.clock(routine.duration()));
            out.print(wrapped(head, summary(routine.description()), WIDTH));
        }
        out.flush();
        return ExitCodes.OK;
    }

    /** The description's headline: its first sentence, up to a colon that introduces the details. */
    static String summary(String text) {
        int dot = text.indexOf(". ");
        String sentence = dot > 0 ? text.substring(0, dot + 1) : text;
        int colon = sentence.indexOf(": ");
        return colon > 0 ? sentence.substring(0, colon) + "." : sentence;
    }

    /** {@code head} then {@code text}, wrapped at word breaks to {@code width - 1} columns, continuation lines indented under the text. */
    static String wrapped(String head, String text, int width) {
        StringBuilder out = new StringBuilder(head);
        int column = head.length();
        String indent = " ".repeat(head.length());
        boolean first = true;
        for (String word : text.split(" ")) {
            if (!first && column + 1 + word.length() > width - 1) {
                out.append(System.lineSeparator()).append(indent);
                column = indent.length();
                first = true;
            }
            if (!first) {
                out.append(' ');
                column++;
            }
            out.append(word);
            column += word.length();
            first = false;
        }
        return out.append(System.lineSeparator()).toString();
    }
}
