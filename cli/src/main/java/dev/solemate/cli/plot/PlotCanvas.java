package dev.solemate.cli.plot;

import java.util.List;

/**
 * What the plot renderer draws on: a few primitives, so that one layout produces both the SVG
 * ({@link SvgCanvas}) and the PNG ({@link PngCanvas}) and the two can never disagree.
 * Coordinates are in SVG user units (pixels at scale 1).
 */
interface PlotCanvas {

    /** How to fill a shape: a colour with an opacity, or the hatch pattern that marks what is skipped. */
    record Fill(String color, double opacity, boolean hatched) {
        static Fill of(String color) {
            return new Fill(color, 1, false);
        }

        static Fill of(String color, double opacity) {
            return new Fill(color, opacity, false);
        }

        static final Fill HATCH = new Fill("#f1eee9", 1, true);
    }

    /** How to write text: size, weight, alignment ({@code start}, {@code middle}, {@code end}), colour, CSS class. */
    record Font(double size, boolean bold, String anchor, String color, String cssClass) {
        Font withAnchor(String newAnchor) {
            return new Font(size, bold, newAnchor, color, cssClass);
        }

        Font withColor(String newColor) {
            return new Font(size, bold, anchor, newColor, cssClass);
        }

        Font withClass(String newClass) {
            return new Font(size, bold, anchor, color, newClass);
        }
    }

    /** Starts the picture. */
    void begin(double width, double height, String title);

    /** Opens a group; {@code data} are name/value pairs of {@code data-*} attributes (SVG only). */
    void group(String cssClass, String... data);

    /** Closes the innermost group. */
    void endGroup();

    void rect(double x, double y, double width, double height, double radius, Fill fill);

    void line(double x1, double y1, double x2, double y2, String color, double width, boolean dashed);

    /**
     * Draws polylines ({@code M x y L x y ...} each); {@code fill} null for an outline only.
     *
     * @param data name/value pairs of {@code data-*} attributes (SVG only)
     */
    void path(String cssClass, List<List<double[]>> polylines, boolean closed, Fill fill, String stroke,
              double strokeWidth, String... data);

    void text(double x, double y, String text, Font font);
}
