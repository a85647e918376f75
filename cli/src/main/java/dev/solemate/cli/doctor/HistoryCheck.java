package dev.solemate.cli.doctor;

import dev.solemate.cli.history.SessionLog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Checks that the session history can be read and written, so that every evening is recorded. */
final class HistoryCheck {

    private HistoryCheck() {
    }

    static CheckResult check(SessionLog log) {
        String check = "history";
        Path file = log.file();
        Path dir = file.toAbsolutePath().getParent();
        try {
            SessionLog.Contents contents = log.read();
            Path existing = dir;
            while (existing != null && !Files.exists(existing)) {
                existing = existing.getParent();
            }
            if (existing == null || !Files.isWritable(Files.exists(file) ? file : existing)) {
                return CheckResult.fail(check, file + " cannot be written, so sessions are not recorded",
                        "make " + (Files.exists(file) ? file : existing) + " writable by you, or set"
                                + " XDG_STATE_HOME to a directory you own");
            }
            String sessions = contents.records().size() + (contents.records().size() == 1 ? " session" : " sessions");
            if (!contents.warnings().isEmpty()) {
                return CheckResult.warn(check, file + ": " + sessions + "; " + contents.warnings().size()
                        + " unreadable line(s) skipped (" + contents.warnings().get(0) + ")",
                        "nothing to do: unreadable lines are skipped; delete them to silence this");
            }
            return CheckResult.ok(check, file + (Files.exists(file) ? ": " + sessions : " (created by the first run)"));
        } catch (IOException e) {
            return CheckResult.fail(check, "cannot read " + file + " (" + e.getMessage() + ")",
                    "check its permissions, or set XDG_STATE_HOME to a directory you own");
        }
    }
}
