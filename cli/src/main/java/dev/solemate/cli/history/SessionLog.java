package dev.solemate.cli.history;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import dev.solemate.secret.PrivateFiles;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The history of played routines: an append-only file of JSON lines ({@code history.jsonl} in the
 * {@link StateDirectory}). A run writes its session when it starts, a heartbeat every
 * {@link #HEARTBEAT} while it plays, and the session again when it ends; the lines of one run share
 * a {@code session} id and the last one wins:
 *
 * <pre>{@code
 * {"session":"5f3a..","start":"2026-11-24T21:30:05+01:00","routine":"bedtime","device":"sim:","profile":"shiatsu-4zone","playedSeconds":0.0,"ending":"playing","reason":"playing","lastSeen":"...","host":"den","pid":4242}
 * {"session":"5f3a..","start":"2026-11-24T21:30:05+01:00",...,"playedSeconds":900.0,"ending":"completed","reason":"completed","lastSeen":"..."}
 * }</pre>
 *
 * <p>A session whose last line is still {@code playing} is a run going on now, unless its process
 * is gone or it missed its heartbeats: then it was killed (kill -9, a crash, a power cut) and is
 * read as {@code interrupted}, with the time it was last seen alive. SIGTERM lets a run record
 * {@code terminated} itself. The file is private ({@code 0600}) in a private folder ({@code 0700}):
 * it says when somebody goes to bed.
 *
 * <p>Each record is written with one {@code write} and forced to disk before {@link #append}
 * returns, so a crash loses at most the line being written. Reading skips such a torn last line
 * with a warning (and any other unreadable line likewise), and the next append starts on a fresh
 * line, so one bad line never breaks the log.
 *
 * <p>Thread-safe within a process; separate processes append whole lines with {@code O_APPEND}.
 */
public final class SessionLog {

    private static final Logger LOG = LoggerFactory.getLogger(SessionLog.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The history file's name inside the state directory. */
    public static final String FILE_NAME = "history.jsonl";

    /** How often a running session says it is alive. */
    public static final Duration HEARTBEAT = Duration.ofSeconds(20);
    /** A playing session not heard of for this long is taken as interrupted. */
    static final Duration STALE = HEARTBEAT.multipliedBy(3);

    private final Path file;
    private final Clock clock;

    public SessionLog(Path file) {
        this(file, Clock.systemDefaultZone());
    }

    /** A log read against {@code clock} (what counts as "not heard of for long"). */
    public SessionLog(Path file, Clock clock) {
        this.file = Objects.requireNonNull(file, "file");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The current user's history ({@link StateDirectory#forUser()}). */
    public static SessionLog forUser() {
        return new SessionLog(StateDirectory.forUser().resolve(FILE_NAME));
    }

    public Path file() {
        return file;
    }

    /**
     * Records that a session started and returns it, to {@link Session#alive beat} and
     * {@link Session#end end}. Never throws: a history that cannot be written must not spoil a massage.
     */
    public static Session beginQuietly(OffsetDateTime start, String routine, String device, String profile) {
        return forUser().begin(start, routine, device, profile);
    }

    /** {@link #beginQuietly} on this log (the dashboard's, or a test's). Never throws. */
    public Session begin(OffsetDateTime start, String routine, String device, String profile) {
        SessionLog log = this;
        SessionRecord record = new SessionRecord(start, routine, device, profile, Duration.ZERO, SessionEnding.PLAYING,
                SessionEnding.PLAYING.id(), Optional.of(UUID.randomUUID().toString()), Optional.of(start));
        Session session = new Session(log, record);
        session.write(record);
        return session;
    }

    /** A session being played: its start is on disk, its heartbeats and end go to the same log. */
    public static final class Session {
        private final SessionLog log;
        private final SessionRecord started;
        private volatile boolean ended;

        Session(SessionLog log, SessionRecord started) {
            this.log = log;
            this.started = started;
        }

        /** Says the session is still playing, {@code played} in. */
        public void alive(Duration played) {
            if (!ended) {
                write(started.ended(SessionEnding.PLAYING, played, SessionEnding.PLAYING.id(), OffsetDateTime.now()));
            }
        }

        /** Records how the session ended; later calls do nothing. */
        public void end(SessionEnding ending, Duration played, String reason) {
            if (!ended) {
                ended = true;
                write(started.ended(ending, played, reason, OffsetDateTime.now()));
            }
        }

        private void write(SessionRecord record) {
            try {
                log.append(record);
            } catch (IOException | RuntimeException e) {
                LOG.warn("could not record the session in {}: {}", log.file(), e.toString());
            }
        }
    }

    /** Appends one record and forces it to disk; creates the file (0600) and its folder (0700) when missing. */
    public synchronized void append(SessionRecord record) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        PrivateFiles.createPrivateDirectories(dir);
        byte[] line = (toJson(record) + "\n").getBytes(StandardCharsets.UTF_8);
        boolean fresh = endsWithNewline(file);
        if (!Files.exists(file)) {
            try {
                Files.createFile(file, PrivateFiles.ownerOnlyFile());
            } catch (java.nio.file.FileAlreadyExistsException raced) {
                // another run made it meanwhile
            }
        }
        // A history from an older version (0644 in a 0755 folder) is made private on the next write.
        PrivateFiles.makePrivate(file);
        PrivateFiles.makePrivate(dir);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND)) {
            ByteBuffer buffer = ByteBuffer.wrap(fresh ? line : withNewlineFirst(line));
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(true);
        }
    }

    /** Every readable record, oldest first, with a warning for each line that was skipped. */
    public synchronized Contents read() throws IOException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return new Contents(List.of(), List.of());
        }
        Map<Object, SessionRecord> records = new LinkedHashMap<>();
        List<String> warnings = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            boolean last = i == lines.length - 1;
            if (line.isEmpty()) {
                continue;
            }
            try {
                SessionRecord r = fromJson(line);
                // The lines of one run share an id: the latest is what is known about it.
                records.put(r.session().isPresent() ? r.session().get() : (Object) Integer.valueOf(i), r);
            } catch (IOException | RuntimeException e) {
                if (last) {
                    warnings.add(file + ":" + (i + 1) + ": skipped a torn last line (" + line.length()
                            + " characters; the program probably stopped while writing it)");
                } else if (e instanceof com.fasterxml.jackson.core.io.JsonEOFException) {
                    warnings.add(file + ":" + (i + 1) + ": skipped a torn line (" + line.length()
                            + " characters; the program probably stopped while writing it)");
                } else {
                    warnings.add(file + ":" + (i + 1) + ": skipped a line that is not a session record ("
                            + oneLine(e) + ")");
                }
            }
        }
        List<SessionRecord> result = new ArrayList<>();
        for (SessionRecord r : records.values()) {
            result.add(r.ending() == SessionEnding.PLAYING && !stillPlaying(r) ? interrupted(r) : r);
        }
        return new Contents(result, warnings);
    }

    /** True while a playing session's run can still be going: heard of recently and its process alive. */
    private boolean stillPlaying(SessionRecord r) {
        OffsetDateTime seen = r.lastSeen().orElse(r.start());
        if (Duration.between(seen.toInstant(), clock.instant()).compareTo(STALE) > 0) {
            return false;
        }
        return !processIsGone(r);
    }

    private final Map<SessionRecord, Boolean> gone = new java.util.concurrent.ConcurrentHashMap<>();

    private boolean processIsGone(SessionRecord r) {
        return gone.computeIfAbsent(r, x -> {
            OwnerProcess owner = owners.get(x);
            return owner != null && owner.host().equals(localHost())
                    && ProcessHandle.of(owner.pid()).map(p -> !p.isAlive()).orElse(true);
        });
    }

    private static SessionRecord interrupted(SessionRecord r) {
        OffsetDateTime seen = r.lastSeen().orElse(r.start());
        return r.ended(SessionEnding.INTERRUPTED, r.played(), "interrupted: the run ended without recording its end "
                + "(killed, crashed or the power went off)", seen);
    }

    private record OwnerProcess(String host, long pid) {
    }

    /** Who wrote a playing line (host and pid), kept aside from the record while reading. */
    private final Map<SessionRecord, OwnerProcess> owners = new java.util.concurrent.ConcurrentHashMap<>();

    static String localHost() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException | RuntimeException e) {
            return "localhost";
        }
    }

    /** What {@link #read()} found: the records and the lines it had to skip. */
    public record Contents(List<SessionRecord> records, List<String> warnings) {
        public Contents {
            records = List.copyOf(records);
            warnings = List.copyOf(warnings);
        }
    }

    static String toJson(SessionRecord r) {
        ObjectNode node = toNode(r);
        if (r.ending() == SessionEnding.PLAYING) {
            // Whose run it is, so that a reader on this machine can tell a killed run at once.
            node.put("host", localHost());
            node.put("pid", ProcessHandle.current().pid());
        }
        return node.toString();
    }

    /** A record as the history file keeps it, one JSON object; {@code solemate history --json} shows the same fields. */
    static ObjectNode toNode(SessionRecord r) {
        ObjectNode node = JSON.createObjectNode();
        r.session().ifPresent(id -> node.put("session", id));
        node.put("start", r.start().toString());
        node.put("routine", r.routine());
        node.put("device", r.device());
        node.put("profile", r.profile());
        node.put("playedSeconds", r.played().toMillis() / 1000.0);
        node.put("ending", r.ending().id());
        node.put("reason", r.reason());
        r.lastSeen().ifPresent(t -> node.put("lastSeen", t.toString()));
        return node;
    }

    SessionRecord fromJson(String line) throws IOException {
        JsonNode node = JSON.readTree(line);
        if (node == null || !node.isObject()) {
            throw new IOException("expected a JSON object");
        }
        SessionRecord r = new SessionRecord(
                OffsetDateTime.parse(required(node, "start").asText()),
                required(node, "routine").asText(),
                required(node, "device").asText(),
                required(node, "profile").asText(),
                Duration.ofMillis(Math.round(required(node, "playedSeconds").asDouble() * 1000)),
                SessionEnding.parse(required(node, "ending").asText()),
                node.path("reason").asText(""),
                node.hasNonNull("session") ? Optional.of(node.get("session").asText()) : Optional.empty(),
                node.hasNonNull("lastSeen") ? Optional.of(OffsetDateTime.parse(node.get("lastSeen").asText()))
                        : Optional.empty());
        if (node.hasNonNull("host") && node.path("pid").canConvertToLong()) {
            owners.put(r, new OwnerProcess(node.get("host").asText(), node.get("pid").asLong()));
        }
        return r;
    }

    private static JsonNode required(JsonNode node, String field) throws IOException {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw new IOException("missing field '" + field + "'");
        }
        return value;
    }

    // A crash mid-write leaves a last line without its newline; the next record must not be glued to it.
    private static boolean endsWithNewline(Path file) throws IOException {
        if (!Files.exists(file)) {
            return true;
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            if (size == 0) {
                return true;
            }
            ByteBuffer last = ByteBuffer.allocate(1);
            channel.read(last, size - 1);
            return last.get(0) == '\n';
        }
    }

    private static byte[] withNewlineFirst(byte[] line) {
        byte[] result = new byte[line.length + 1];
        result[0] = '\n';
        System.arraycopy(line, 0, result, 1, line.length);
        return result;
    }

    private static String oneLine(Throwable e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
