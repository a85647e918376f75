package dev.solemate.safety;

import dev.solemate.SolemateException;

/** The safety governor refused a command; {@link #limit()} says which rule. */
public class SafetyLimitException extends SolemateException {

    private final SafetyLimit limit;

    public SafetyLimitException(SafetyLimit limit, String message) {
        super(message);
        this.limit = limit;
    }

    public SafetyLimit limit() {
        return limit;
    }
}
