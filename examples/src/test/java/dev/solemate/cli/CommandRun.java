package dev.solemate.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** Runs a command in-process with captured output, for golden tests. */
public record CommandRun(int exitCode, String out, String err) {

    /** Runs {@code command} (a picocli command object) with {@code args}. */
    public static CommandRun of(Object command, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(command);
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        cl.setExecutionExceptionHandler((e, line, parse) -> {
            line.getErr().println("solemate: " + e.getMessage());
            return 1;
        });
        int code = cl.execute(args);
        return new CommandRun(code, out.toString(), err.toString());
    }
}
