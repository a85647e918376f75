package dev.solemate.cli.doctor;

import dev.solemate.secret.Redaction;
import java.util.Objects;

/**
 * The outcome of one doctor check, printed as {@code ok|warn|FAIL  <check>: <detail>; <how to fix>}.
 *
 * @param status  ok, warn or FAIL
 * @param check   what was checked, e.g. {@code serial permissions}
 * @param detail  what was found
 * @param fix     what to do about it; empty for ok
 */
public record CheckResult(Status status, String check, String detail, String fix) {

    /** How a check went; only FAIL makes {@code solemate doctor} exit non-zero. */
    public enum Status {
        OK("ok"), WARN("warn"), FAIL("FAIL");

        private final String label;

        Status(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    public CheckResult {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(check, "check");
        Objects.requireNonNull(detail, "detail");
        Objects.requireNonNull(fix, "fix");
        // Every line the doctor prints passes here: a device or broker URI in it loses its secrets.
        detail = Redaction.redact(detail);
        fix = Redaction.redact(fix);
    }

    public static CheckResult ok(String check, String detail) {
        return new CheckResult(Status.OK, check, detail, "");
    }

    public static CheckResult warn(String check, String detail, String fix) {
        return new CheckResult(Status.WARN, check, detail, fix);
    }

    public static CheckResult fail(String check, String detail, String fix) {
        return new CheckResult(Status.FAIL, check, detail, fix);
    }

    /** The one line the doctor prints. */
    public String line() {
        String text = String.format("%-4s  %s: %s", status.label(), check, detail.replace('\n', ' '));
        return fix.isEmpty() ? text : text + "; " + fix;
    }
}
