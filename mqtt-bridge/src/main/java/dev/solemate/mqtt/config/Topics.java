package dev.solemate.mqtt.config;

/** Checks for configured topic prefixes. */
final class Topics {

    private Topics() {
    }

    static void requireTopicPrefix(String key, String value) {
        if (value == null || value.isEmpty() || value.startsWith("/") || value.endsWith("/") || value.startsWith("$")
                || value.contains("+") || value.contains("#") || value.contains("//") || value.length() > 200) {
            throw new IllegalArgumentException(key + " '" + value + "' is not allowed (expected topic levels "
                    + "separated by /, without + # or a leading $ or /, e.g. solemate)");
        }
    }
}
