package dev.solemate.serial.pty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.solemate.MassagerException;
import dev.solemate.Massagers;
import dev.solemate.serial.discovery.Probe;
import dev.solemate.serial.discovery.SerialPorts;
import dev.solemate.serial.emulator.EmulatorOptions;
import dev.solemate.serial.emulator.FirmwareEmulator;
import dev.solemate.serial.transport.JSerialCommTransport;
import dev.solemate.serial.transport.SerialSettings;
import dev.solemate.serial.transport.Transport;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** What users hit with real ports: line settings actually applied, and errors that say what to do. */
@Timeout(30)
class SerialPortErrorsTest {

    @TempDir
    Path dir;

    @Test
    void lineSettingsFromTheUriAreAppliedToThePort() throws Exception {
        try (SocatPair pair = SocatPair.start(dir)) {
            SerialSettings wanted = SerialSettings.from(pair.a().toString(),
                    dev.solemate.driver.DeviceUri.parse("serial:x?baud=9600&databits=7&parity=even&stopbits=2"));
            JSerialCommTransport t = JSerialCommTransport.open(wanted, () -> "");
            try {
                // the kernel shows what reached the line driver; a Linux pty keeps cs8 and no parity whatever it is told
                String stty = run("stty", "-F", pair.a().toString(), "-a");
                assertThat(stty).contains("speed 9600 baud").contains(" cstopb");
                assertThat(t.appliedSettings()).isEqualTo(wanted);
            } finally {
                t.close();
            }
        }
    }

    @Test
    void aMissingPortIsReportedWithThePortsThatExist() {
        assertThatThrownBy(() -> Massagers.open("serial:" + dir.resolve("ttyUSB9")))
                .isInstanceOf(MassagerException.class)
                .hasMessageContaining("serial port " + dir.resolve("ttyUSB9") + " not found (is the device plugged in?)")
                .hasMessageContaining("Ports that exist: ");
    }

    @Test
    void aPortAnotherProgramHoldsIsReportedBusy() throws Exception {
        try (SocatPair pair = SocatPair.start(dir)) {
            Transport first = JSerialCommTransport.open(SerialSettings.of(pair.a().toString(), 115200), () -> "");
            try {
                assertThatThrownBy(() -> JSerialCommTransport.open(SerialSettings.of(pair.a().toString(), 115200), () -> ""))
                        .isInstanceOf(MassagerException.class).hasMessageContaining("busy");
            } finally {
                first.close();
            }
        }
    }

    @Test
    void aPortThatIsNotASolemateDeviceFailsTheHandshakeClearly() throws Exception {
        try (SocatPair pair = SocatPair.start(dir)) {
            assertThatThrownBy(() -> Massagers.open("serial:" + pair.a() + "?timeout=500ms&ack=100ms"))
                    .isInstanceOf(MassagerException.class).hasMessageContaining("no Solemate device answered")
                    .hasMessageContaining("Check the port, the baud rate and ?protocol=");
        }
    }

    @Test
    void probingFindsTheEmulatorInEitherDialect() throws Exception {
        try (SocatPair pair = SocatPair.start(dir);
             FirmwareEmulator emu = FirmwareEmulator.start(pair.b().toString(),
                     EmulatorOptions.defaults().withProtocol("solemate-binary").withSerialNumber("SN-42"))) {
            Probe.Result result = Probe.ports(List.of(pair.a().toString()), 115200, Duration.ofMillis(500));

            assertThat(result.found()).hasSize(1);
            assertThat(result.found().get(0).hello().serialNumber()).isEqualTo("SN-42");
            assertThat(result.found().get(0).uri()).isEqualTo("serial:" + pair.a() + "?protocol=solemate-binary");
        }
    }

    @Test
    void theEmulatorWaitsForItsPortToAppear() throws Exception {
        Path board = dir.resolve("pair").resolve("B");
        java.nio.file.Files.createDirectories(board.getParent());
        try (FirmwareEmulator emu = FirmwareEmulator.start(board.toString(), EmulatorOptions.defaults().withSerialNumber("LATE-1"));
             SocatPair pair = SocatPair.start(board.getParent())) {
            Probe.Result result = Probe.ports(List.of(pair.a().toString()), 115200, Duration.ofSeconds(2));

            assertThat(result.found()).extracting(f -> f.hello().serialNumber()).containsExactly("LATE-1");
        }
    }

    @Test
    void usbIdsThatMatchNoPortAreReportedWithThePortsThatExist() {
        assertThatThrownBy(() -> SerialPorts.resolve("usb:1a86:7523")).isInstanceOf(MassagerException.class)
                .hasMessageContaining("no serial port with USB id 1a86:7523").hasMessageContaining("Ports that exist");
        assertThatThrownBy(() -> SerialPorts.resolve("usb:zz")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("expected usb:VID:PID");
    }

    private static String run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        p.getInputStream().transferTo(out);
        p.waitFor();
        return out.toString();
    }
}
