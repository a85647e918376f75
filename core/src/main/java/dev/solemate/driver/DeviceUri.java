package dev.solemate.driver;

import dev.solemate.secret.Redaction;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A device address: {@code scheme:target?key=value&key=value}, e.g. {@code sim:?profile=budget-2zone},
 * {@code serial:/dev/ttyUSB0?baud=115200}, {@code tcp://192.0.2.7:4001}, {@code mqtt://host:1883/solemate/bedroom}.
 * The scheme picks the driver; the target and parameters are the driver's to read.
 *
 * <p>{@link #text()} is the URI as given, secrets included: it is for drivers. Everything shown to
 * a person or written anywhere uses {@link #redacted()} (which {@link #toString()} returns).
 */
public record DeviceUri(String text, String scheme, String target, Map<String, String> params) {

    private static final Pattern SCHEME = Pattern.compile("([a-zA-Z][a-zA-Z0-9+.-]*):(.*)");
    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m)");

    public DeviceUri {
        params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
    }

    /**
     * Parses a device URI.
     *
     * @throws IllegalArgumentException naming the text and the expected form
     */
    public static DeviceUri parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("device URI is empty (expected scheme:target, e.g. sim: or serial:/dev/ttyUSB0)");
        }
        Matcher m = SCHEME.matcher(text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("device URI '" + Redaction.redact(text)
                    + "' has no scheme (expected scheme:target, e.g. sim: or serial:/dev/ttyUSB0)");
        }
        String scheme = m.group(1).toLowerCase(java.util.Locale.ROOT);
        String rest = m.group(2);
        String target = rest;
        Map<String, String> params = new LinkedHashMap<>();
        int q = rest.indexOf('?');
        if (q >= 0) {
            target = rest.substring(0, q);
            for (String pair : rest.substring(q + 1).split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String key = decode(eq < 0 ? pair : pair.substring(0, eq));
                String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
                if (params.put(key, value) != null) {
                    throw new IllegalArgumentException("device URI '" + Redaction.redact(text) + "' sets parameter '" + key
                            + "' twice");
                }
            }
        }
        return new DeviceUri(text.trim(), scheme, target, params);
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    public Optional<String> param(String key) {
        return Optional.ofNullable(params.get(key));
    }

    /** An integer parameter within [min, max], or the default when absent. */
    public int intParam(String key, int defaultValue, int min, int max) {
        String value = params.get(key);
        if (value == null) {
            return defaultValue;
        }
        try {
            int n = Integer.parseInt(value);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // reported below with the allowed range
        }
        throw new IllegalArgumentException("parameter '" + key + "' in " + redacted() + ": '" + shown(key, value)
                + "' is not allowed (expected a whole number from " + min + " to " + max + ")");
    }

    /** A duration parameter such as {@code 250ms}, {@code 2s} or {@code 1m}, or the default when absent. */
    public Duration durationParam(String key, Duration defaultValue) {
        String value = params.get(key);
        if (value == null) {
            return defaultValue;
        }
        Matcher m = DURATION.matcher(value);
        if (!m.matches()) {
            throw new IllegalArgumentException("parameter '" + key + "' in " + redacted() + ": '" + shown(key, value)
                    + "' is not a duration (expected a whole number with ms, s or m, e.g. 250ms)");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            default -> Duration.ofMinutes(n);
        };
    }

    /**
     * Fails when the URI has a parameter outside {@code allowed}, so a typo such as {@code bad=9600}
     * is reported instead of silently ignored.
     */
    public void requireOnly(Set<String> allowed) {
        for (String key : params.keySet()) {
            if (!allowed.contains(key)) {
                throw new IllegalArgumentException("parameter '" + key + "' in " + redacted()
                        + " is not known to the " + scheme + ": driver (expected one of: "
                        + String.join(", ", new java.util.TreeSet<>(allowed)) + ")");
            }
        }
    }

    /**
     * The URI as it may be shown to anybody: passwords, tokens and passphrases replaced by
     * {@code ***} ({@link Redaction#redact}). Use it in every message, log and file.
     */
    public String redacted() {
        return Redaction.redact(text);
    }

    private static String shown(String key, String value) {
        return Redaction.isSecretName(key) ? Redaction.MASK : value;
    }

    /** The {@linkplain #redacted() redacted} URI, so that printing a DeviceUri never shows a secret. */
    @Override
    public String toString() {
        return redacted();
    }
}
