package dev.solemate.cli.plot;

import dev.solemate.device.Technique;
import dev.solemate.device.Zone;
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
 * Draws a {@link RoutinePlot} as SVG: a title, a band with the steps, one lane per zone with the
 * level as a filled step area coloured by technique (named on each stretch), the heater as a line
 * on its own °C axis, a time axis with the total, a legend and the step list. Every lane is a
 * {@code <g class="lane" data-zone="...">} (skipped zones {@code class="skipped-lane"}), so tests
 * and style sheets can find them.
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
    private static final String FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif";
    private static final String INK = "#2d2a26";
    private static final String MUTED = "#857d72";
    private static final String LANE_BG = "#f7f4ef";
    private static final String GRID = "#e4ded4";
    private static final String HEAT = "#d1495b";
    private static final int HEAT_AXIS_LOW = 30;
    private static final int[] TICK_SECONDS = {5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600};

    private final RoutinePlot plot;
    private final SvgWriter svg;
    private final double height;
    private final double lanesTop;
    private final double heatTop;
    private final double axisY;

    private SvgPlotRenderer(RoutinePlot plot) {
        this.plot = plot;
        this.lanesTop = STEP_BAND_Y + STEP_BAND_H + 10;
        double lanesBottom = lanesTop + plot.lanes().size() * (LANE_H + LANE_GAP) - LANE_GAP;
        this.heatTop = lanesBottom + 14;
        this.axisY = hasHeatPanel() ? heatTop + HEAT_H + 6 : lanesBottom + 6;
        double legendY = axisY + 40;
        int stepRows = (plot.steps().size() + 2) / 3;
        int warningLines = Math.min(plot.warnings().size(), MAX_WARNINGS + 1);
        this.height = legendY + 34 + 18 + stepRows * 17 + (warningLines > 0 ? 26 + warningLines * 16 : 0) + 18;
        this.svg = new SvgWriter(WIDTH, height);
    }

    private static final int MAX_WARNINGS = 8;

    /** The SVG document for {@code plot}. */
    public static String render(RoutinePlot plot) {
        return new SvgPlotRenderer(plot).draw();
    }

    private String draw() {
        svg.text("title", plot.routine() + " on " + plot.profile().name());
        svg.start("defs");
        svg.start("pattern", "id", "skipped", "width", 8, "height", 8, "patternUnits", "userSpaceOnUse",
                "patternTransform", "rotate(45)");
        svg.empty("rect", "width", 8, "height", 8, "fill", "#f1eee9");
        svg.empty("line", "x1", 0, "y1", 0, "x2", 0, "y2", 8, "stroke", "#ddd6cc", "stroke-width", 3);
        svg.end();
        svg.end();
        svg.start("g", "font-family", FONT, "fill", INK);
        svg.empty("rect", "width", WIDTH, "height", height, "fill", "#ffffff");
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
        svg.end();
        return svg.finish();
    }

    private void header() {
        svg.text("text", plot.routine(), "class", "title", "x", 24, "y", 34, "font-size", 21, "font-weight", 600);
        String levels = plot.profile().intensitySteps() + " intensity levels";
        String heat = plot.profile().heat().map(h -> "heat " + h.minCelsius() + "-" + h.maxCelsius() + " °C")
                .orElse("no heater");
        svg.text("text", plot.profile().name() + " (" + plot.profile().id() + ") · " + levels + " · " + heat,
                "x", 24, "y", 56, "font-size", 13, "fill", MUTED);
        svg.text("text", "total " + TimeLabels.clock(plot.duration()), "class", "total", "x", WIDTH - RIGHT,
                "y", 34, "font-size", 15, "font-weight", 600, "text-anchor", "end");
    }

    private void timeGrid() {
        svg.start("g", "class", "grid", "stroke", GRID, "stroke-width", 1);
        long tick = tickSeconds();
        for (long s = tick; s < plot.duration().toSeconds(); s += tick) {
            double x = x(Duration.ofSeconds(s));
            svg.empty("line", "x1", x, "y1", lanesTop, "x2", x, "y2", axisY);
        }
        svg.end();
    }

    private void stepBand() {
        svg.start("g", "class", "steps");
        List<StepMark> steps = plot.steps();
        for (int i = 0; i < steps.size(); i++) {
            StepMark step = steps.get(i);
            double x0 = x(step.start());
            double w = Math.max(0, x(step.end()) - x0);
            svg.start("g", "class", "step", "data-step", step.name());
            svg.empty("rect", "x", x0, "y", STEP_BAND_Y, "width", w, "height", STEP_BAND_H,
                    "fill", i % 2 == 0 ? "#efe8dc" : "#f7f2ea");
            String label = fits(step.name(), 11, w - 8) ? step.name()
                    : fits(Integer.toString(i + 1), 11, w - 4) ? Integer.toString(i + 1) : null;
            if (label != null) {
                svg.text("text", label, "x", x0 + w / 2, "y", STEP_BAND_Y + 16, "font-size", 11,
                        "text-anchor", "middle");
            }
            svg.end();
        }
        svg.end();
    }

    private void stepBoundaries() {
        svg.start("g", "class", "step-boundaries", "stroke", "#a99f90", "stroke-width", 1, "stroke-dasharray", "3 3");
        for (StepMark step : plot.steps()) {
            if (step.start().isZero()) {
                continue;
            }
            double x = x(step.start());
            svg.empty("line", "x1", x, "y1", STEP_BAND_Y, "x2", x, "y2", axisY);
        }
        svg.end();
    }

    private void lane(RoutinePlot.Lane lane, double top) {
        String zone = lane.zone().id();
        svg.start("g", "class", lane.skipped() ? "skipped-lane" : "lane", "data-zone", zone);
        svg.text("text", zone, "x", LEFT - 12, "y", top + 24, "font-size", 14, "font-weight", 600,
                "text-anchor", "end", "fill", lane.skipped() ? MUTED : INK);
        if (lane.skipped()) {
            svg.empty("rect", "x", LEFT, "y", top, "width", PLOT_W, "height", LANE_H, "rx", 4, "fill", "url(#skipped)");
            svg.text("text", "skipped", "x", LEFT - 12, "y", top + 40, "font-size", 10.5, "text-anchor", "end",
                    "fill", MUTED);
            svg.text("text", "skipped: this device has no " + zone + " zone (" + plot.profile().id() + ")",
                    "x", LEFT + PLOT_W / 2, "y", top + LANE_H / 2 + 4, "font-size", 12, "text-anchor", "middle",
                    "fill", MUTED);
            svg.end();
            return;
        }
        String techniques = plot.profile().techniques(lane.zone()).stream().map(Technique::id)
                .collect(Collectors.joining(" · "));
        svg.text("text", techniques, "x", LEFT - 12, "y", top + 40, "font-size", 10.5, "text-anchor", "end",
                "fill", MUTED);
        svg.empty("rect", "x", LEFT, "y", top, "width", PLOT_W, "height", LANE_H, "rx", 4, "fill", LANE_BG);
        double base = top + LANE_H - 3;
        double areaH = LANE_H - LABEL_ROW - 5;
        for (List<RoutinePlot.Segment> run : runs(lane.segments())) {
            Technique technique = run.get(0).technique();
            StringBuilder d = new StringBuilder();
            double startX = x(run.get(0).start());
            d.append("M").append(SvgWriter.num(startX)).append(' ').append(SvgWriter.num(base));
            for (RoutinePlot.Segment s : run) {
                double y = base - s.fraction() * areaH;
                d.append(" L").append(SvgWriter.num(x(s.start()))).append(' ').append(SvgWriter.num(y));
                d.append(" L").append(SvgWriter.num(x(s.end()))).append(' ').append(SvgWriter.num(y));
            }
            d.append(" L").append(SvgWriter.num(x(run.get(run.size() - 1).end()))).append(' ')
                    .append(SvgWriter.num(base)).append(" Z");
            int peak = run.stream().mapToInt(RoutinePlot.Segment::level).max().orElse(0);
            svg.empty("path", "class", "intensity", "data-technique", technique.id(), "d", d.toString(),
                    "fill", color(technique), "fill-opacity", 0.78, "stroke", color(technique),
                    "stroke-width", 1.2, "stroke-linejoin", "round");
            double w = x(run.get(run.size() - 1).end()) - startX;
            String label = technique.id();
            if (fits(label + " " + peak + "/" + run.get(0).steps(), 10.5, w - 8)) {
                label = label + " " + peak + "/" + run.get(0).steps();
            }
            if (fits(label, 10.5, w - 6)) {
                // Centred over the run's peak, where the eye goes, but kept inside the run.
                RoutinePlot.Segment highest = run.stream().filter(s -> s.level() == peak).findFirst().orElseThrow();
                double half = textWidth(label, 10.5) / 2 + 2;
                double center = (x(highest.start()) + x(highest.end())) / 2;
                center = Math.max(startX + half, Math.min(startX + w - half, center));
                svg.text("text", label, "class", "technique", "x", center, "y", top + 12,
                        "font-size", 10.5, "text-anchor", "middle", "fill", darker(technique));
            }
        }
        svg.end();
    }

    private void heatPanel() {
        double top = heatTop;
        svg.start("g", "class", "heat");
        svg.text("text", "heat", "x", LEFT - 12, "y", top + 24, "font-size", 14, "font-weight", 600,
                "text-anchor", "end", "fill", plot.heatSkipped() ? MUTED : INK);
        if (plot.heatSkipped()) {
            svg.empty("rect", "x", LEFT, "y", top, "width", PLOT_W, "height", HEAT_H, "rx", 4, "fill", "url(#skipped)");
            svg.text("text", "skipped", "x", LEFT - 12, "y", top + 40, "font-size", 10.5, "text-anchor", "end",
                    "fill", MUTED);
            svg.text("text", "skipped: this device has no heater (" + plot.profile().id() + ")", "x", LEFT + PLOT_W / 2,
                    "y", top + HEAT_H / 2 + 4, "font-size", 12, "text-anchor", "middle", "fill", MUTED);
            svg.end();
            return;
        }
        svg.text("text", "set-point °C", "x", LEFT - 12, "y", top + 40, "font-size", 10.5, "text-anchor", "end",
                "fill", MUTED);
        svg.empty("rect", "x", LEFT, "y", top, "width", PLOT_W, "height", HEAT_H, "rx", 4, "fill", LANE_BG);
        int high = Math.max(45, plot.maxHeat());
        for (int celsius = 35; celsius < high; celsius += 5) {
            double y = heatY(celsius, high);
            svg.empty("line", "x1", LEFT, "y1", y, "x2", LEFT + PLOT_W, "y2", y, "stroke", GRID, "stroke-width", 1);
            svg.text("text", celsius + " °C", "x", LEFT + PLOT_W - 4, "y", y - 3, "font-size", 9.5, "fill", MUTED,
                    "text-anchor", "end");
        }
        StringBuilder d = new StringBuilder();
        boolean drawing = false;
        for (RoutinePlot.HeatSpan span : plot.heat()) {
            if (!span.isOn()) {
                drawing = false;
                continue;
            }
            double y = heatY(span.celsius(), high);
            d.append(drawing ? " L" : (d.length() > 0 ? " M" : "M"))
                    .append(SvgWriter.num(x(span.start()))).append(' ').append(SvgWriter.num(y));
            d.append(" L").append(SvgWriter.num(x(span.end()))).append(' ').append(SvgWriter.num(y));
            drawing = true;
        }
        if (d.length() > 0) {
            svg.empty("path", "class", "heat-line", "d", d.toString(), "fill", "none", "stroke", HEAT,
                    "stroke-width", 2.2, "stroke-linejoin", "round");
        }
        int shown = 0;
        for (RoutinePlot.HeatSpan span : plot.heat()) {
            double w = x(span.end()) - x(span.start());
            if (span.isOn() && span.celsius() != shown && fits("00 °C", 10.5, w)) {
                svg.text("text", span.celsius() + " °C", "x", x(span.start()) + 4,
                        "y", heatY(span.celsius(), high) - 5, "font-size", 10.5, "fill", HEAT);
            }
            shown = span.isOn() ? span.celsius() : 0;
        }
        svg.end();
    }

    private void timeAxis() {
        svg.start("g", "class", "time-axis", "font-size", 10.5, "fill", MUTED);
        svg.empty("line", "x1", LEFT, "y1", axisY, "x2", LEFT + PLOT_W, "y2", axisY, "stroke", MUTED, "stroke-width", 1);
        long tick = tickSeconds();
        long total = plot.duration().toSeconds();
        for (long s = 0; s <= total; s += tick) {
            double x = x(Duration.ofSeconds(s));
            svg.empty("line", "x1", x, "y1", axisY, "x2", x, "y2", axisY + 5, "stroke", MUTED, "stroke-width", 1);
            if (total - s >= tick / 2 || s == total) {
                svg.text("text", TimeLabels.clock(Duration.ofSeconds(s)), "x", x, "y", axisY + 18,
                        "text-anchor", "middle");
            }
        }
        double end = x(plot.duration());
        svg.empty("line", "x1", end, "y1", axisY, "x2", end, "y2", axisY + 5, "stroke", INK, "stroke-width", 1.5);
        if (total % tick != 0) {
            svg.text("text", TimeLabels.clock(plot.duration()), "x", end, "y", axisY + 18, "text-anchor", "end",
                    "fill", INK, "font-weight", 600);
        }
        svg.end();
    }

    private double legend(double y) {
        svg.start("g", "class", "legend", "font-size", 12);
        double x = LEFT;
        Set<Technique> used = EnumSet.noneOf(Technique.class);
        for (RoutinePlot.Lane lane : plot.lanes()) {
            lane.segments().stream().filter(s -> s.level() > 0).forEach(s -> used.add(s.technique()));
        }
        for (Technique technique : used) {
            svg.empty("rect", "x", x, "y", y - 10, "width", 14, "height", 12, "rx", 2, "fill", color(technique),
                    "fill-opacity", 0.78);
            svg.text("text", technique.id(), "x", x + 20, "y", y);
            x += 34 + textWidth(technique.id(), 12);
        }
        if (!plot.heat().isEmpty()) {
            svg.empty("line", "x1", x, "y1", y - 4, "x2", x + 16, "y2", y - 4, "stroke", HEAT, "stroke-width", 2.2);
            svg.text("text", "heat set-point", "x", x + 22, "y", y);
            x += 40 + textWidth("heat set-point", 12);
        }
        svg.text("text", "area height = intensity level on the device", "x", x, "y", y, "fill", MUTED);
        svg.end();
        return y;
    }

    private double stepList(double y) {
        svg.start("g", "class", "step-list", "font-size", 11.5);
        svg.text("text", "Steps", "x", 24, "y", y, "font-weight", 600, "font-size", 12.5);
        List<StepMark> steps = plot.steps();
        int rows = (steps.size() + 2) / 3;
        double columnW = (WIDTH - 48) / 3;
        for (int i = 0; i < steps.size(); i++) {
            StepMark step = steps.get(i);
            double cx = 24 + (i / rows) * columnW;
            double cy = y + 18 + (i % rows) * 17;
            svg.text("text", TimeLabels.clock(step.start()), "x", cx + 38, "y", cy, "fill", MUTED, "text-anchor", "end");
            svg.text("text", (i + 1) + ". " + ellipsis(step.name(), 11.5, columnW - 52), "x", cx + 46, "y", cy);
        }
        svg.end();
        return y + 18 + rows * 17;
    }

    private void warnings(double y) {
        if (plot.warnings().isEmpty()) {
            return;
        }
        svg.start("g", "class", "warnings", "font-size", 11.5, "fill", MUTED);
        svg.text("text", "Adapted for this device", "x", 24, "y", y + 8, "font-weight", 600, "font-size", 12.5,
                "fill", INK);
        List<String> warnings = plot.warnings();
        for (int i = 0; i < Math.min(warnings.size(), MAX_WARNINGS); i++) {
            svg.text("text", "• " + ellipsis(warnings.get(i), 11.5, WIDTH - 60), "x", 24, "y", y + 26 + i * 16);
        }
        if (warnings.size() > MAX_WARNINGS) {
            svg.text("text", "… and " + (warnings.size() - MAX_WARNINGS) + " more (solemate validate lists them all)",
                    "x", 24, "y", y + 26 + MAX_WARNINGS * 16);
        }
        svg.end();
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

    /** For tests: the zones drawn as lanes, in order. */
    static List<Zone> zonesOf(RoutinePlot plot) {
        return plot.lanes().stream().filter(l -> !l.skipped()).map(RoutinePlot.Lane::zone).toList();
    }
}
