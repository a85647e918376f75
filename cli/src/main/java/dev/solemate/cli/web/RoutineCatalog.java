package dev.solemate.cli.web;

import dev.solemate.json.InvalidFileException;
import dev.solemate.routine.Routine;
import dev.solemate.routine.Routines;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The routines the page offers: the built-in ones, then the user's routine files ({@code --routines},
 * files or folders of {@code .json} files). Files are read again on every listing, so a routine
 * edited while {@code serve} runs shows up as it is now; a file that became invalid is left out and
 * its problem listed.
 */
final class RoutineCatalog {

    private final List<Path> paths;

    /** One routine, and where it came from ({@code built-in} or the file). */
    record Entry(Routine routine, String source) {
    }

    /** What a listing found: the routines by name and the files that could not be used. */
    record Listing(Map<String, Entry> routines, List<String> problems) {
    }

    RoutineCatalog(List<Path> paths) {
        this.paths = List.copyOf(paths);
    }

    /**
     * Checks the files once at start, so a broken file stops {@code serve} with its line and column.
     *
     * @throws InvalidFileException for the first broken file
     */
    void validate() {
        Listing listing = list(true);
        if (!listing.problems().isEmpty()) {
            throw new IllegalArgumentException(listing.problems().get(0));
        }
    }

    Listing list() {
        return list(false);
    }

    private Listing list(boolean strict) {
        Map<String, Entry> result = new LinkedHashMap<>();
        Routines.builtIn().forEach((name, routine) -> result.put(name, new Entry(routine, "built-in")));
        List<String> problems = new ArrayList<>();
        for (Path file : files(problems)) {
            try {
                Routine routine = Routines.load(file);
                Entry before = result.get(routine.name());
                if (before != null) {
                    problems.add(file + ": its routine is named '" + routine.name() + "' like the one from "
                            + before.source() + " (give it another \"name\")");
                    continue;
                }
                result.put(routine.name(), new Entry(routine, file.toString()));
            } catch (InvalidFileException e) {
                if (strict) {
                    throw e;
                }
                problems.add(e.getMessage());
            }
        }
        return new Listing(result, problems);
    }

    private List<Path> files(List<String> problems) {
        List<Path> files = new ArrayList<>();
        for (Path path : paths) {
            if (Files.isDirectory(path)) {
                try (Stream<Path> entries = Files.list(path)) {
                    entries.filter(p -> p.getFileName().toString().endsWith(".json") && Files.isRegularFile(p))
                            .sorted().forEach(files::add);
                } catch (IOException e) {
                    problems.add(path + ": cannot list the folder (" + e.getMessage() + ")");
                }
            } else if (Files.isRegularFile(path)) {
                files.add(path);
            } else {
                problems.add(path + ": no such file or folder (expected a routine .json file or a folder of them)");
            }
        }
        return files;
    }
}
