package dev.solemate.cli.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The docs' expected output is compared whole; only … and the scratch directory are masked. */
class ShownOutputTest {

    private static final Path DIR = Path.of("/tmp/scratch");

    @Test
    void everyLineMustBeShownInOrder() {
        assertThat(ShownOutput.compare("a\nb\n", "a\nb\n", DIR)).isNull();
        assertThat(ShownOutput.compare("a\n", "a\nb\n", DIR)).startsWith("the page stops at line 1");
        assertThat(ShownOutput.compare("a\nb\nc\n", "a\nb\n", DIR)).startsWith("the command stopped after line 2");
        assertThat(ShownOutput.compare("a\nc\n", "a\nb\n", DIR)).startsWith("line 2 of the page is");
    }

    @Test
    void anEllipsisStandsForAnyTextWithinALine() {
        assertThat(ShownOutput.matches("ok    java: Java …", "ok    java: Java 17.0.12 (Debian)")).isTrue();
        assertThat(ShownOutput.matches("…  java: …", "warn  java: x")).isTrue();
        assertThat(ShownOutput.matches("ok    java: Java …", "FAIL  java: Java 11")).isFalse();
        assertThat(ShownOutput.matches("a (b) [c] $d", "a (b) [c] $d")).isTrue();
    }

    @Test
    void theScratchDirectoryIsMasked() {
        assertThat(ShownOutput.compare("wrote <dir>/x.svg\n", "wrote /tmp/scratch/x.svg\n", DIR)).isNull();
    }
}
