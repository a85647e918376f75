package dev.solemate.routine;

import dev.solemate.json.InvalidFileException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where routines come from: the built-in ones on the class path ({@code dev/solemate/routines/<name>.json},
 * listed in {@code index.txt}), user files and JSON text. The format is described in docs/routines.md;
 * every rejected file gives an {@link InvalidFileException} naming the file, line:column, JSON path
 * and what was expected.
 */
public final class Routines {

    static final String BUILT_IN_DIR = "dev/solemate/routines/";
    /** The JSON Schema of the routine format, on the class path (also docs/routine.schema.json). */
    public static final String SCHEMA_RESOURCE = BUILT_IN_DIR + "routine.schema.json";

    private Routines() {
    }

    /**
     * Parses routine JSON; {@code source} names the input in errors (a file name or {@code <stdin>}).
     *
     * @throws InvalidFileException at the first problem, with its location and what was expected
     */
    public static Routine parse(String source, String json) {
        // Some editors start UTF-8 files with a byte-order mark; it is not JSON, but it is harmless.
        String text = json.startsWith("\uFEFF") ? json.substring(1) : json;
        return RoutineParser.parse(source, text);
    }

    /** Reads and parses a routine file. @throws InvalidFileException naming the file and the problem */
    public static Routine load(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new InvalidFileException(file.toString(), "", 0, 0,
                    "the file is not UTF-8 text (expected a JSON file saved as UTF-8)", e);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new InvalidFileException(file.toString(), "", 0, 0, "no such file", e);
        } catch (IOException e) {
            throw RoutineParser.unreadable(file.toString(), e);
        }
        return parse(file.toString(), text);
    }

    /** The built-in routines by name, in the order of the index ({@code bedtime} first). */
    public static Map<String, Routine> builtIn() {
        return BuiltIns.ROUTINES;
    }

    /**
     * A built-in routine by name.
     *
     * @throws IllegalArgumentException naming the routine and listing the known ones
     */
    public static Routine builtIn(String name) {
        Routine routine = BuiltIns.ROUTINES.get(name);
        if (routine == null) {
            throw new IllegalArgumentException("unknown routine '" + name + "' (expected one of: "
                    + String.join(", ", BuiltIns.ROUTINES.keySet()) + ", or a .json file)"
                    + Suggest.closest(String.valueOf(name), BuiltIns.ROUTINES.keySet()));
        }
        return routine;
    }

    /**
     * A routine file when {@code nameOrPath} ends in {@code .json} or names an existing file,
     * otherwise a built-in routine by name.
     */
    public static Routine resolve(String nameOrPath) {
        Path path;
        try {
            path = Path.of(nameOrPath);
        } catch (RuntimeException e) {
            return builtIn(nameOrPath);
        }
        if (nameOrPath.endsWith(".json") || Files.isRegularFile(path)) {
            return load(path);
        }
        return builtIn(nameOrPath);
    }

    /**
     * The routine as JSON in the hand-written format (durations like {@code "1m30s"}); parsing it
     * gives back an equal routine. For saving routines built with {@link Routine#builder}.
     */
    public static String toJson(Routine routine) {
        return RoutineWriter.write(routine);
    }

    /** The routine JSON Schema (draft 2020-12) as text, for editors and tools. */
    public static String schema() {
        return resource(SCHEMA_RESOURCE);
    }

    static String resource(String name) {
        // Through the Class, not its ClassLoader: on the module path a module's resources are
        // readable by its own code only (dev/solemate/routines is not an open package).
        try (InputStream in = Routines.class.getResourceAsStream("/" + name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is missing from the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Loaded once, on first use; a broken built-in is a build bug and fails loudly. */
    private static final class BuiltIns {
        static final Map<String, Routine> ROUTINES = load();

        private static Map<String, Routine> load() {
            Map<String, Routine> result = new LinkedHashMap<>();
            for (String name : index()) {
                Routine routine = parse("<built-in routine " + name + ">", resource(BUILT_IN_DIR + name + ".json"));
                if (!routine.name().equals(name)) {
                    throw new IllegalStateException("built-in routine file " + name + ".json is named '"
                            + routine.name() + "' (expected '" + name + "')");
                }
                result.put(name, routine);
            }
            return Collections.unmodifiableMap(result);
        }

        private static List<String> index() {
            List<String> names = new ArrayList<>();
            for (String line : resource(BUILT_IN_DIR + "index.txt").split("\n")) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    names.add(line.trim());
                }
            }
            return names;
        }
    }
}
