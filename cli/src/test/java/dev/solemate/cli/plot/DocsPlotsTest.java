package dev.solemate.cli.plot;

import static dev.solemate.cli.plot.SvgPlotRendererTest.groups;
import static dev.solemate.cli.plot.SvgPlotRendererTest.parse;
import static org.assertj.core.api.Assertions.assertThat;

import dev.solemate.cli.RepoRoot;
import dev.solemate.device.DeviceProfiles;
import dev.solemate.routine.RoutineCompiler;
import dev.solemate.routine.Routines;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Keeps {@code docs/plots/<routine>.svg} (embedded in docs/routines.md and the README) in step with
 * the built-in routines and the compiler: every test run redraws them on the default profile and
 * rewrites a file only when the picture changed, so a commit after a routine change carries the
 * new pictures.
 */
@Timeout(30)
class DocsPlotsTest {

    @Test
    void everyBuiltInRoutineHasAnUpToDatePlotInTheDocs() throws Exception {
        Path plots = RepoRoot.find().resolve("docs/plots");
        Files.createDirectories(plots);
        for (String name : Routines.builtIn().keySet()) {
            String svg = SvgPlotRenderer.render(RoutinePlot.of(
                    RoutineCompiler.compile(Routines.builtIn(name), DeviceProfiles.defaultProfile())));
            Path file = plots.resolve(name + ".svg");
            if (!Files.exists(file) || !Files.readString(file, StandardCharsets.UTF_8).equals(svg)) {
                PlotCommand.write(file, svg.getBytes(StandardCharsets.UTF_8));
            }
            assertThat(groups(parse(Files.readString(file)), "lane")).as(file.toString()).hasSize(
                    DeviceProfiles.defaultProfile().zones().size());
        }
    }
}
