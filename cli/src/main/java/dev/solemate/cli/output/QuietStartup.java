package dev.solemate.cli.output;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.core.spi.ContextAwareBase;

/**
 * Logback's configuration before the command line is read: the terminal setup of {@link Logging}
 * (only the command's own sentences, and a library's errors as one plain line). Found by logback
 * through {@code META-INF/services}, ahead of any {@code logback.xml}, so nothing a library or a
 * static initialiser logs early can print logback's default debug lines on a user's terminal.
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_TOP_PRIORITY)
public final class QuietStartup extends ContextAwareBase implements Configurator {

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        Logging.apply(context, Logging.Settings.terminal());
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }
}
