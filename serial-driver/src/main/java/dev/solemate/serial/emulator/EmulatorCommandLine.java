package dev.solemate.serial.emulator;

import dev.solemate.device.DeviceProfiles;
import java.time.Duration;

/** The emulator's own command-line arguments (the {@code solemate simulate} CLI has its own parser). */
record EmulatorCommandLine(String endpoint, EmulatorOptions options) {

    static final String USAGE = "usage: FirmwareEmulator (--port PATH | --listen tcp://HOST:PORT) [--protocol solemate-text|solemate-binary]"
            + " [--profile ID|FILE.json] [--serial SN] [--rx BYTES] [--heartbeat MS] [--pace-baud BAUD]";

    static EmulatorCommandLine parse(String[] args) {
        String endpoint = null;
        EmulatorOptions o = EmulatorOptions.defaults();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("option " + a + " needs a value");
            }
            String v = args[++i];
            switch (a) {
                case "--port" -> endpoint = v;
                case "--listen" -> endpoint = v.startsWith("tcp://") ? v : "tcp://" + v;
                case "--protocol" -> o = o.withProtocol(v);
                case "--profile" -> o = o.withProfile(DeviceProfiles.resolve(v));
                case "--serial" -> o = o.withSerialNumber(v);
                case "--rx" -> o = o.withRxBuffer(Integer.parseInt(v));
                case "--heartbeat" -> o = o.withHeartbeat(Duration.ofMillis(Long.parseLong(v)));
                case "--pace-baud" -> o = o.withPaceBaud(Integer.parseInt(v));
                default -> throw new IllegalArgumentException("unknown option " + a);
            }
        }
        if (endpoint == null) {
            throw new IllegalArgumentException("say where to serve: --port PATH or --listen tcp://HOST:PORT");
        }
        return new EmulatorCommandLine(endpoint, o);
    }
}
