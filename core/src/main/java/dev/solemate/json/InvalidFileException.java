package dev.solemate.json;

import dev.solemate.SolemateException;

/**
 * A data file (routine, device profile, configuration) was rejected. The message names the file,
 * where in it the problem is (line, column and JSON path) and what was expected, for example
 * {@code bedtime.json:12:24 at $.steps[2].zones.arch.intensity: 140 is out of range (expected 0 to 100)}.
 */
public class InvalidFileException extends SolemateException {

    private final String source;
    private final String path;
    private final int line;
    private final int column;
    private final String problem;

    public InvalidFileException(String source, String path, int line, int column, String problem) {
        this(source, path, line, column, problem, null);
    }

    public InvalidFileException(String source, String path, int line, int column, String problem, Throwable cause) {
        super(format(source, path, line, column, problem), cause);
        this.source = source;
        this.path = path;
        this.line = line;
        this.column = column;
        this.problem = problem;
    }

    private static String format(String source, String path, int line, int column, String problem) {
        StringBuilder sb = new StringBuilder(source);
        if (line > 0) {
            sb.append(':').append(line);
            if (column > 0) {
                sb.append(':').append(column);
            }
        }
        if (path != null && !path.isEmpty()) {
            sb.append(" at ").append(path);
        }
        return sb.append(": ").append(problem).toString();
    }

    /** The file name or other label of the input, e.g. {@code bedtime.json} or {@code <built-in bedtime>}. */
    public String source() {
        return source;
    }

    /** The JSON path of the offending value, e.g. {@code $.steps[2].duration}, or empty for syntax errors. */
    public String path() {
        return path;
    }

    /** 1-based line, or 0 when unknown. */
    public int line() {
        return line;
    }

    /** 1-based column, or 0 when unknown. */
    public int column() {
        return column;
    }

    /** What was wrong and what was expected, without the location. */
    public String problem() {
        return problem;
    }
}
