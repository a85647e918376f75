package dev.solemate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/** A password typed where it should not be, or kept where others can read it: never echoed, always pointed out. */
@Timeout(60)
class SecretsOnTheCommandLineTest {

    @TempDir
    Path dir;

    @Test
    void aMistypedPasswordOptionIsNotEchoedBack() {
        CliRunner.Result r = CliRunner.run("bridge", "--broker", "tcp://127.0.0.1:1", "--password", "S3cr3t-Pa55!",
                "--device", "bedroom=sim:");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err() + r.out()).doesNotContain("S3cr3t").contains("--password-file");
    }

    @Test
    void theValueOfAnEqualsFormIsNotEchoedEither() {
        CliRunner.Result r = CliRunner.run("doctor", "--token=S3cr3t-Pa55!");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err() + r.out()).doesNotContain("S3cr3t").contains("***");
    }

    @Test
    void aDeviceUriWithAPasswordIsRedactedInTheError() {
        CliRunner.Result r = CliRunner.run("run", "bedtime", "--device", "mqtt://ha@127.0.0.1:1/solemate/b?password=S3cr3t-Pa55!&bad=1");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).doesNotContain("S3cr3t").contains("password=***");
    }

    @Test
    void doctorOfADeviceUriWithAPasswordNeverShowsIt() {
        CliRunner.Result r = CliRunner.run("doctor", "--device", "mqtt://ha@127.0.0.1:1/solemate/b?password=S3cr3t-Pa55!&timeout=1s");

        assertThat(r.err() + r.out()).doesNotContain("S3cr3t").contains("password=***");
    }

    @Test
    @EnabledOnOs({OS.LINUX, OS.MAC})
    void aPasswordFileOthersCanReadIsWarnedAboutWithTheFix() throws Exception {
        Path pw = Files.writeString(dir.resolve("mqtt.pw"), "S3cr3t-Pa55!\n");
        Files.setPosixFilePermissions(pw, PosixFilePermissions.fromString("rw-r--r--"));

        CliRunner.Result r = CliRunner.run("doctor", "--broker", "mqtt://127.0.0.1:1", "--username", "u",
                "--password-file", pw.toString(), "--timeout", "300");

        assertThat(r.err()).contains(pw.toString()).contains("chmod 600 " + pw);
        assertThat(r.err() + r.out()).doesNotContain("S3cr3t");
    }
}
