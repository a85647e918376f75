package dev.solemate.cli;

import java.io.PrintWriter;
import picocli.CommandLine;

/**
 * Turns any failure into one line on stderr, {@code solemate: <what went wrong>}, and the matching
 * exit code. A stack trace is shown only with {@code SOLEMATE_DEBUG=1}.
 */
final class ErrorReporter implements CommandLine.IExecutionExceptionHandler {

    @Override
    public int handleExecutionException(Exception e, CommandLine cl, CommandLine.ParseResult parseResult) {
        PrintWriter err = cl.getErr();
        Throwable cause = ExitCodes.unwrap(e);
        err.println("solemate: " + oneLine(cause));
        if ("1".equals(System.getenv("SOLEMATE_DEBUG"))) {
            cause.printStackTrace(err);
        }
        err.flush();
        return ExitCodes.forException(cause);
    }

    static int onUsageError(CommandLine.ParameterException e, String[] args) {
        CommandLine cl = e.getCommandLine();
        PrintWriter err = cl.getErr();
        err.println("solemate: " + e.getMessage() + " (try '" + cl.getCommandSpec().qualifiedName() + " --help')");
        err.flush();
        return ExitCodes.USAGE;
    }

    static String oneLine(Throwable t) {
        String message = t.getMessage();
        if (message == null || message.isBlank()) {
            message = t.getClass().getSimpleName();
        }
        return message.replace('\n', ' ').trim();
    }
}
