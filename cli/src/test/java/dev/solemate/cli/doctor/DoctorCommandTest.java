package dev.solemate.cli.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.solemate.Massagers;
import dev.solemate.cli.CommandRun;
import dev.solemate.cli.history.SessionLog;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(20)
class DoctorCommandTest {

    @TempDir
    Path dir;

    private static String drivers() {
        return "ok    drivers: " + Massagers.drivers().keySet().stream().sorted().map(s -> s + ":").collect(Collectors.joining(" "));
    }

    private CommandRun doctor(FakeSystem system, String... args) {
        return CommandRun.of(new DoctorCommand(system, new SessionLog(dir.resolve("state/history.jsonl"))), args);
    }

    @Test
    void aHealthyMachinePassesEveryCheck() {
        CommandRun run = doctor(FakeSystem.healthy());

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).isEqualTo("""
                ok    java: Java 17.0.15 (Eclipse Adoptium, /opt/java)
                ok    serial permissions: ada is in the dialout group (no serial port plugged in now)
                ok    serial native library: jSerialComm 2.11.4 loaded; 0 serial ports listed
                ok    temp directory: /tmp allows executables
                """ + drivers() + "\n"
                + "ok    history: " + dir.resolve("state/history.jsonl") + " (created by the first run)\n"
                + "\n6 checks: 0 failures, 0 warnings; all good.\n");
    }

    @Test
    void aPortTheUserCannotOpenFailsWithTheDialoutFix() {
        Path port = Path.of("/dev/ttyUSB0");
        CommandRun run = doctor(FakeSystem.healthy().withGroups("ada").withDevices(List.of(port), Set.of()));

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).contains("FAIL  serial permissions: ada cannot open /dev/ttyUSB0 (not in the dialout group);"
                + " sudo usermod -aG dialout ada, then log out and back in\n");
        assertThat(run.out()).endsWith("6 checks: 1 failure, 0 warnings.\n");
    }

    @Test
    void notInDialoutWithNoPortPluggedInIsAWarning() {
        CommandRun run = doctor(FakeSystem.healthy().withGroups("ada", "users"));

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("warn  serial permissions: ada is not in the dialout group (no serial port plugged in now);"
                + " sudo usermod -aG dialout ada, then log out and back in\n");
    }

    @Test
    void rootCountsAsAllowed() {
        CommandRun run = doctor(FakeSystem.healthy().asRoot().withGroups("root")
                .withDevices(List.of(Path.of("/dev/ttyACM0")), Set.of()));

        assertThat(run.out()).contains("ok    serial permissions: running as root; /dev/ttyACM0\n");
    }

    @Test
    void aNativeLibraryThatCannotLoadFailsWithTheTmpdirFix() {
        CommandRun run = doctor(FakeSystem.healthy().withNativeFailure(
                new UnsatisfiedLinkError("/tmp/jSerialComm/libjSerialComm.so: failed to map segment from shared object")));

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).contains("FAIL  serial native library: jSerialComm could not load its native library"
                + " (UnsatisfiedLinkError: /tmp/jSerialComm/libjSerialComm.so: failed to map segment from shared object);"
                + " run with JAVA_TOOL_OPTIONS=\"-Djava.io.tmpdir=$HOME/.cache/solemate/tmp\"");
    }

    @Test
    void aNoexecTempDirectoryIsAWarning() {
        CommandRun run = doctor(FakeSystem.healthy().withMounts(
                "/dev/sda1 / ext4 rw 0 0\ntmpfs /tmp tmpfs rw,nosuid,nodev,noexec 0 0\n"));

        assertThat(run.out()).contains("warn  temp directory: /tmp is on a noexec mount (/tmp), so jSerialComm cannot"
                + " run its native library from there; run with JAVA_TOOL_OPTIONS=");
    }

    @Test
    void anOldJavaFails() {
        CommandRun run = doctor(FakeSystem.healthy().withJava("11.0.2"));

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).startsWith("FAIL  java: Java 11.0.2 is too old (expected 17 or later); install Java 17");
    }

    @Test
    void theDeviceIsOpenedAndItsProfileUsedForTheRoutine() throws Exception {
        Path routine = dir.resolve("evening.json");
        Files.writeString(routine, """
                {"name": "evening", "steps": [
                  {"name": "arch", "duration": "1m", "zones": {"arch": {"technique": "knead", "intensity": 30}}}]}
                """);

        CommandRun run = doctor(FakeSystem.healthy(), "--device", "sim:?profile=budget-2zone&serial=S1",
                "--routine", routine.toString());

        assertThat(run.out()).contains("ok    device: sim:?profile=budget-2zone&serial=S1 opened: budget-2zone (Budget roller, 2 zones), firmware ");
        assertThat(run.out()).contains("warn  routine file: " + routine + ": evening, 1:00, 1 step; 1 adaptation for"
                + " budget-2zone (first: zone arch: budget-2zone has no arch zone; skipped); see them all with solemate plot ");
        assertThat(run.exitCode()).isZero();
    }

    @Test
    void anUnknownSchemeAndABrokenRoutineFail() throws Exception {
        Path routine = dir.resolve("broken.json");
        Files.writeString(routine, "{\"name\": \"x\", \"steps\": [\n  {\"name\": \"a\", \"duration\": \"-1m\"}]}\n");

        CommandRun run = doctor(FakeSystem.healthy(), "--device", "bogus:x", "--routine", routine.toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).contains("FAIL  device: no driver for scheme 'bogus:'");
        assertThat(run.out()).containsPattern("FAIL  routine file: .*broken.json:2:\\d+ at \\$\\.steps\\[0\\]");
    }

    @Test
    void aProfileFileIsCheckedAndUsedForTheRoutine() throws Exception {
        Path profile = dir.resolve("mine.json");
        Files.writeString(profile, """
                {"id": "mine", "name": "My roller", "zones": {"arch": ["knead"]}, "intensitySteps": 4,
                 "heat": null, "maxSessionMinutes": 15}
                """);
        Path bad = dir.resolve("bad.json");
        Files.writeString(bad, "{\"id\": \"x\"}");

        CommandRun good = doctor(FakeSystem.healthy(), "--profile", profile.toString());
        CommandRun broken = doctor(FakeSystem.healthy(), "--profile", bad.toString());

        assertThat(good.out()).contains("ok    profile file: " + profile + ": mine (My roller), 1 zones, 4 levels\n");
        assertThat(broken.exitCode()).isEqualTo(1);
        assertThat(broken.out()).contains("FAIL  profile file: " + bad + ":1:");
    }

    @Test
    void theBrokerAcceptsTheCredentials() throws Exception {
        Path password = dir.resolve("pw");
        Files.writeString(password, "s3cret\n");
        try (FakeBroker broker = new FakeBroker(0)) {
            CommandRun run = doctor(FakeSystem.healthy(), "--broker", "mqtt://127.0.0.1:" + broker.port(),
                    "--username", "solemate", "--password-file", password.toString());

            assertThat(run.out()).contains("ok    broker: 127.0.0.1:" + broker.port()
                    + " accepted the connection as solemate\n");
            String connect = new String(broker.received.get(5, TimeUnit.SECONDS), StandardCharsets.ISO_8859_1);
            assertThat(connect).startsWith("\0\4MQTT\4\u00c2").contains("solemate-doctor-").endsWith("\0\10solemate\0\6s3cret");
        }
    }

    @Test
    void badCredentialsFailWithTheConnackReason() throws Exception {
        Path password = dir.resolve("pw");
        Files.writeString(password, "wrong");
        try (FakeBroker broker = new FakeBroker(4)) {
            CommandRun run = doctor(FakeSystem.healthy(), "--broker", "mqtt://127.0.0.1:" + broker.port(),
                    "--username", "solemate", "--password-file", password.toString());

            assertThat(run.exitCode()).isEqualTo(1);
            assertThat(run.out()).contains("FAIL  broker: 127.0.0.1:" + broker.port() + " refused the connection as"
                    + " solemate (CONNACK 4: bad user name or password); check --username and the password file\n");
        }
    }

    @Test
    void aBrokerThatIsNotRunningFails() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        CommandRun run = doctor(FakeSystem.healthy(), "--broker", "mqtt://127.0.0.1:" + port);

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).contains("FAIL  broker: nothing listens at 127.0.0.1:" + port)
                .contains("start the broker (e.g. systemctl start mosquitto)");
    }

    @Test
    void theHistoryIsCountedAndATornLineIsAWarning() throws Exception {
        Path file = dir.resolve("state/history.jsonl");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "{\"start\":\"2026-11-24T21:00:00+01:00\",\"routine\":\"bedtime\",\"device\":\"sim:\","
                + "\"profile\":\"shiatsu-4zone\",\"playedSeconds\":870.0,\"ending\":\"completed\",\"reason\":\"completed\"}\n"
                + "{\"start\":\"2026-11-25");

        CommandRun run = doctor(FakeSystem.healthy());

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("warn  history: " + file + ": 1 session; 1 unreadable line(s) skipped (");
    }

    @Test
    void theMountHoldingAPathIsTheLongestMatch() {
        String mounts = "/dev/sda1 / ext4 rw 0 0\ntmpfs /tmp tmpfs rw,noexec 0 0\n/dev/sdb /tmpfiles ext4 rw 0 0\n";

        assertThat(MachineChecks.mountOf("/tmp/x", mounts).orElseThrow()[1]).isEqualTo("/tmp");
        assertThat(MachineChecks.mountOf("/tmpfiles", mounts).orElseThrow()[1]).isEqualTo("/tmpfiles");
        assertThat(MachineChecks.mountOf("/home/a", mounts).orElseThrow()[1]).isEqualTo("/");
    }

    @Test
    void javaVersionsOfEveryShapeAreRead() {
        assertThat(MachineChecks.feature("17.0.15")).isEqualTo(17);
        assertThat(MachineChecks.feature("1.8.0_392")).isEqualTo(8);
        assertThat(MachineChecks.feature("21")).isEqualTo(21);
        assertThat(MachineChecks.feature("22-ea")).isEqualTo(22);
    }

    @Test
    void helpShowsExamples() {
        CommandRun run = doctor(FakeSystem.healthy(), "--help");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("solemate doctor --device serial:/dev/ttyUSB0");
    }
}
