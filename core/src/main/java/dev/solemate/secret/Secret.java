package dev.solemate.secret;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Map;
import java.util.Objects;

/**
 * A credential (a broker password, a token) that cannot end up in a log by accident: its
 * {@link #toString()} is {@code ***}, so a record, a message or a debugger that prints it shows
 * nothing. Only {@link #reveal()} gives the value, at the one place that sends it to the broker.
 *
 * <p>Where a password comes from, best first: a file only its owner can read ({@link #fromFile}),
 * an environment variable ({@link #fromEnvironment}), or the configuration file ({@link #of}).
 */
public final class Secret {

    private final String value;

    private Secret(String value) {
        this.value = Objects.requireNonNull(value, "value");
    }

    /** A secret given as text (from a configuration file or a program). */
    public static Secret of(String value) {
        return new Secret(value);
    }

    /**
     * The first line of a file (without its line end), as {@code mosquitto_passwd} users and
     * {@code echo secret > file} write it. The caller should also warn about a file others can read
     * ({@link PrivateFiles#sharedFileWarning}).
     *
     * @throws IOException naming the file (never its content)
     */
    public static Secret fromFile(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        int end = text.indexOf('\n');
        String line = end < 0 ? text : text.substring(0, end);
        if (line.endsWith("\r")) {
            line = line.substring(0, line.length() - 1);
        }
        if (line.isEmpty()) {
            throw new IOException("password file " + file + " is empty (expected the password on its first line)");
        }
        return new Secret(line);
    }

    /**
     * The value of an environment variable.
     *
     * @throws IllegalArgumentException naming the variable when it is unset or empty
     */
    public static Secret fromEnvironment(String variable, Map<String, String> environment) {
        String v = environment.get(variable);
        if (v == null || v.isEmpty()) {
            throw new IllegalArgumentException("environment variable " + variable
                    + " is not set (expected it to hold the password)");
        }
        return new Secret(v);
    }

    /** The value itself: only for the code that hands it to the broker or device. */
    public String reveal() {
        return value;
    }

    /** The value as UTF-8 bytes, for protocols that send bytes. */
    public byte[] utf8() {
        return value.getBytes(StandardCharsets.UTF_8);
    }

    /** True when the value occurs in {@code text}, for checks that a secret did not leak. */
    public boolean occursIn(String text) {
        return text != null && text.contains(value);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Secret other
                && MessageDigest.isEqual(value.getBytes(StandardCharsets.UTF_8), other.value.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public int hashCode() {
        return 0;   // a hash of the value would be a hint about it
    }

    @Override
    public String toString() {
        return Redaction.MASK;
    }
}
