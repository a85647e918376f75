package dev.solemate.cli.output;

import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.solemate.secret.Redaction;

/**
 * The details' layout: a pattern, then the whole record, stack trace included, through the one
 * redaction the project uses, so a password in a URI or an exception's message never reaches a
 * terminal or a log file.
 */
final class RedactingLayout extends PatternLayout {

    @Override
    public String doLayout(ILoggingEvent event) {
        return Redaction.redact(super.doLayout(event));
    }
}
