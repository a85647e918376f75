package dev.solemate.cli.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.solemate.cli.RepoRoot;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The docs cannot rot: every {@code solemate} command shown in README.md and docs/*.md runs here,
 * exactly as written, through {@code sh} in a scratch directory where {@code solemate} and
 * {@code ./solemate} run {@code dev.solemate.cli.Main} on the test class path; its exit code and
 * the output the page shows are checked. Every Java block marked as a snippet must equal its tagged
 * region in a compiled example class. See {@link MarkdownDoc} for the conventions. The user-guide
 * pages owned by this module are strict: there, every shell block runs or says why not, and every
 * Java block is a snippet.
 */
class DocsTest {

    /** Pages where nothing may be shown without being checked. */
    private static final Set<String> STRICT = Set.of("getting-started.md", "safety.md", "writing-a-driver.md",
            "troubleshooting.md");
    private static final long COMMAND_TIMEOUT_SECONDS = 90;

    @TempDir
    Path scratch;

    @TestFactory
    @Timeout(600)
    Stream<DynamicTest> everyDocumentedCommandAndSnippetWorks() throws IOException {
        Path root = RepoRoot.find();
        List<Path> pages = new ArrayList<>();
        pages.add(root.resolve("README.md"));
        try (Stream<Path> docs = Files.list(root.resolve("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
        }
        List<DynamicTest> tests = new ArrayList<>();
        for (Path page : pages) {
            if (!Files.exists(page)) {
                continue;
            }
            MarkdownDoc doc = MarkdownDoc.read(page);
            boolean strict = STRICT.contains(page.getFileName().toString());
            Path dir = scratch.resolve(page.getFileName().toString().replace(".md", ""));
            String name = root.relativize(page).toString();
            tests.add(DynamicTest.dynamicTest(name, () -> checkPage(root, doc, dir, strict)));
        }
        return tests.stream();
    }

    private void checkPage(Path root, MarkdownDoc doc, Path dir, boolean strict) throws Exception {
        String page = root.relativize(doc.file()).toString();
        Files.createDirectories(dir);
        Launcher launcher = new Launcher(dir);
        for (MarkdownDoc.Block block : doc.blocks()) {
            Optional<String> saved = block.savedAs();
            if (saved.isPresent()) {
                Files.writeString(dir.resolve(saved.get()), block.text(), StandardCharsets.UTF_8);
            }
        }
        for (MarkdownDoc.Block block : doc.blocks()) {
            String where = page + ":" + block.line();
            if (block.language().equals("java") || block.marked("snippet")) {
                checkSnippet(root, block, where, strict);
            } else if (block.language().equals("sh") && !block.marked("not run")) {
                runCommands(doc, block, where, strict, launcher);
            }
        }
    }

    private static void checkSnippet(Path root, MarkdownDoc.Block block, String where, boolean strict) throws IOException {
        if (!block.marked("snippet")) {
            if (strict) {
                fail(where + ": a Java block must be a snippet of a compiled class: put"
                        + " <!-- snippet: path/To.java#tag --> before it");
            }
            return;
        }
        String[] ref = block.markerValue().split("#", 2);
        Path source = root.resolve(ref[0]);
        assertThat(source).as(where + ": snippet source").exists();
        String text = Files.readString(source, StandardCharsets.UTF_8);
        String region = ref.length == 2 ? Snippets.region(text, ref[1]) : text;
        assertThat(block.text()).as(where + ": the doc must show " + block.markerValue() + " verbatim").isEqualTo(region);
    }

    private static void runCommands(MarkdownDoc doc, MarkdownDoc.Block block, String where, boolean strict,
            Launcher launcher) throws Exception {
        List<String> commands = block.text().lines().map(String::strip)
                .filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        boolean solemate = commands.stream().anyMatch(Launcher::invokesSolemate);
        if (!solemate) {
            if (strict) {
                fail(where + ": this shell block does not run solemate; mark it <!-- not run: why -->");
            }
            return;
        }
        boolean runnable = commands.stream().allMatch(c -> Launcher.invokesSolemate(c) && !Launcher.neverEnds(c));
        if (!runnable && !strict) {
            // Elsewhere a block may set up a scene (socat, a broker, a server left running with &): shown, not run.
            return;
        }
        String expectedExit = block.marked("exit") ? block.markerValue().split("\\s+")[0] : "0";
        StringBuilder output = new StringBuilder();
        for (String command : commands) {
            if (!Launcher.invokesSolemate(command) || Launcher.neverEnds(command)) {
                fail(where + ": '" + command + "' is not a solemate command that ends by itself; move it to a"
                        + " block marked <!-- not run: why -->");
            }
            Launcher.Result result = launcher.run(command, COMMAND_TIMEOUT_SECONDS);
            output.append(result.out()).append(result.err());
            if (!expectedExit.equals("any")) {
                assertThat(result.exitCode()).as(where + ": exit code of '" + command + "'\nstdout:\n" + result.out()
                        + "\nstderr:\n" + result.err()).isEqualTo(Integer.parseInt(expectedExit));
            }
        }
        Optional<MarkdownDoc.Block> shown = doc.following(block);
        if (shown.isPresent() && shown.get().language().equals("text")) {
            String problem = ShownOutput.compare(shown.get().text(), output.toString(), launcher.dir);
            if (problem != null) {
                fail(where + ": the output shown on the page is not what the command printed: " + problem);
            }
        }
    }

    /** Runs doc command lines with sh, with solemate and ./solemate pointing at the test class path. */
    static final class Launcher {

        final Path dir;
        private final Path bin;

        Launcher(Path dir) throws IOException {
            this.dir = dir;
            this.bin = Files.createDirectories(dir.resolve(".bin"));
            String script = "#!/bin/sh\nexec \"" + Path.of(System.getProperty("java.home"), "bin", "java")
                    + "\" -XX:TieredStopAtLevel=1 -Xshare:auto -cp '" + System.getProperty("java.class.path")
                    + "' dev.solemate.cli.Main \"$@\"\n";
            for (Path file : List.of(bin.resolve("solemate"), dir.resolve("solemate"))) {
                Files.writeString(file, script, StandardCharsets.UTF_8);
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
            }
        }

        static boolean invokesSolemate(String line) {
            return line.startsWith("solemate ") || line.equals("solemate") || line.startsWith("./solemate")
                    || line.contains("| solemate") || line.contains("| ./solemate");
        }

        /** Servers (the bridge, the board emulator) and background jobs run until stopped. */
        static boolean neverEnds(String line) {
            return line.endsWith("&") || line.matches("(\\./)?solemate (bridge|simulate)\\b.*");
        }

        record Result(int exitCode, String out, String err) {
        }

        Result run(String command, long timeoutSeconds) throws IOException, InterruptedException {
            Path out = Files.createTempFile(dir, ".out", ".txt");
            Path err = Files.createTempFile(dir, ".err", ".txt");
            ProcessBuilder builder = new ProcessBuilder("sh", "-c", command).directory(dir.toFile())
                    .redirectOutput(out.toFile()).redirectError(err.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
            builder.environment().put("PATH", bin + ":" + System.getenv("PATH"));
            builder.environment().put("SOLEMATE_STATE_DIR", dir.resolve("state").toString());
            builder.environment().remove("JAVA_TOOL_OPTIONS");
            Process process = builder.start();
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                fail("'" + command + "' did not finish within " + timeoutSeconds + " s");
            }
            return new Result(process.exitValue(), Files.readString(out), Files.readString(err));
        }
    }
}
