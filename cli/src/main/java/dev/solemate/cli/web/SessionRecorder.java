package dev.solemate.cli.web;

import dev.solemate.cli.history.SessionLog;
import dev.solemate.cli.history.SessionRecord;
import java.io.IOException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records each routine the page played in the session history, as {@code solemate run} does, so
 * that tonight and the streak count it. A history that cannot be written never spoils a massage.
 */
final class SessionRecorder implements Consumer<WebDevice.Finished> {

    private static final Logger LOG = LoggerFactory.getLogger(SessionRecorder.class);

    private final SessionLog log;

    SessionRecorder(SessionLog log) {
        this.log = log;
    }

    @Override
    public void accept(WebDevice.Finished f) {
        try {
            log.append(SessionRecord.of(f.start(), f.routine(), f.device(), f.profile(), f.result()));
        } catch (IOException | RuntimeException e) {
            LOG.warn("could not record the session in {}: {}", log.file(), e.toString());
        }
    }
}
