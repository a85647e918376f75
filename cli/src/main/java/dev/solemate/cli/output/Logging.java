package dev.solemate.cli.output;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.jul.LevelChangePropagator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.FileAppender;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import ch.qos.logback.core.status.NopStatusListener;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * The one logging setup of the {@code solemate} command (logback), made in code once the command
 * line is read. The libraries log through the SLF4J API only; Paho's {@code java.util.logging} and
 * HiveMQ's logback records end up here too.
 *
 * <ul>
 *   <li><b>By default</b> a terminal shows only what the command says itself ({@link Voice}): no
 *       logger names, levels or stack traces. A Solemate library's error (a bug, not an expected
 *       failure, which the command explains itself) shows as one plain line, once.</li>
 *   <li><b>{@code --verbose}</b> adds every record (Solemate's at DEBUG, others from INFO) on stderr,
 *       with time, level, thread, logger and stack traces: the details for a bug report.</li>
 *   <li><b>{@code --log-file FILE}</b> writes the same details, and the command's own sentences, to
 *       FILE (appended), leaving the terminal calm.</li>
 * </ul>
 */
public final class Logging {

    /** The logger the command's own sentences are recorded under (for log files only). */
    public static final String VOICE_LOGGER = "solemate";

    private static final String DETAIL_PATTERN =
            "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level [%thread] %logger - %msg%n";

    /**
     * How to log.
     *
     * @param verbose details on stderr
     * @param logFile details in a file
     */
    public record Settings(boolean verbose, Optional<Path> logFile) {
        public Settings {
            Objects.requireNonNull(logFile, "logFile");
        }

        /** Only the command's own sentences on the terminal. */
        public static Settings terminal() {
            return new Settings(false, Optional.empty());
        }

        /** True when any details are recorded somewhere. */
        public boolean detailed() {
            return verbose || logFile.isPresent();
        }
    }

    private static volatile Settings current = Settings.terminal();

    private Logging() {
    }

    /** Configures logging for this process; called once the options are known. */
    public static void configure(Settings settings) {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return; // another SLF4J backend was chosen on purpose (an embedding application): leave it
        }
        apply(context, settings);
    }

    /** The settings in force. */
    public static Settings current() {
        return current;
    }

    static synchronized void apply(LoggerContext context, Settings settings) {
        context.reset();
        NopStatusListener quiet = new NopStatusListener();
        context.getStatusManager().add(quiet);
        routeJavaUtilLogging(context);

        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        Logger solemate = context.getLogger("dev.solemate");
        Logger voice = context.getLogger(VOICE_LOGGER);
        voice.setAdditive(false);
        if (settings.detailed()) {
            root.setLevel(Level.INFO);
            solemate.setLevel(Level.DEBUG);
            voice.setLevel(Level.INFO);
        } else {
            root.setLevel(Level.ERROR);
            solemate.setLevel(Level.ERROR);
            voice.setLevel(Level.OFF);
        }

        if (!settings.verbose()) {
            TerminalErrors errors = new TerminalErrors();
            errors.setContext(context);
            errors.start();
            root.addAppender(errors);
        }
        if (settings.verbose()) {
            root.addAppender(console(context));
        }
        if (settings.logFile().isPresent()) {
            Appender<ILoggingEvent> file = file(context, settings.logFile().get());
            root.addAppender(file);
            voice.addAppender(file);
        }
        current = settings;
    }

    private static void routeJavaUtilLogging(LoggerContext context) {
        // Paho logs through java.util.logging; without this its SEVERE lines and stack traces go to stderr.
        if (!SLF4JBridgeHandler.isInstalled()) {
            SLF4JBridgeHandler.removeHandlersForRootLogger();
            SLF4JBridgeHandler.install();
        }
        // Keeps JUL's levels in step with logback's, so disabled records are not even created.
        LevelChangePropagator propagator = new LevelChangePropagator();
        propagator.setContext(context);
        propagator.setResetJUL(true);
        propagator.start();
        context.addListener(propagator);
    }

    private static Appender<ILoggingEvent> console(LoggerContext context) {
        ConsoleAppender<ILoggingEvent> appender = new ConsoleAppender<>();
        appender.setContext(context);
        appender.setName("verbose");
        appender.setTarget("System.err");
        appender.setEncoder(encoder(context));
        appender.start();
        return appender;
    }

    private static Appender<ILoggingEvent> file(LoggerContext context, Path path) {
        FileAppender<ILoggingEvent> appender = new FileAppender<>();
        appender.setContext(context);
        appender.setName("file");
        appender.setFile(path.toString());
        appender.setAppend(true);
        appender.setEncoder(encoder(context));
        appender.start();
        if (!appender.isStarted()) {
            throw new IllegalArgumentException("--log-file " + path + " cannot be written (check the directory"
                    + " exists and is writable by you)");
        }
        return appender;
    }

    private static LayoutWrappingEncoder<ILoggingEvent> encoder(LoggerContext context) {
        RedactingLayout layout = new RedactingLayout();
        layout.setContext(context);
        layout.setPattern(DETAIL_PATTERN);
        layout.start();
        LayoutWrappingEncoder<ILoggingEvent> encoder = new LayoutWrappingEncoder<>();
        encoder.setContext(context);
        encoder.setLayout(layout);
        encoder.start();
        return encoder;
    }
}
