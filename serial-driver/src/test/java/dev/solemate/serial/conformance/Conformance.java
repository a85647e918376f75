package dev.solemate.serial.conformance;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** Small spelling helpers of the text dialect, written here from docs/protocol.md rather than taken from the codec. */
final class Conformance {

    private Conformance() {
    }

    /** The two upper-case hex digits of the XOR of every byte of {@code body} (§2). */
    static String xor(String body) {
        int x = 0;
        for (byte b : body.getBytes(StandardCharsets.ISO_8859_1)) {
            x ^= b & 0xFF;
        }
        return String.format("%02X", x);
    }

    /** {@code body*CS}. */
    static String checked(String body) {
        return body + "*" + xor(body);
    }

    /** The {@code key=value} fields of a HELLO or STATUS answer. */
    static Map<String, String> fields(String body) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String token : body.split(" +")) {
            int eq = token.indexOf('=');
            if (eq > 0) {
                out.put(token.substring(0, eq), token.substring(eq + 1));
            }
        }
        return out;
    }
}
