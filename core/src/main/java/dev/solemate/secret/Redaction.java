package dev.solemate.secret;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one place that decides what of a text is secret. Every URI, error message or log line that
 * may hold a device or broker URI goes through {@link #redact(String)} before anybody sees it: in a
 * log, a retained MQTT state, an answer, an event, a banner, the history file or an exception.
 *
 * <p>What is hidden, wherever it appears in the text:
 * <ul>
 *   <li>the password of a URI's user info: {@code mqtts://ha:S3cret@host} becomes
 *       {@code mqtts://ha:***@host};</li>
 *   <li>the value of every parameter whose name says it is a secret (it contains {@code pass},
 *       {@code token}, {@code secret}, {@code auth}, {@code credential} or {@code apikey}, as
 *       {@code password}, {@code key_password}, {@code passphrase}, {@code access_token}):
 *       {@code ?password=S3cret&ca=/etc/ca.crt} becomes {@code ?password=***&ca=/etc/ca.crt}.
 *       Parameters that only name where a secret is ({@code password_file}, {@code password_env})
 *       are shown, so a person can still tell which file or variable was used.</li>
 * </ul>
 * Redacting is idempotent and never throws; a null text stays null.
 */
public final class Redaction {

    /** What a hidden value is replaced with. */
    public static final String MASK = "***";

    private static final Pattern USER_INFO = Pattern.compile(
            "([A-Za-z][A-Za-z0-9+.-]*://)([^/@\\s:?#'\"]*):([^/@\\s?#'\"]+)@");
    private static final Pattern PARAMETER = Pattern.compile(
            "(^|[?&;\\s,(\\[{])([A-Za-z0-9_.-]+)=([^&\\s#'\"\\])}]*)");
    private static final Pattern SECRET_NAME = Pattern.compile("pass|token|secret|auth|credential|apikey|api_key");

    private Redaction() {
    }

    /** {@code text} with every secret it holds replaced by {@link #MASK}. */
    public static String redact(String text) {
        if (text == null || (text.indexOf('@') < 0 && text.indexOf('=') < 0)) {
            return text;
        }
        String s = USER_INFO.matcher(text).replaceAll(m -> Matcher.quoteReplacement(
                m.group(1) + m.group(2) + ":" + MASK + "@"));
        Matcher m = PARAMETER.matcher(s);
        StringBuilder out = new StringBuilder(s.length());
        while (m.find()) {
            String replacement = isSecretName(m.group(2)) && !m.group(3).isEmpty()
                    ? m.group(1) + m.group(2) + "=" + MASK : m.group();
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }

    /**
     * True for a parameter or option name that holds a secret itself ({@code password},
     * {@code token}); false for one that only says where to find it ({@code password_file},
     * {@code password-env}).
     */
    public static boolean isSecretName(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        if (n.endsWith("_file") || n.endsWith("-file") || n.endsWith("_env") || n.endsWith("-env")) {
            return false;
        }
        return SECRET_NAME.matcher(n).find();
    }
}
