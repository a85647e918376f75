package dev.solemate.cli.history;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.solemate.player.PlaybackEnding;
import dev.solemate.player.PlaybackResult;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The history of played routines: an append-only file of JSON lines ({@code history.jsonl} in the
 * {@link StateDirectory}), one session per line:
 *
 * <pre>{@code
 * {"start":"2026-11-24T21:30:05+01:00","routine":"bedtime","device":"sim:","profile":"shiatsu-4zone","playedSeconds":900.0,"ending":"completed","reason":"completed"}
 * }</pre>
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

    private final Path file;

    public SessionLog(Path file) {
        this.file = Objects.requireNonNull(file, "file");
    }

    /** The current user's history ({@link StateDirectory#forUser()}). */
    public static SessionLog forUser() {
        return new SessionLog(StateDirectory.forUser().resolve(FILE_NAME));
    }

    /**
     * Records a finished playback in the user's history, never throwing: a history that cannot be
     * written must not spoil a massage. A failure is logged as a warning and returned as false.
     */
    public static boolean recordQuietly(OffsetDateTime start, String routine, String device, String profile,
            PlaybackResult result) {
        SessionLog log = forUser();
        try {
            log.append(SessionRecord.of(start, routine, device, profile, result));
            return true;
        } catch (IOException | RuntimeException e) {
            LOG.warn("could not record the session in {}: {}", log.file(), e.toString());
            return false;
        }
    }

    public Path file() {
        return file;
    }

    /** Appends one record and forces it to disk; creates the file and its directory when missing. */
    public synchronized void append(SessionRecord record) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        byte[] line = (toJson(record) + "\n").getBytes(StandardCharsets.UTF_8);
        boolean fresh = endsWithNewline(file);
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
        List<SessionRecord> records = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            boolean last = i == lines.length - 1;
            if (line.isEmpty()) {
                continue;
            }
            try {
                records.add(fromJson(line));
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
        return new Contents(records, warnings);
    }

    /** What {@link #read()} found: the records and the lines it had to skip. */
    public record Contents(List<SessionRecord> records, List<String> warnings) {
        public Contents {
            records = List.copyOf(records);
            warnings = List.copyOf(warnings);
        }
    }

    static String toJson(SessionRecord r) {
        return toNode(r).toString();
    }

    /** A record as the history file keeps it, one JSON object; {@code solemate history --json} shows the same fields. */
    static ObjectNode toNode(SessionRecord r) {
        ObjectNode node = JSON.createObjectNode();
        node.put("start", r.start().toString());
        node.put("routine", r.routine());
        node.put("device", r.device());
        node.put("profile", r.profile());
        node.put("playedSeconds", r.played().toMillis() / 1000.0);
        node.put("ending", r.ending().id());
        node.put("reason", r.reason());
        return node;
    }

    static SessionRecord fromJson(String line) throws IOException {
        JsonNode node = JSON.readTree(line);
        if (node == null || !node.isObject()) {
            throw new IOException("expected a JSON object");
        }
        return new SessionRecord(
                OffsetDateTime.parse(required(node, "start").asText()),
                required(node, "routine").asText(),
                required(node, "device").asText(),
                required(node, "profile").asText(),
                Duration.ofMillis(Math.round(required(node, "playedSeconds").asDouble() * 1000)),
                PlaybackEnding.valueOf(required(node, "ending").asText().toUpperCase(Locale.ROOT)),
                node.path("reason").asText(""));
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
