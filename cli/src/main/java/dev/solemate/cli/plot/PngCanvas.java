package dev.solemate.cli.plot;

import java.awt.AlphaComposite;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.RenderingHints;
import java.awt.TexturePaint;
import java.awt.geom.Path2D;
import java.awt.geom.RoundRectangle2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * Draws a plot into a PNG image with Java2D, at twice the SVG's pixel size so it stays sharp on
 * high-density screens. Needs no display ({@code java.awt.headless}), but does need a font
 * (any sans-serif the JDK finds through fontconfig).
 */
final class PngCanvas implements PlotCanvas {

    private static final double SCALE = 2;

    private BufferedImage image;
    private Graphics2D g;

    @Override
    public void begin(double width, double height, String title) {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
        image = new BufferedImage((int) Math.ceil(width * SCALE), (int) Math.ceil(height * SCALE),
                BufferedImage.TYPE_INT_RGB);
        g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
        g.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
        g.scale(SCALE, SCALE);
        g.setColor(Color.WHITE);
        g.fill(new Rectangle(0, 0, (int) Math.ceil(width), (int) Math.ceil(height)));
    }

    @Override
    public void group(String cssClass, String... data) {
        // Groups only structure the SVG.
    }

    @Override
    public void endGroup() {
        // Groups only structure the SVG.
    }

    @Override
    public void rect(double x, double y, double width, double height, double radius, Fill fill) {
        paint(fill);
        g.fill(new RoundRectangle2D.Double(x, y, width, height, radius * 2, radius * 2));
        g.setComposite(AlphaComposite.SrcOver);
    }

    @Override
    public void line(double x1, double y1, double x2, double y2, String color, double width, boolean dashed) {
        g.setPaint(color(color));
        g.setStroke(dashed ? new BasicStroke((float) width, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10,
                new float[] {3, 3}, 0) : new BasicStroke((float) width));
        g.draw(new java.awt.geom.Line2D.Double(x1, y1, x2, y2));
    }

    @Override
    public void path(String cssClass, List<List<double[]>> polylines, boolean closed, Fill fill, String stroke,
                     double strokeWidth, String... data) {
        Path2D.Double path = new Path2D.Double();
        for (List<double[]> line : polylines) {
            for (int i = 0; i < line.size(); i++) {
                if (i == 0) {
                    path.moveTo(line.get(i)[0], line.get(i)[1]);
                } else {
                    path.lineTo(line.get(i)[0], line.get(i)[1]);
                }
            }
            if (closed) {
                path.closePath();
            }
        }
        if (fill != null) {
            paint(fill);
            g.fill(path);
            g.setComposite(AlphaComposite.SrcOver);
        }
        g.setPaint(color(stroke));
        g.setStroke(new BasicStroke((float) strokeWidth, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND));
        g.draw(path);
    }

    @Override
    public void text(double x, double y, String text, Font font) {
        java.awt.Font awt = new java.awt.Font(java.awt.Font.SANS_SERIF, font.bold() ? java.awt.Font.BOLD : java.awt.Font.PLAIN, 1)
                .deriveFont((float) font.size());
        g.setFont(awt);
        g.setPaint(color(font.color()));
        double width = g.getFontMetrics().getStringBounds(text, g).getWidth();
        double left = switch (font.anchor()) {
            case "middle" -> x - width / 2;
            case "end" -> x - width;
            default -> x;
        };
        g.drawString(text, (float) left, (float) y);
    }

    /** The finished image as PNG bytes. */
    byte[] finish() {
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private void paint(Fill fill) {
        if (fill.hatched()) {
            BufferedImage tile = new BufferedImage(16, 16, BufferedImage.TYPE_INT_RGB);
            Graphics2D t = tile.createGraphics();
            t.setColor(color(fill.color()));
            t.fillRect(0, 0, 16, 16);
            t.setColor(color("#ddd6cc"));
            t.setStroke(new BasicStroke(3));
            t.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            for (int i = -16; i <= 16; i += 8) {
                t.drawLine(i, 16, i + 16, 0);
            }
            t.dispose();
            g.setPaint(new TexturePaint(tile, new java.awt.geom.Rectangle2D.Double(0, 0, 8, 8)));
        } else {
            g.setPaint(color(fill.color()));
            if (fill.opacity() < 1) {
                g.setComposite(AlphaComposite.getInstance(AlphaComposite.SRC_OVER, (float) fill.opacity()));
            }
        }
    }

    private static Color color(String hex) {
        return Color.decode(hex);
    }
}
