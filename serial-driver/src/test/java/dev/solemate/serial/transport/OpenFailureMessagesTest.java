package dev.solemate.serial.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.solemate.driver.DeviceUri;
import org.junit.jupiter.api.Test;

/** The messages for failures a test machine cannot provoke (the tests run as root), and URI line settings. */
class OpenFailureMessagesTest {

    @Test
    void permissionDeniedTellsHowToJoinTheDialoutGroup() {
        assertThat(JSerialCommTransport.openFailed("/dev/ttyUSB0", 13, () -> "none").getMessage())
                .contains("permission denied opening serial port /dev/ttyUSB0")
                .contains("sudo usermod -aG dialout $USER").contains("log out and back in");
    }

    @Test
    void busyNamesLikelyCulprits() {
        assertThat(JSerialCommTransport.openFailed("/dev/ttyUSB0", 16, () -> "none").getMessage())
                .contains("is busy").contains("another program has it open");
    }

    @Test
    void aNativeLibraryFailureExplainsNoexecTmp() {
        assertThat(JSerialCommTransport.nativeLibraryFailed(new UnsatisfiedLinkError("libjSerialComm.so: failed to map segment"))
                .getMessage()).contains("-Djava.io.tmpdir=").contains("-DjSerialComm.library.path=").contains("noexec");
    }

    @Test
    void uriLineSettingsAreReadAndValidated() {
        SerialSettings s = SerialSettings.from("/dev/ttyUSB0",
                DeviceUri.parse("serial:/dev/ttyUSB0?baud=57600&databits=7&parity=odd&stopbits=1.5"));
        assertThat(s).isEqualTo(new SerialSettings("/dev/ttyUSB0", 57600, 7, Parity.ODD, StopBits.ONE_AND_A_HALF));
        assertThat(SerialSettings.of("/dev/x", 115200).bitsPerByte()).isEqualTo(10.0);
        assertThatThrownBy(() -> SerialSettings.from("/dev/x", DeviceUri.parse("serial:/dev/x?parity=maybe")))
                .hasMessage("parity 'maybe' is not allowed (expected one of: none, odd, even, mark, space)");
        assertThatThrownBy(() -> SerialSettings.from("/dev/x", DeviceUri.parse("serial:/dev/x?databits=9")))
                .hasMessageContaining("'9' is not allowed (expected a whole number from 5 to 8)");
    }
}
