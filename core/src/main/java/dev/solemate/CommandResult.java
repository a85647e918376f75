package dev.solemate;

import dev.solemate.safety.SafetyWarning;
import java.util.List;

/**
 * What a command did once the device acknowledged it: the level the device is at now, the level it
 * is heading for (higher when the governor is raising it gradually), and any safety warnings.
 */
public record CommandResult(int appliedLevel, int targetLevel, List<SafetyWarning> warnings) {

    public CommandResult {
        warnings = List.copyOf(warnings);
    }

    public static CommandResult ok(int level) {
        return new CommandResult(level, level, List.of());
    }

    /** True when the governor reduced or delayed the command. */
    public boolean wasModified() {
        return !warnings.isEmpty();
    }
}
