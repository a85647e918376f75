package dev.solemate.cli.plot;

import static dev.solemate.cli.plot.SvgPlotRendererTest.groups;
import static dev.solemate.cli.plot.SvgPlotRendererTest.parse;
import static org.assertj.core.api.Assertions.assertThat;

import dev.solemate.cli.CommandRun;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

@Timeout(20)
class PlotCommandTest {

    @TempDir
    Path dir;

    @Test
    void plotsABuiltInRoutineForTheDefaultProfile() throws Exception {
        Path svg = dir.resolve("bedtime.svg");

        CommandRun run = CommandRun.of(new PlotCommand(), "bedtime", "--output", svg.toString());

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).isEqualTo("wrote " + svg + ": bedtime on shiatsu-4zone, 4 zones, 10 steps, 14:30\n");
        assertThat(run.err()).isEmpty();
        Document doc = parse(Files.readString(svg));
        assertThat(groups(doc, "lane")).extracting(g -> g.getAttribute("data-zone"))
                .containsExactly("toes", "ball", "arch", "heel");
    }

    @Test
    void aProfileWithoutSomeZonesShowsThemSkippedAndSaysSo() throws Exception {
        Path svg = dir.resolve("out/budget.svg");

        CommandRun run = CommandRun.of(new PlotCommand(), "bedtime", "--profile", "budget-2zone", "-o", svg.toString());

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).isEqualTo("wrote " + svg + ": bedtime on budget-2zone, 2 zones, 10 steps, 14:30\n");
        assertThat(run.err()).contains("solemate: note: zone toes: budget-2zone has no toes zone; skipped",
                "solemate: note: heat: budget-2zone has no heater; heat skipped");
        Document doc = parse(Files.readString(svg));
        assertThat(groups(doc, "lane")).extracting(g -> g.getAttribute("data-zone")).containsExactly("ball", "heel");
        assertThat(groups(doc, "skipped-lane")).extracting(g -> g.getAttribute("data-zone"))
                .containsExactly("toes", "arch");
    }

    @Test
    void aPngIsDrawnWhenTheFileNameSaysSo() throws Exception {
        Path png = dir.resolve("bedtime.png");

        CommandRun run = CommandRun.of(new PlotCommand(), "bedtime", "--profile", "aircomp-5zone", "-o", png.toString());

        assertThat(run.exitCode()).isZero();
        java.awt.image.BufferedImage image = javax.imageio.ImageIO.read(png.toFile());
        assertThat(image.getWidth()).isEqualTo(1920);
        assertThat(image.getHeight()).isGreaterThan(1000);
        // the top-left corner is the white background, a lane's filled area is not
        assertThat(image.getRGB(4, 4) & 0xffffff).isEqualTo(0xffffff);
    }

    @Test
    void onlySvgAndPngOutputAreAccepted() {
        CommandRun run = CommandRun.of(new PlotCommand(), "bedtime", "--output", dir.resolve("x.pdf").toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("unknown picture format (expected a file name ending in .svg or .png)");
    }

    @Test
    void deviceAndProfileCannotBeGivenTogether() {
        CommandRun run = CommandRun.of(new PlotCommand(), "bedtime", "-o", "x.svg", "--device", "sim:",
                "--profile", "budget-2zone");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("mutually exclusive");
    }

    @Test
    void helpShowsExamples() {
        CommandRun run = CommandRun.of(new PlotCommand(), "--help");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("solemate plot bedtime --output bedtime.svg");
    }
}
