package dev.solemate.cli.plot;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;

/**
 * A tiny streaming SVG writer: nested elements with attributes, text escaped for XML, numbers
 * written with a dot and at most two decimals whatever the default locale. It checks that
 * elements are closed in order, so a bug in a renderer shows up as an exception, not as a broken
 * picture.
 */
public final class SvgWriter {

    private final StringBuilder out = new StringBuilder();
    private final Deque<String> open = new ArrayDeque<>();

    /** Starts a document of {@code width} by {@code height} pixels. */
    public SvgWriter(double width, double height) {
        out.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        start("svg", "xmlns", "http://www.w3.org/2000/svg", "width", num(width), "height", num(height),
                "viewBox", "0 0 " + num(width) + " " + num(height));
    }

    /** Opens an element; {@code attributes} are name/value pairs. */
    public SvgWriter start(String name, Object... attributes) {
        indent();
        out.append('<').append(name);
        attributes(attributes);
        out.append(">\n");
        open.push(name);
        return this;
    }

    /** Closes the innermost open element. */
    public SvgWriter end() {
        if (open.isEmpty()) {
            throw new IllegalStateException("end() without an open element");
        }
        String name = open.pop();
        indent();
        out.append("</").append(name).append(">\n");
        return this;
    }

    /** Writes an element without content. */
    public SvgWriter empty(String name, Object... attributes) {
        indent();
        out.append('<').append(name);
        attributes(attributes);
        out.append("/>\n");
        return this;
    }

    /** Writes an element whose content is {@code text}, escaped. */
    public SvgWriter text(String name, String text, Object... attributes) {
        indent();
        out.append('<').append(name);
        attributes(attributes);
        out.append('>').append(escape(text)).append("</").append(name).append(">\n");
        return this;
    }

    /** Writes a comment; "--" is not allowed inside XML comments, so it is broken up. */
    public SvgWriter comment(String text) {
        indent();
        out.append("<!-- ").append(text.replace("--", "- -")).append(" -->\n");
        return this;
    }

    /** The finished document. @throws IllegalStateException if an element other than svg is still open */
    public String finish() {
        while (open.size() > 1) {
            throw new IllegalStateException("element <" + open.peek() + "> is still open");
        }
        if (open.size() == 1) {
            end();
        }
        return out.toString();
    }

    /** Formats a coordinate: at most two decimals, no trailing zeros, always a dot. */
    public static String num(double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            throw new IllegalArgumentException("coordinate " + value + " is not a finite number");
        }
        double rounded = Math.round(value * 100) / 100.0;
        if (rounded == Math.rint(rounded)) {
            return Long.toString((long) rounded);
        }
        String s = String.format(Locale.ROOT, "%.2f", rounded);
        return s.endsWith("0") ? s.substring(0, s.length() - 1) : s;
    }

    /** Escapes text for XML content and attribute values; drops characters XML 1.0 forbids. */
    public static String escape(String text) {
        StringBuilder sb = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&apos;");
                default -> {
                    if (c >= 0x20 || c == '\t' || c == '\n' || c == '\r') {
                        if (Character.isHighSurrogate(c) || Character.isLowSurrogate(c)) {
                            // only whole surrogate pairs are valid XML characters
                            if (Character.isHighSurrogate(c) && i + 1 < text.length()
                                    && Character.isLowSurrogate(text.charAt(i + 1))) {
                                sb.append(c).append(text.charAt(++i));
                            }
                        } else if (c != 0xFFFE && c != 0xFFFF) {
                            sb.append(c);
                        }
                    }
                }
            }
        }
        return sb.toString();
    }

    private void attributes(Object[] attributes) {
        if (attributes.length % 2 != 0) {
            throw new IllegalArgumentException("attributes come in name/value pairs, got " + attributes.length + " items");
        }
        for (int i = 0; i < attributes.length; i += 2) {
            Object value = attributes[i + 1];
            if (value == null) {
                continue;
            }
            String text = value instanceof Double d ? num(d) : value instanceof Float f ? num(f) : value.toString();
            out.append(' ').append(attributes[i]).append("=\"").append(escape(text)).append('"');
        }
    }

    private void indent() {
        out.append("  ".repeat(open.size()));
    }
}
