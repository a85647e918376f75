package dev.solemate.secret;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/** Password files: read, warned about when others can open them (as ssh does), and private files and folders made. */
@EnabledOnOs({OS.LINUX, OS.MAC})
class PrivateFilesTest {

    @TempDir
    Path dir;

    @Test
    void aPasswordFileOthersCanReadIsNamedWithTheChmodThatFixesIt() throws IOException {
        Path file = Files.writeString(dir.resolve("pw"), "S3cr3t\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        assertThat(PrivateFiles.sharedFileWarning(file, "a password")).hasValueSatisfying(w -> assertThat(w)
                .contains(file.toString()).contains("chmod 600 " + file).doesNotContain("S3cr3t"));
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        assertThat(PrivateFiles.sharedFileWarning(file, "a password")).isEmpty();
    }

    @Test
    void thePasswordIsTheFirstLineWithoutItsLineEnd() throws IOException {
        assertThat(Secret.fromFile(Files.writeString(dir.resolve("a"), "p a ss\r\nignored\n")).reveal()).isEqualTo("p a ss");
        assertThatThrownBy(() -> Secret.fromFile(Files.writeString(dir.resolve("b"), "\n")))
                .hasMessageContaining("is empty");
    }

    @Test
    void anUnsetVariableIsNamed() {
        assertThatThrownBy(() -> Secret.fromEnvironment("MQTT_PW", Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("MQTT_PW is not set");
        assertThat(Secret.fromEnvironment("MQTT_PW", Map.of("MQTT_PW", "x")).reveal()).isEqualTo("x");
    }

    @Test
    void directoriesAreCreatedForTheOwnerOnly() throws IOException {
        Path nested = dir.resolve("a/b");
        PrivateFiles.createPrivateDirectories(nested);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(nested))).isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("a")))).isEqualTo("rwx------");
        Path f = Files.createFile(nested.resolve("f"), PrivateFiles.ownerOnlyFile());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f))).isEqualTo("rw-------");
    }
}
