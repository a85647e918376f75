package dev.solemate.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/**
 * Runs one command object in-process with captured output and the same error handling and exit
 * codes as {@link Main}, for golden tests of commands built with test doubles (a fixed clock, a
 * made-up machine, piped input).
 */
public record CommandRun(int exitCode, String out, String err) {

    /** Runs {@code command} (a picocli command object) with {@code args}. */
    public static CommandRun of(Object command, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(command);
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        cl.setExecutionExceptionHandler(new ErrorReporter());
        cl.setParameterExceptionHandler(ErrorReporter::onUsageError);
        cl.setExitCodeExceptionMapper(ExitCodes::forException);
        int code = cl.execute(args);
        return new CommandRun(code, out.toString(), err.toString());
    }
}
