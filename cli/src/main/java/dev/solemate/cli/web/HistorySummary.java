package dev.solemate.cli.web;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.solemate.cli.history.Evenings;
import dev.solemate.cli.history.SessionLog;
import dev.solemate.cli.history.SessionRecord;
import java.io.IOException;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Tonight and the streak, from the same session history and rules as {@code solemate history}: an
 * evening runs until 04:00, sessions on the simulator are practice (listed, not counted), and the
 * strip shows the last 14 evenings, tonight last.
 */
final class HistorySummary {

    static final int STRIP_EVENINGS = 14;
    private static final int RECENT = 10;

    private HistorySummary() {
    }

    static ObjectNode of(SessionLog log, Clock clock) throws IOException {
        SessionLog.Contents contents = log.read();
        LocalDate tonight = Evenings.currentEvening(clock.instant(), clock.getZone());
        Evenings.Streak streak = Evenings.streak(contents.records(), tonight);
        ObjectNode n = Json.object().put("tonight", tonight.toString());
        ObjectNode s = n.putObject("streak").put("evenings", streak.evenings())
                .put("tonight_done", streak.tonight());
        s.put("since", streak.since().map(LocalDate::toString).orElse(null));
        Set<LocalDate> done = new HashSet<>();
        contents.records().stream().filter(SessionRecord::counts).forEach(r -> done.add(Evenings.eveningOf(r.start())));
        ArrayNode strip = n.putArray("strip");
        for (int i = STRIP_EVENINGS - 1; i >= 0; i--) {
            LocalDate evening = tonight.minusDays(i);
            strip.addObject().put("evening", evening.toString()).put("session", done.contains(evening))
                    .put("tonight", i == 0);
        }
        List<SessionRecord> recent = contents.records().stream()
                .sorted(Comparator.comparing(SessionRecord::start).reversed()).limit(RECENT).toList();
        ArrayNode sessions = n.putArray("sessions");
        for (SessionRecord r : recent) {
            sessions.addObject().put("start", r.start().toString()).put("evening", Evenings.eveningOf(r.start()).toString())
                    .put("routine", r.routine()).put("played", r.played().toSeconds()).put("ending", r.ending().id())
                    .put("reason", r.reason()).put("counts", r.counts()).put("simulated", r.onSimulator());
        }
        ArrayNode warnings = n.putArray("warnings");
        contents.warnings().forEach(warnings::add);
        return n;
    }
}
