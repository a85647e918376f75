package dev.solemate.cli.docs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Markdown file cut into its fenced code blocks, each with the HTML comment that precedes it (if
 * any) and the paragraph that follows it. The conventions the docs test understands:
 * <ul>
 *   <li>{@code <!-- not run: why -->} before a {@code sh} block: shown, not run;</li>
 *   <li>{@code <!-- exit: N -->} (or {@code any}) before a {@code sh} block: the expected exit code;</li>
 *   <li>a {@code text} block right after a {@code sh} block: lines its output must contain, in order;</li>
 *   <li>{@code <!-- file: NAME -->} before a block, or "Save it as `NAME`" after it: the block is a
 *       file the commands of that page use;</li>
 *   <li>{@code <!-- snippet: PATH#TAG -->} before a {@code java} block: the block is the region
 *       between {@code // tag::TAG[]} and {@code // end::TAG[]} in PATH, verbatim.</li>
 * </ul>
 */
record MarkdownDoc(Path file, List<Block> blocks) {

    private static final Pattern FENCE = Pattern.compile("^```(\\w*)\\s*$");
    private static final Pattern COMMENT = Pattern.compile("^<!--\\s*([a-z ]+):\\s*(.*?)\\s*-->\\s*$");
    private static final Pattern SAVE_AS = Pattern.compile("(?i)save (?:it|this) as `([^`]+)`");

    /** A fenced block: its language, text, the line it starts on, its marker and the prose after it. */
    record Block(String language, String text, int line, Optional<String> markerKind, String markerValue,
                 String after) {

        boolean marked(String kind) {
            return markerKind.filter(kind::equals).isPresent();
        }

        /** The file name this block is saved as, by marker or by "Save it as `x`" right after it. */
        Optional<String> savedAs() {
            if (marked("file")) {
                return Optional.of(markerValue);
            }
            Matcher m = SAVE_AS.matcher(after);
            return m.find() ? Optional.of(m.group(1)) : Optional.empty();
        }
    }

    static MarkdownDoc read(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        List<Block> blocks = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            Matcher open = FENCE.matcher(lines.get(i));
            if (!open.matches()) {
                continue;
            }
            int start = i;
            StringBuilder text = new StringBuilder();
            for (i++; i < lines.size() && !lines.get(i).startsWith("```"); i++) {
                text.append(lines.get(i)).append('\n');
            }
            Optional<String> kind = Optional.empty();
            String value = "";
            int before = start - 1;
            while (before >= 0 && lines.get(before).isBlank()) {
                before--;
            }
            if (before >= 0) {
                Matcher comment = COMMENT.matcher(lines.get(before).trim());
                if (comment.matches()) {
                    kind = Optional.of(comment.group(1).trim());
                    value = comment.group(2);
                }
            }
            StringBuilder after = new StringBuilder();
            int next = i + 1;
            while (next < lines.size() && lines.get(next).isBlank()) {
                next++;
            }
            for (; next < lines.size() && !lines.get(next).isBlank() && !lines.get(next).startsWith("```"); next++) {
                after.append(lines.get(next)).append(' ');
            }
            blocks.add(new Block(open.group(1), text.toString(), start + 1, kind, value, after.toString()));
        }
        return new MarkdownDoc(file, blocks);
    }

    /** The block right after {@code block} when nothing but blank lines separates them, e.g. its expected output. */
    Optional<Block> following(Block block) throws IOException {
        int index = blocks.indexOf(block);
        if (index + 1 >= blocks.size()) {
            return Optional.empty();
        }
        Block next = blocks.get(index + 1);
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        int end = block.line() + (int) block.text().lines().count();
        for (int l = end + 1; l < next.line() - 1; l++) {
            if (!lines.get(l).isBlank()) {
                return Optional.empty();
            }
        }
        return Optional.of(next);
    }
}
