package dev.solemate.cli;

import java.io.PrintWriter;
import dev.solemate.secret.Redaction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

/**
 * Turns any failure into one line on stderr, {@code solemate: <what went wrong>}, and the matching
 * exit code. The stack trace goes to the details: {@code --verbose} or {@code --log-file}.
 */
final class ErrorReporter implements CommandLine.IExecutionExceptionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(ErrorReporter.class);

    @Override
    public int handleExecutionException(Exception e, CommandLine cl, CommandLine.ParseResult parseResult) {
        PrintWriter err = cl.getErr();
        Throwable cause = ExitCodes.unwrap(e);
        LOG.debug("'{}' failed", cl.getCommandSpec().qualifiedName(), cause);
        err.println("solemate: " + oneLine(cause));
        err.flush();
        return ExitCodes.forException(cause);
    }

    /**
     * A usage error in one line. picocli quotes what it did not understand; when that is the value
     * of an option that takes a secret ({@code --password S3cret}, {@code --token=...}) or a URI
     * holding one, the value is replaced by {@code ***}: a mistyped secret must not end up on the
     * screen, in a terminal's scroll-back or a CI log.
     */
    static int onUsageError(CommandLine.ParameterException e, String[] args) {
        CommandLine cl = e.getCommandLine();
        PrintWriter err = cl.getErr();
        String message = scrub(e.getMessage(), args);
        String hint = secretOption(args).map(o -> " (" + o + " is not an option: a password on the command line shows"
                + " in ps and the shell's history; use --password-file FILE or --password-env VARIABLE)").orElse("");
        err.println("solemate: " + message + hint + " (try '" + cl.getCommandSpec().qualifiedName() + " --help')");
        err.flush();
        return ExitCodes.USAGE;
    }

    /** {@code message} without the values that follow secret options in {@code args}, and with URIs redacted. */
    static String scrub(String message, String[] args) {
        String result = message == null ? "" : message;
        for (String secret : secretValues(args)) {
            if (!secret.isEmpty()) {
                result = result.replace(secret, Redaction.MASK);
            }
        }
        return Redaction.redact(result);
    }

    private static java.util.List<String> secretValues(String[] args) {
        java.util.List<String> values = new java.util.ArrayList<>();
        for (int i = 0; args != null && i < args.length; i++) {
            String a = args[i];
            if (!a.startsWith("-")) {
                continue;
            }
            int eq = a.indexOf('=');
            String name = (eq < 0 ? a : a.substring(0, eq)).replaceFirst("^-+", "");
            if (!Redaction.isSecretName(name)) {
                continue;
            }
            if (eq >= 0) {
                values.add(a.substring(eq + 1));
            } else if (i + 1 < args.length) {
                values.add(args[i + 1]);
            }
        }
        return values;
    }

    private static java.util.Optional<String> secretOption(String[] args) {
        for (int i = 0; args != null && i < args.length; i++) {
            String a = args[i];
            int eq = a.indexOf('=');
            String name = eq < 0 ? a : a.substring(0, eq);
            if (name.startsWith("-") && Redaction.isSecretName(name.replaceFirst("^-+", ""))) {
                return java.util.Optional.of(name);
            }
        }
        return java.util.Optional.empty();
    }

    static String oneLine(Throwable t) {
        String message = t.getMessage();
        if (message == null || message.isBlank()) {
            message = t.getClass().getSimpleName();
        }
        return Redaction.redact(message.replace('\n', ' ').trim());
    }
}
