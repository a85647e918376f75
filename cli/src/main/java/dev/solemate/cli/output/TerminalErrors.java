package dev.solemate.cli.output;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The only log records a terminal shows without {@code --verbose}: an error of a Solemate library,
 * which the command did not expect and so cannot put in its own words, as one plain line
 * ({@code solemate: <message> (details: --verbose)}), each distinct message once. Everything else,
 * and the stack trace, is a detail for {@code --verbose} and {@code --log-file}.
 */
final class TerminalErrors extends AppenderBase<ILoggingEvent> {

    private static final int REMEMBERED = 64;

    private final Set<String> shown = Collections.newSetFromMap(new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > REMEMBERED;
        }
    });

    @Override
    protected void append(ILoggingEvent event) {
        if (!event.getLevel().isGreaterOrEqual(Level.ERROR) || !event.getLoggerName().startsWith("dev.solemate.")) {
            return;
        }
        String message = event.getFormattedMessage();
        if (message == null) {
            return;
        }
        String line = dev.solemate.secret.Redaction.redact(message.replace('\n', ' ').strip());
        synchronized (shown) {
            if (!shown.add(line)) {
                return;
            }
        }
        System.err.println("solemate: " + line + " (details: --verbose)");
        System.err.flush();
    }
}
