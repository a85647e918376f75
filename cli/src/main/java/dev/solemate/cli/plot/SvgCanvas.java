package dev.solemate.cli.plot;

import java.util.ArrayList;
import java.util.List;

/** Draws a plot as SVG text with {@link SvgWriter}. */
final class SvgCanvas implements PlotCanvas {

    static final String FONT_FAMILY = "system-ui, -apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif";

    private SvgWriter svg;

    @Override
    public void begin(double width, double height, String title) {
        svg = new SvgWriter(width, height);
        svg.text("title", title);
        svg.start("defs");
        svg.start("pattern", "id", "skipped", "width", 8, "height", 8, "patternUnits", "userSpaceOnUse",
                "patternTransform", "rotate(45)");
        svg.empty("rect", "width", 8, "height", 8, "fill", Fill.HATCH.color());
        svg.empty("line", "x1", 0, "y1", 0, "x2", 0, "y2", 8, "stroke", "#ddd6cc", "stroke-width", 3);
        svg.end();
        svg.end();
        svg.start("g", "font-family", FONT_FAMILY);
    }

    @Override
    public void group(String cssClass, String... data) {
        List<Object> attributes = new ArrayList<>(List.of("class", cssClass));
        attributes.addAll(List.of((Object[]) data));
        svg.start("g", attributes.toArray());
    }

    @Override
    public void endGroup() {
        svg.end();
    }

    @Override
    public void rect(double x, double y, double width, double height, double radius, Fill fill) {
        svg.empty("rect", "x", x, "y", y, "width", width, "height", height, "rx", radius == 0 ? null : radius,
                "fill", fill.hatched() ? "url(#skipped)" : fill.color(),
                "fill-opacity", fill.opacity() == 1 ? null : fill.opacity());
    }

    @Override
    public void line(double x1, double y1, double x2, double y2, String color, double width, boolean dashed) {
        svg.empty("line", "x1", x1, "y1", y1, "x2", x2, "y2", y2, "stroke", color, "stroke-width", width,
                "stroke-dasharray", dashed ? "3 3" : null);
    }

    @Override
    public void path(String cssClass, List<List<double[]>> polylines, boolean closed, Fill fill, String stroke,
                     double strokeWidth, String... data) {
        StringBuilder d = new StringBuilder();
        for (List<double[]> line : polylines) {
            for (int i = 0; i < line.size(); i++) {
                d.append(d.length() == 0 ? "" : " ").append(i == 0 ? 'M' : 'L')
                        .append(SvgWriter.num(line.get(i)[0])).append(' ').append(SvgWriter.num(line.get(i)[1]));
            }
            if (closed) {
                d.append(" Z");
            }
        }
        List<Object> attributes = new ArrayList<>(List.of("class", cssClass));
        attributes.addAll(List.of((Object[]) data));
        attributes.addAll(List.of("d", d.toString(), "fill", fill == null ? "none" : fill.color()));
        if (fill != null && fill.opacity() != 1) {
            attributes.addAll(List.of("fill-opacity", fill.opacity()));
        }
        attributes.addAll(List.of("stroke", stroke, "stroke-width", strokeWidth, "stroke-linejoin", "round"));
        svg.empty("path", attributes.toArray());
    }

    @Override
    public void text(double x, double y, String text, Font font) {
        svg.text("text", text, "class", font.cssClass(), "x", x, "y", y, "font-size", font.size(),
                "font-weight", font.bold() ? 600 : null, "text-anchor", font.anchor().equals("start") ? null : font.anchor(),
                "fill", font.color());
    }

    /** The finished document. */
    String finish() {
        svg.end();
        return svg.finish();
    }
}
