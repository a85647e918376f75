package dev.solemate.cli.plot;

import dev.solemate.cli.plot.PlotCanvas.Fill;
import dev.solemate.cli.plot.PlotCanvas.Font;
import dev.solemate.device.Technique;
import dev.solemate.routine.StepMark;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Draws a {@link RoutinePlot}: a title, a band with the steps, one lane per zone with the level as a
 * filled step area coloured by technique (named on each stretch), the heater as a line on its own
 * °C axis, a time axis with the total, a legend and the step list. As SVG ({@link #render}) every
 * lane is a {@code <g class="lane" data-zone="...">} (skipped zones {@code class="skipped-lane"}),
 * so tests and style sheets can find them; {@link #renderPng} draws the same layout into a PNG.
 */
public final class SvgPlotRenderer {

    static final double WIDTH = 960;
    private static final double LEFT = 124;
    private static final double RIGHT = 28;
    private static final double PLOT_W = WIDTH - LEFT - RIGHT;
    private static final double STEP_BAND_Y = 76;
    private static final double STEP_BAND_H = 24;
    private static final double LANE_H = 56;
    private static final double LANE_GAP = 8;
    private static final double LABEL_ROW = 15;
    private static final double HEAT_H = 70;
    private static final int MAX_WARNINGS = 8;
    private static final String INK = "#2d2a26";
    private static final String MUTED = "#857d72";
    private static final String LANE_BG = "#f7f4ef";
    private static final String GRID = "#e4ded4";
    private static final String HEAT = "#d1495b";
    private static final int HEAT_AXIS_LOW = 30;
    private static final int[] TICK_SECONDS = {5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600};
    private static final Font BODY = new Font(12, false, "start", INK, null);
    private static final Font SMALL = new Font(10.5, false, "start", MUTED, null);
    private static final Font LABEL = new Font(14, true, "end", INK, null);

    private final RoutinePlot plot;
    private final PlotCanvas canvas;
    private final double height;
    private final double lanesTop;
    private final double heatTop;
    private final double axisY;

    private SvgPlotRenderer(RoutinePlot plot, PlotCanvas canvas) {
        this.plot = plot;
        this.canvas = canvas;
        this.lanesTop = STEP_BAND_Y + STEP_BAND_H + 10;
        double lanesBottom = lanesTop + plot.lanes().size() * (LANE_H + LANE_GAP) - LANE_GAP;
        this.heatTop = lanesBottom + 14;
        this.axisY = hasHeatPanel() ? heatTop + HEAT_H + 6 : lanesBottom + 6;
        int stepRows = (plot.steps().size() + 2) / 3;
        int warningLines = Math.min(plot.warnings().size(), MAX_WARNINGS + 1);
        this.height = axisY + 40 + 34 + 18 + stepRows * 17 + (warningLines > 0 ? 26 + warningLines * 16 : 0) + 18;
    }

    /** The SVG document for {@code plot}. */
    public static String render(RoutinePlot plot) {
        SvgCanvas svg = new SvgCanvas();
        new SvgPlotRenderer(plot, svg).draw();
        return svg.finish();
    }

    /** The same picture as a PNG image, at twice the size for sharpness. */
    public static byte[] renderPng(RoutinePlot plot) {
        PngCanvas png = new PngCanvas();
        new SvgPlotRenderer(plot, png).draw();
        return png.finish();
    }

    private void draw() {
        canvas.begin(WIDTH, height, plot.routine() + " on " + plot.profile().name());
        canvas.rect(0, 0, WIDTH, height, 0, Fill.of("#ffffff"));
        header();
        timeGrid();
        stepBand();
        for (int i = 0; i < plot.lanes().size(); i++) {
            lane(plot.lanes().get(i), lanesTop + i * (LANE_H + LANE_GAP));
        }
        if (hasHeatPanel()) {
            heatPanel();
        }
        stepBoundaries();
        timeAxis();
        double y = legend(axisY + 40);
        y = stepList(y + 34);
        warnings(y + 8);
    }

    private void header() {
        canvas.text(24, 34, plot.routine(), new Font(21, true, "start", INK, "title"));
        String levels = plot.profile().intensitySteps() + " intensity levels";
        String heat = plot.profile().heat().map(h -> "heat " + h.minCelsius() + "-" + h.maxCelsius() + " °C")
                .orElse("no heater");
        canvas.text(24, 56, plot.profile().name() + " (" + plot.profile().id() + ") · " + levels + " · " + heat,
                new Font(13, false, "start", MUTED, null));
        canvas.text(WIDTH - RIGHT, 34, "total " + TimeLabels.clock(plot.duration()),
                new Font(15, true, "end", INK, "total"));
    }

    private void timeGrid() {
        canvas.group("grid");
        long tick = tickSeconds();
        for (long s = tick; s < plot.duration().toSeconds(); s += tick) {
            double x = x(Duration.ofSeconds(s));
            canvas.line(x, lanesTop, x, axisY, GRID, 1, false);
        }
        canvas.endGroup();
    }

    private void stepBand() {
        canvas.group("steps");
        List<StepMark> steps = plot.steps();
        for (int i = 0; i < steps.size(); i++) {
            StepMark step = steps.get(i);
            double x0 = x(step.start());
            double w = Math.max(0, x(step.end()) - x0);
            canvas.group("step", "data-step", step.name());
            canvas.rect(x0, STEP_BAND_Y, w, STEP_BAND_H, 0, Fill.of(i % 2 == 0 ? "#efe8dc" : "#f7f2ea"));
            // A bare "3" on a narrow step would read like a level: number it as a step.
            String label = fits(step.name(), 11, w - 8) ? step.name()
                    : fits("#" + (i + 1), 11, w - 4) ? "#" + (i + 1) : null;
            if (label != null) {
                canvas.text(x0 + w / 2, STEP_BAND_Y + 16, label, new Font(11, false, "middle", INK, null));
            }
            canvas.endGroup();
        }
        canvas.endGroup();
    }

    private void stepBoundaries() {
        canvas.group("step-boundaries");
        for (StepMark step : plot.steps()) {
            if (!step.start().isZero()) {
                double x = x(step.start());
                canvas.line(x, STEP_BAND_Y, x, axisY, "#a99f90", 1, true);
            }
        }
        canvas.endGroup();
    }

    private void lane(RoutinePlot.Lane lane, double top) {
        String zone = lane.zone().id();
        canvas.group(lane.skipped() ? "skipped-lane" : "lane", "data-zone", zone);
        canvas.text(LEFT - 12, top + 24, zone, lane.skipped() ? LABEL.withColor(MUTED) : LABEL);
        if (lane.skipped()) {
            canvas.rect(LEFT, top, PLOT_W, LANE_H, 4, Fill.HATCH);
            canvas.text(LEFT - 12, top + 40, "skipped", SMALL.withAnchor("end"));
            canvas.text(LEFT + PLOT_W / 2, top + LANE_H / 2 + 4, "skipped: this device has no " + zone + " zone ("
                    + plot.profile().id() + ")", new Font(12, false, "middle", MUTED, null));
            canvas.endGroup();
            return;
        }
        String techniques = plot.profile().techniques(lane.zone()).stream().map(Technique::id)
                .collect(Collectors.joining(" · "));
        canvas.text(LEFT - 12, top + 40, techniques, SMALL.withAnchor("end"));
        canvas.rect(LEFT, top, PLOT_W, LANE_H, 4, Fill.of(LANE_BG));
        double base = top + LANE_H - 3;
        double areaH = LANE_H - LABEL_ROW - 5;
        for (List<RoutinePlot.Segment> run : runs(lane.segments())) {
            Technique technique = run.get(0).technique();
            double startX = x(run.get(0).start());
            List<double[]> points = new ArrayList<>();
            points.add(new double[] {startX, base});
            for (RoutinePlot.Segment s : run) {
                double y = base - s.fraction() * areaH;
                points.add(new double[] {x(s.start()), y});
                points.add(new double[] {x(s.end()), y});
            }
            points.add(new double[] {x(run.get(run.size() - 1).end()), base});
            canvas.path("intensity", List.of(points), true, Fill.of(color(technique), 0.78), color(technique), 1.2,
                    "data-technique", technique.id());
            int peak = run.stream().mapToInt(RoutinePlot.Segment::level).max().orElse(0);
            double w = x(run.get(run.size() - 1).end()) - startX;
            // The level matters more than the technique's name (the colour and legend say it): on a
            // narrow stretch keep the level, so no segment shows a technique without one.
            String level = peak + "/" + run.get(0).steps();
            String label = technique.id() + " " + level;
            if (!fits(label, 10.5, w - 6)) {
                label = level;
            }
            if (fits(label, 10.5, w - 6)) {
                // Centred over the run's peak, where the eye goes, but kept inside the run.
                RoutinePlot.Segment highest = run.stream().filter(s -> s.level() == peak).findFirst().orElseThrow();
                double half = textWidth(label, 10.5) / 2 + 2;
                double center = (x(highest.start()) + x(highest.end())) / 2;
                center = Math.max(startX + half, Math.min(startX + w - half, center));
                canvas.text(center, top + 12, label, new Font(10.5, false, "middle", darker(technique), "technique"));
            }
        }
        canvas.endGroup();
    }

    private void heatPanel() {
        double top = heatTop;
        canvas.group("heat");
        canvas.text(LEFT - 12, top + 24, "heat", plot.heatSkipped() ? LABEL.withColor(MUTED) : LABEL);
        if (plot.heatSkipped()) {
            canvas.rect(LEFT, top, PLOT_W, HEAT_H, 4, Fill.HATCH);
            canvas.text(LEFT - 12, top + 40, "skipped", SMALL.withAnchor("end"));
            canvas.text(LEFT + PLOT_W / 2, top + HEAT_H / 2 + 4, "skipped: this device has no heater ("
                    + plot.profile().id() + ")", new Font(12, false, "middle", MUTED, null));
            canvas.endGroup();
            return;
        }
        canvas.text(LEFT - 12, top + 40, "set-point °C", SMALL.withAnchor("end"));
        canvas.rect(LEFT, top, PLOT_W, HEAT_H, 4, Fill.of(LANE_BG));
        int high = Math.max(45, plot.maxHeat());
        for (int celsius = 35; celsius < high; celsius += 5) {
            double y = heatY(celsius, high);
            canvas.line(LEFT, y, LEFT + PLOT_W, y, GRID, 1, false);
            canvas.text(LEFT + PLOT_W - 4, y - 3, celsius + " °C", new Font(9.5, false, "end", MUTED, null));
        }
        List<List<double[]>> lines = new ArrayList<>();
        List<double[]> current = null;
        for (RoutinePlot.HeatSpan span : plot.heat()) {
            if (!span.isOn()) {
                current = null;
                continue;
            }
            if (current == null) {
                current = new ArrayList<>();
                lines.add(current);
            }
            double y = heatY(span.celsius(), high);
            current.add(new double[] {x(span.start()), y});
            current.add(new double[] {x(span.end()), y});
        }
        if (!lines.isEmpty()) {
            canvas.path("heat-line", lines, false, null, HEAT, 2.2);
        }
        int shown = 0;
        for (RoutinePlot.HeatSpan span : plot.heat()) {
            double w = x(span.end()) - x(span.start());
            if (span.isOn() && span.celsius() != shown && fits("00 °C", 10.5, w)) {
                canvas.text(x(span.start()) + 4, heatY(span.celsius(), high) - 5, span.celsius() + " °C",
                        new Font(10.5, false, "start", HEAT, null));
            }
            shown = span.isOn() ? span.celsius() : 0;
        }
        canvas.endGroup();
    }

    private void timeAxis() {
        canvas.group("time-axis");
        canvas.line(LEFT, axisY, LEFT + PLOT_W, axisY, MUTED, 1, false);
        long tick = tickSeconds();
        long total = plot.duration().toSeconds();
        for (long s = 0; s <= total; s += tick) {
            double x = x(Duration.ofSeconds(s));
            canvas.line(x, axisY, x, axisY + 5, MUTED, 1, false);
            if (total - s >= tick / 2 || s == total) {
                canvas.text(x, axisY + 18, TimeLabels.clock(Duration.ofSeconds(s)), SMALL.withAnchor("middle"));
            }
        }
        double end = x(plot.duration());
        canvas.line(end, axisY, end, axisY + 5, INK, 1.5, false);
        if (total % tick != 0) {
            canvas.text(end, axisY + 18, TimeLabels.clock(plot.duration()), new Font(10.5, true, "end", INK, null));
        }
        canvas.endGroup();
    }

    private double legend(double y) {
        canvas.group("legend");
        double x = LEFT;
        Set<Technique> used = EnumSet.noneOf(Technique.class);
        for (RoutinePlot.Lane lane : plot.lanes()) {
            lane.segments().stream().filter(s -> s.level() > 0).forEach(s -> used.add(s.technique()));
        }
        for (Technique technique : used) {
            canvas.rect(x, y - 10, 14, 12, 2, Fill.of(color(technique), 0.78));
            canvas.text(x + 20, y, technique.id(), BODY);
            x += 34 + textWidth(technique.id(), 12);
        }
        if (!plot.heat().isEmpty()) {
            canvas.line(x, y - 4, x + 16, y - 4, HEAT, 2.2, false);
            canvas.text(x + 22, y, "heat set-point", BODY);
            x += 40 + textWidth("heat set-point", 12);
        }
        canvas.text(x, y, "area height = intensity level on the device", BODY.withColor(MUTED));
        canvas.endGroup();
        return y;
    }

    private double stepList(double y) {
        canvas.group("step-list");
        canvas.text(24, y, "Steps", new Font(12.5, true, "start", INK, null));
        List<StepMark> steps = plot.steps();
        int rows = (steps.size() + 2) / 3;
        double columnW = (WIDTH - 48) / 3;
        Font font = new Font(11.5, false, "start", INK, null);
        for (int i = 0; i < steps.size(); i++) {
            StepMark step = steps.get(i);
            double cx = 24 + (i / rows) * columnW;
            double cy = y + 18 + (i % rows) * 17;
            canvas.text(cx + 38, cy, TimeLabels.clock(step.start()), font.withAnchor("end").withColor(MUTED));
            canvas.text(cx + 46, cy, (i + 1) + ". " + ellipsis(step.name(), 11.5, columnW - 52), font);
        }
        canvas.endGroup();
        return y + 18 + rows * 17;
    }

    private void warnings(double y) {
        if (plot.warnings().isEmpty()) {
            return;
        }
        canvas.group("warnings");
        canvas.text(24, y + 8, "Adapted for this device", new Font(12.5, true, "start", INK, null));
        Font font = new Font(11.5, false, "start", MUTED, null);
        List<String> warnings = plot.warnings();
        for (int i = 0; i < Math.min(warnings.size(), MAX_WARNINGS); i++) {
            canvas.text(24, y + 26 + i * 16, "• " + ellipsis(warnings.get(i), 11.5, WIDTH - 60), font);
        }
        if (warnings.size() > MAX_WARNINGS) {
            canvas.text(24, y + 26 + MAX_WARNINGS * 16, "… and " + (warnings.size() - MAX_WARNINGS)
                    + " more (solemate validate lists them all)", font);
        }
        canvas.endGroup();
    }

    private boolean hasHeatPanel() {
        return !plot.heat().isEmpty() || plot.heatSkipped();
    }

    private double x(Duration at) {
        double total = Math.max(1, plot.duration().toMillis());
        return LEFT + PLOT_W * Math.min(1.0, at.toMillis() / total);
    }

    private double heatY(int celsius, int high) {
        double fraction = (double) (Math.max(HEAT_AXIS_LOW, celsius) - HEAT_AXIS_LOW) / (high - HEAT_AXIS_LOW);
        return heatTop + HEAT_H - 6 - fraction * (HEAT_H - 16);
    }

    private long tickSeconds() {
        long total = Math.max(1, plot.duration().toSeconds());
        for (int t : TICK_SECONDS) {
            if (total / t <= 12) {
                return t;
            }
        }
        return 3600;
    }

    /** Contiguous stretches of one technique with the zone moving; a stop or a change of technique ends one. */
    private static List<List<RoutinePlot.Segment>> runs(List<RoutinePlot.Segment> segments) {
        List<List<RoutinePlot.Segment>> runs = new ArrayList<>();
        List<RoutinePlot.Segment> current = null;
        for (RoutinePlot.Segment s : segments) {
            if (s.level() == 0) {
                current = null;
                continue;
            }
            if (current == null || current.get(0).technique() != s.technique()
                    || !current.get(current.size() - 1).end().equals(s.start())) {
                current = new ArrayList<>();
                runs.add(current);
            }
            current.add(s);
        }
        return runs;
    }

    private static final Map<Technique, String[]> COLORS = new EnumMap<>(Map.of(
            Technique.KNEAD, new String[] {"#c8693a", "#8f4520"},
            Technique.ROLL, new String[] {"#3f7cac", "#24547a"},
            Technique.PRESS, new String[] {"#7d5ba6", "#553a78"},
            Technique.VIBRATE, new String[] {"#2f9c85", "#1b6b5a"},
            Technique.COMPRESS, new String[] {"#c9a227", "#86690f"}));

    static String color(Technique technique) {
        return COLORS.get(technique)[0];
    }

    private static String darker(Technique technique) {
        return COLORS.get(technique)[1];
    }

    // Average glyph width of a sans-serif face is about 0.56 em; good enough to decide whether a label fits.
    private static double textWidth(String text, double fontSize) {
        return text.length() * fontSize * 0.56;
    }

    private static boolean fits(String text, double fontSize, double width) {
        return textWidth(text, fontSize) <= width;
    }

    private static String ellipsis(String text, double fontSize, double width) {
        if (fits(text, fontSize, width)) {
            return text;
        }
        int chars = Math.max(1, (int) (width / (fontSize * 0.56)) - 1);
        return text.substring(0, Math.min(text.length(), chars)) + "…";
    }
}
