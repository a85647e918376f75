package dev.solemate.cli.history;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.solemate.cli.plot.TimeLabels;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code solemate history}: recent sessions and the current streak of evenings with a session. */
@Command(name = "history", mixinStandardHelpOptions = true,
        description = {
            "Show the routines played recently and the current streak of evenings with a session.",
            "Every 'solemate run' is recorded in $XDG_STATE_HOME/solemate/history.jsonl"
                    + " (default ~/.local/state/solemate/, readable by you only) when it starts and again when it ends;"
                    + " a run that was killed shows as interrupted, with when it was last seen alive. An evening runs until 04:00 the next morning;"
                    + " a session counts when it completed or played at least a minute."},
        footerHeading = "%nExamples:%n",
        footer = {
            "  solemate history                 the last 14 evenings and the streak",
            "  solemate history --days 30 --json"})
public final class HistoryCommand implements Callable<Integer> {

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("EEE d MMM HH:mm", Locale.ENGLISH);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("EEE d MMM", Locale.ENGLISH);
    private static final int STRIP_MAX = 30;

    @Spec
    CommandSpec spec;

    @Option(names = "--days", paramLabel = "N", defaultValue = "14",
            description = "Show the sessions of the last N evenings (default: ${DEFAULT-VALUE}).")
    int days;

    @Option(names = "--json", description = "Print JSON for programs instead of text.")
    boolean json;

    private final Clock clock;
    private final SessionLog log;

    /** The command on the user's history and the system clock. */
    public HistoryCommand() {
        this(Clock.systemDefaultZone(), null);
    }

    /** For tests: a fixed clock and a given log ({@code null} for the user's). */
    public HistoryCommand(Clock clock, SessionLog log) {
        this.clock = clock;
        this.log = log;
    }

    @Override
    public Integer call() throws IOException {
        if (days < 1 || days > 3660) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--days " + days + " is out of range (expected 1 to 3660)");
        }
        SessionLog source = log != null ? log : SessionLog.forUser();
        SessionLog.Contents contents = source.read();
        PrintWriter err = spec.commandLine().getErr();
        for (String warning : contents.warnings()) {
            err.println("solemate: warning: " + warning);
        }
        err.flush();
        LocalDate tonight = Evenings.currentEvening(clock.instant(), clock.getZone());
        LocalDate first = tonight.minusDays(days - 1L);
        List<SessionRecord> recent = contents.records().stream()
                .filter(r -> !Evenings.eveningOf(r.start()).isBefore(first))
                .sorted(Comparator.comparing(SessionRecord::start).reversed())
                .toList();
        Evenings.Streak streak = Evenings.streak(contents.records(), tonight);
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(toJson(recent, streak, contents.warnings()));
        } else {
            printText(out, recent, streak, contents, tonight);
        }
        out.flush();
        return 0;
    }

    private void printText(PrintWriter out, List<SessionRecord> recent, Evenings.Streak streak,
            SessionLog.Contents contents, LocalDate tonight) {
        if (contents.records().isEmpty()) {
            out.println("No sessions yet. Play one with: solemate run bedtime");
            return;
        }
        out.println("Sessions of the last " + days + (days == 1 ? " evening:" : " evenings:"));
        if (recent.isEmpty()) {
            out.println("  (none)");
        }
        for (SessionRecord r : recent) {
            String reason = r.reason().equals(r.ending().id()) ? "" : "  " + r.reason();
            if (r.ending() == SessionEnding.INTERRUPTED && r.lastSeen().isPresent()) {
                reason = "  last seen alive " + WHEN.format(r.lastSeen().get());
            }
            out.printf("  %-16s  %-16s %7s  %-9s  %s%s%n", WHEN.format(r.start()), r.routine(),
                    TimeLabels.clock(r.played()), r.ending().id(), r.device(), reason);
        }
        if (recent.stream().anyMatch(SessionRecord::onSimulator)) {
            out.println("  (sessions on the simulator, sim:, are practice: listed, not counted in the streak)");
        }
        out.println();
        out.println(strip(contents, tonight));
        if (streak.evenings() == 0) {
            out.println("Streak: none yet. One session tonight starts it.");
        } else {
            out.println("Streak: " + streak.evenings() + (streak.evenings() == 1 ? " evening" : " evenings in a row")
                    + " (since " + DAY.format(streak.since().orElseThrow()) + ")"
                    + (streak.tonight() ? "; tonight done." : "; tonight not yet."));
        }
    }

    /** One mark per evening, oldest first: ● a session that counts, · none, ○ tonight so far without one. */
    private String strip(SessionLog.Contents contents, LocalDate tonight) {
        int shown = Math.min(days, STRIP_MAX);
        java.util.Set<LocalDate> done = new java.util.HashSet<>();
        contents.records().stream().filter(SessionRecord::counts).forEach(r -> done.add(Evenings.eveningOf(r.start())));
        StringBuilder sb = new StringBuilder();
        for (int i = shown - 1; i >= 0; i--) {
            LocalDate evening = tonight.minusDays(i);
            sb.append(done.contains(evening) ? '●' : i == 0 ? '○' : '·');
        }
        return "Last " + shown + " evenings: " + sb + "  (● a session, · none, ○ tonight so far; tonight last)";
    }

    private static String toJson(List<SessionRecord> recent, Evenings.Streak streak, List<String> warnings) {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode root = mapper.createObjectNode();
        ObjectNode s = root.putObject("streak");
        s.put("evenings", streak.evenings());
        s.put("since", streak.since().map(LocalDate::toString).orElse(null));
        s.put("tonight", streak.tonight());
        ArrayNode sessions = root.putArray("sessions");
        for (SessionRecord r : recent) {
            // the file's fields, with the evening right after the start (setAll keeps "start" where it is)
            ObjectNode node = sessions.addObject();
            node.put("start", r.start().toString());
            node.put("evening", Evenings.eveningOf(r.start()).toString());
            node.setAll(SessionLog.toNode(r));
        }
        ArrayNode w = root.putArray("warnings");
        warnings.forEach(w::add);
        return root.toString();
    }
}
