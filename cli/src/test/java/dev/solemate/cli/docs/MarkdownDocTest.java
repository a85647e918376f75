package dev.solemate.cli.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MarkdownDocTest {

    @TempDir
    Path dir;

    @Test
    void blocksCarryTheirMarkerTheirFileNameAndTheirShownOutput() throws Exception {
        Path page = dir.resolve("page.md");
        Files.writeString(page, """
                # Title

                ```json
                {"a": 1}
                ```

                Save it as `a.json`, then:

                <!-- exit: 3 -->
                ```sh
                solemate validate a.json
                ```

                ```text
                a.json:1:
                ```

                <!-- not run: needs a serial port -->
                ```sh
                solemate run bedtime --device serial:/dev/ttyUSB0
                ```
                Prose right after.

                ```text
                not the output of the block above
                ```
                """);

        MarkdownDoc doc = MarkdownDoc.read(page);

        assertThat(doc.blocks()).extracting(MarkdownDoc.Block::language).containsExactly("json", "sh", "text", "sh", "text");
        assertThat(doc.blocks().get(0).savedAs()).contains("a.json");
        MarkdownDoc.Block validate = doc.blocks().get(1);
        assertThat(validate.marked("exit")).isTrue();
        assertThat(validate.markerValue()).isEqualTo("3");
        assertThat(doc.following(validate)).map(MarkdownDoc.Block::text).contains("a.json:1:\n");
        MarkdownDoc.Block serial = doc.blocks().get(3);
        assertThat(serial.marked("not run")).isTrue();
        assertThat(doc.following(serial)).isEqualTo(Optional.empty());
    }
}
