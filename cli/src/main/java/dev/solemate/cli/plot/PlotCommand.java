package dev.solemate.cli.plot;

import dev.solemate.Massager;
import dev.solemate.Massagers;
import dev.solemate.device.DeviceProfile;
import dev.solemate.device.DeviceProfiles;
import dev.solemate.device.Intensity;
import dev.solemate.routine.CompiledRoutine;
import dev.solemate.routine.Routine;
import dev.solemate.routine.RoutineCompiler;
import dev.solemate.routine.Routines;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code solemate plot}: draws a routine, as a given device would play it, into an SVG or PNG file. */
@Command(name = "plot", mixinStandardHelpOptions = true,
        description = {
            "Draw a routine as a device would play it, in an SVG or PNG picture.",
            "One lane per zone shows the intensity over time and the technique of each stretch, with the heat,"
                    + " the steps and the total duration. Zones and heat the device lacks are shown as skipped."
                    + " A file name ending in .png makes a PNG, any other an SVG."},
        footerHeading = "%nExamples:%n",
        footer = {
            "  solemate plot bedtime --output bedtime.svg",
            "  solemate plot my-routine.json --profile budget-2zone --output budget.svg",
            "  solemate plot bedtime --device sim:?profile=aircomp-5zone --output aircomp.png"})
public final class PlotCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "ROUTINE|FILE", description = "A built-in routine name or a routine file.")
    String routine;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "FILE.svg|FILE.png",
            description = "Where to write the picture; the name's ending picks SVG or PNG.")
    Path output;

    @ArgGroup(exclusive = true)
    Target target = new Target();

    /** The device to draw for: a device to ask, or a profile. */
    static final class Target {
        @Option(names = "--device", paramLabel = "URI",
                description = "Draw for the device at URI (opened briefly to read its profile), e.g. sim:?profile=budget-2zone.")
        String device;

        @Option(names = "--profile", paramLabel = "ID|FILE",
                description = "Draw for a device profile: a built-in id (shiatsu-4zone, budget-2zone, aircomp-5zone)"
                        + " or a profile file. Default: shiatsu-4zone.")
        String profile;
    }

    @Option(names = "--comfort", paramLabel = "PCT", defaultValue = "100",
            description = "Scale intensities under your comfort cap, 1 to 100 %% (default: ${DEFAULT-VALUE}).")
    double comfort;

    @Override
    public Integer call() throws IOException {
        String name = output.getFileName().toString().toLowerCase(Locale.ROOT);
        boolean png = name.endsWith(".png");
        if (!png && !name.endsWith(".svg")) {
            throw new ParameterException(spec.commandLine(), "--output " + output
                    + ": unknown picture format (expected a file name ending in .svg or .png)");
        }
        if (!(comfort >= 1 && comfort <= 100)) {
            throw new ParameterException(spec.commandLine(), "--comfort " + comfort
                    + " is out of range (expected 1 to 100)");
        }
        Routine parsed = Routines.resolve(routine);
        DeviceProfile profile = profile();
        CompiledRoutine compiled = RoutineCompiler.compile(parsed, profile, Intensity.of(comfort));
        RoutinePlot plot = RoutinePlot.of(compiled);
        if (png) {
            write(output, SvgPlotRenderer.renderPng(plot));
        } else {
            write(output, SvgPlotRenderer.render(plot).getBytes(StandardCharsets.UTF_8));
        }

        PrintWriter err = spec.commandLine().getErr();
        for (String warning : compiled.warnings()) {
            err.println("solemate: note: " + warning);
        }
        err.flush();
        PrintWriter out = spec.commandLine().getOut();
        long lanes = plot.lanes().stream().filter(l -> !l.skipped()).count();
        int steps = compiled.steps().size();
        out.printf("wrote %s: %s on %s, %d %s, %d %s, %s%n", output, compiled.name(), profile.id(), lanes,
                lanes == 1 ? "zone" : "zones", steps, steps == 1 ? "step" : "steps", TimeLabels.clock(compiled.duration()));
        out.flush();
        return 0;
    }

    private DeviceProfile profile() {
        if (target.device != null) {
            try (Massager massager = Massagers.open(target.device)) {
                return massager.profile();
            }
        }
        return target.profile != null ? DeviceProfiles.resolve(target.profile) : DeviceProfiles.defaultProfile();
    }

    /**
     * Writes through a temporary file, so a reader never sees half a picture. The temporary file is
     * created like any new file (not with createTempFile's private 0600), so the picture gets the
     * permissions the user's umask gives, as any other program's output would.
     */
    static void write(Path file, byte[] content) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path temp = dir.resolve(".plot-" + Long.toUnsignedString(new java.security.SecureRandom().nextLong(), 36) + ".tmp");
        try {
            Files.write(temp, content, java.nio.file.StandardOpenOption.CREATE_NEW, java.nio.file.StandardOpenOption.WRITE);
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}
