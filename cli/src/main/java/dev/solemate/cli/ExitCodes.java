package dev.solemate.cli;

import dev.solemate.MassagerException;
import dev.solemate.json.InvalidFileException;
import dev.solemate.safety.SafetyLimitException;

/**
 * The exit codes of every {@code solemate} command, documented in {@code --help}:
 * 0 success, 1 device or runtime error, 2 bad usage, 3 invalid routine/profile/config file,
 * 4 safety refusal, 130 interrupted (Ctrl-C).
 */
public final class ExitCodes {

    public static final int OK = 0;
    public static final int FAILURE = 1;
    public static final int USAGE = 2;
    public static final int INVALID_FILE = 3;
    public static final int SAFETY = 4;
    public static final int INTERRUPTED = 130;
    /** Stopped by SIGTERM (128 + 15), as a shell reports it; the device was stopped and the session recorded. */
    public static final int TERMINATED = 143;

    /** The text shown under "Exit codes" in every command's help. */
    public static final String[] HELP = {
        "0:Success.",
        "1:Device or runtime error (the message says what to do).",
        "2:Bad usage (unknown option, routine or device scheme).",
        "3:Invalid routine, profile or configuration file.",
        "4:Refused by the safety governor.",
        "130:Interrupted with Ctrl-C; the device was stopped.",
        "143:Terminated (SIGTERM); the device was stopped and the session recorded.",
    };

    private ExitCodes() {
    }

    public static int forException(Throwable e) {
        Throwable cause = unwrap(e);
        if (cause instanceof InvalidFileException) {
            return INVALID_FILE;
        }
        if (cause instanceof SafetyLimitException) {
            return SAFETY;
        }
        if (cause instanceof MassagerException) {
            return FAILURE;
        }
        if (cause instanceof IllegalArgumentException) {
            return USAGE;
        }
        return FAILURE;
    }

    static Throwable unwrap(Throwable e) {
        Throwable t = e;
        while ((t instanceof java.util.concurrent.CompletionException
                || t instanceof java.util.concurrent.ExecutionException
                || t instanceof picocli.CommandLine.ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }
}
