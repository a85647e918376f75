package dev.solemate.cli.terminal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.solemate.cli.RepoRoot;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code ./solemate} launcher put on PATH as a symlink (even a chain of relative ones) and run
 * from another directory finds its checkout. Runs the real script on a copy of the checkout's
 * layout, with a stand-in {@code java} that prints what it was asked to run, so no build is needed.
 */
@EnabledOnOs({OS.LINUX, OS.MAC})
class LauncherThroughASymlinkTest {

    @TempDir
    Path dir;

    @Test
    void aSymlinkOnPathRunsTheCheckoutItPointsTo() throws Exception {
        Path checkout = Files.createDirectories(dir.resolve("src/solemate"));
        Files.copy(RepoRoot.find().resolve("solemate"), checkout.resolve("solemate"));
        Path jar = Files.createDirectories(checkout.resolve("cli/target")).resolve("solemate-cli-0.1.0-SNAPSHOT.jar");
        Files.writeString(jar, "a built jar");
        Files.writeString(checkout.resolve("pom.xml"), "<project/>");
        Files.setLastModifiedTime(checkout.resolve("pom.xml"), FileTime.from(Instant.now().minusSeconds(60)));
        Path fakeJava = Files.createDirectories(dir.resolve("jdk/bin")).resolve("java");
        Files.writeString(fakeJava, "#!/bin/sh\necho \"java $*\"\n");
        Files.setPosixFilePermissions(fakeJava, PosixFilePermissions.fromString("rwxr-xr-x"));

        // ~/bin/solemate -> ../links/solemate -> ../src/solemate/solemate
        Path links = Files.createDirectories(dir.resolve("links"));
        Files.createSymbolicLink(links.resolve("solemate"), Path.of("../src/solemate/solemate"));
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Files.createSymbolicLink(bin.resolve("solemate"), Path.of("../links/solemate"));
        Path elsewhere = Files.createDirectories(dir.resolve("elsewhere"));

        ProcessBuilder builder = new ProcessBuilder("sh", "-c", "solemate routines").directory(elsewhere.toFile())
                .redirectErrorStream(true);
        builder.environment().put("PATH", bin + ":" + fakeJava.getParent() + ":/usr/bin:/bin");
        builder.environment().put("SOLEMATE_CLASSPATH", "/opt/driver.jar");
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();

        // A short-lived command gets the launcher's quick-starting JVM (no CDS archive: the stand-in java makes none).
        assertThat(output).as(output).isEqualTo("java -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -cp " + jar.toRealPath() + ":/opt/driver.jar"
                + " dev.solemate.cli.Main routines\n");
        assertThat(process.exitValue()).isZero();
    }
}
