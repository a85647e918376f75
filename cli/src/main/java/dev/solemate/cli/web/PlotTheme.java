package dev.solemate.cli.web;

import java.util.Map;

/**
 * The routine plot of {@code solemate plot}, same layout, in the page's dark colours: a white
 * picture in a dark bedroom is the bright flash the page must never make. The renderer's own
 * palette is swapped colour for colour, so the plot stays exactly the one the CLI draws.
 */
final class PlotTheme {

    /** The renderer's light colours and their dark counterparts (the technique fills read well on both). */
    static final Map<String, String> DARK = Map.ofEntries(
            Map.entry("#ffffff", "#16181d"),   // background
            Map.entry("#2d2a26", "#e8e2d6"),   // ink
            Map.entry("#857d72", "#a49b8d"),   // muted text
            Map.entry("#f7f4ef", "#1f2228"),   // lane background
            Map.entry("#e4ded4", "#30343b"),   // grid
            Map.entry("#efe8dc", "#2a2e35"),   // step band
            Map.entry("#f7f2ea", "#23262c"),   // step band, alternate
            Map.entry("#a99f90", "#5d5a55"),   // step boundaries
            Map.entry("#f1eee9", "#1f2228"),   // skipped hatch
            Map.entry("#ddd6cc", "#2e3137"),   // skipped hatch lines
            Map.entry("#d1495b", "#ef7d8c"),   // heat
            Map.entry("#8f4520", "#f0a47c"),   // technique labels
            Map.entry("#24547a", "#8fc0e8"),
            Map.entry("#553a78", "#c5a8ea"),
            Map.entry("#1b6b5a", "#7fd6c2"),
            Map.entry("#86690f", "#e8cc6a"));

    private PlotTheme() {
    }

    /** The SVG with every light colour of the renderer replaced by its dark counterpart. */
    static String dark(String svg) {
        String result = svg;
        for (Map.Entry<String, String> e : DARK.entrySet()) {
            result = result.replace("\"" + e.getKey() + "\"", "\"" + e.getValue() + "\"");
        }
        return result;
    }
}
