package dev.solemate.cli.docs;

import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Compares the output a page shows with what the command printed, whole: every line, in order,
 * nothing left out (trailing spaces aside). What differs from run to run or machine to machine is
 * masked, and only that: the scratch directory's path prints as {@code <dir>}, and in the page's
 * text {@code …} stands for any text within one line (a date and time, a Java version, a user
 * name, what this machine's doctor finds).
 */
final class ShownOutput {

    private ShownOutput() {
    }

    /** Null when they match; else where and how they differ. */
    static String compare(String shown, String printed, Path scratch) {
        List<String> expected = shown.lines().map(String::stripTrailing).toList();
        List<String> actual = printed.replace(scratch.toString(), "<dir>").lines().map(String::stripTrailing).toList();
        for (int i = 0; i < Math.max(expected.size(), actual.size()); i++) {
            if (i >= expected.size()) {
                return "the page stops at line " + i + " but the command went on with:\\n" + String.join("\\n",
                        actual.subList(i, actual.size())) + "\\n(whole output:\\n" + printed + ")";
            }
            if (i >= actual.size()) {
                return "the command stopped after line " + i + " but the page goes on with:\\n" + String.join("\\n",
                        expected.subList(i, expected.size())) + "\\n(whole output:\\n" + printed + ")";
            }
            if (!matches(expected.get(i), actual.get(i))) {
                return "line " + (i + 1) + " of the page is\\n  " + expected.get(i) + "\\nbut the command printed\\n  "
                        + actual.get(i) + "\\n(whole output:\\n" + printed + ")";
            }
        }
        return null;
    }

    /** True when {@code line} is {@code pattern}, where each {@code …} in the pattern is any text. */
    static boolean matches(String pattern, String line) {
        String regex = String.join(".*", java.util.Arrays.stream(pattern.split("…", -1)).map(Pattern::quote).toList());
        return Pattern.compile(regex, Pattern.DOTALL).matcher(line).matches();
    }
}
