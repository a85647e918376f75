package dev.solemate.safety;

import java.util.Objects;

/** The governor changed a command to keep it safe: which rule, and what it did, in words. */
public record SafetyWarning(SafetyLimit limit, String message) {

    public SafetyWarning {
        Objects.requireNonNull(limit, "limit");
        Objects.requireNonNull(message, "message");
    }

    @Override
    public String toString() {
        return limit.id() + ": " + message;
    }
}
