/**
 * Solemate's serial driver: the {@code serial:} (jSerialComm) and {@code tcp:} drivers for boards
 * that speak the Solemate serial protocol, port discovery, and a firmware emulator.
 *
 * <p>Applications open these devices through {@code Massagers.open("serial:/dev/ttyUSB0")}; the
 * drivers themselves are not API. Exported: port discovery, the emulator, and the wire-protocol SPI.
 */
// A package that applications use must be exported here; internal ones stay out (and are listed
// in the japicmp excludes of the root pom.xml).
module dev.solemate.serial {
    requires transitive dev.solemate.core;
    requires com.fazecast.jSerialComm;
    requires org.slf4j;

    exports dev.solemate.serial.discovery;
    exports dev.solemate.serial.emulator;
    exports dev.solemate.serial.protocol;

    // Internal, free to change between releases (not exported, not covered by the API check):
    // dev.solemate.serial.driver, dev.solemate.serial.transport,
    // dev.solemate.serial.protocol.text, dev.solemate.serial.protocol.binary.

    uses dev.solemate.serial.protocol.WireProtocol;
    provides dev.solemate.serial.protocol.WireProtocol with
            dev.solemate.serial.protocol.text.TextProtocol,
            dev.solemate.serial.protocol.binary.BinaryProtocol;
    provides dev.solemate.driver.MassagerDriver with
            dev.solemate.serial.driver.SerialDriver,
            dev.solemate.serial.driver.TcpDriver;
}
