package dev.solemate.cli.docs;

import java.util.ArrayList;
import java.util.List;

/**
 * Cuts a tagged region ({@code // tag::name[]} to {@code // end::name[]}, or in XML
 * {@code <!-- tag::name[] -->} to {@code <!-- end::name[] -->}) out of a source file, dedented.
 */
final class Snippets {

    private Snippets() {
    }

    static String region(String source, String tag) {
        List<String> lines = source.lines().toList();
        int start = -1;
        int end = -1;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.equals("// tag::" + tag + "[]") || line.equals("<!-- tag::" + tag + "[] -->")) {
                start = i + 1;
            } else if ((line.equals("// end::" + tag + "[]") || line.equals("<!-- end::" + tag + "[] -->")) && start >= 0) {
                end = i;
                break;
            }
        }
        if (start < 0 || end < 0) {
            throw new IllegalArgumentException("no region // tag::" + tag + "[] ... // end::" + tag + "[] in the source");
        }
        List<String> region = new ArrayList<>(lines.subList(start, end));
        int indent = region.stream().filter(l -> !l.isBlank())
                .mapToInt(l -> l.length() - l.stripLeading().length()).min().orElse(0);
        StringBuilder sb = new StringBuilder();
        for (String line : region) {
            sb.append(line.isBlank() ? "" : line.substring(indent)).append('\n');
        }
        return sb.toString();
    }
}
