package dev.solemate.mqtt.config;

import java.time.Duration;
import java.util.Objects;

/**
 * Home Assistant discovery settings.
 *
 * @param enabled          publish discovery at all
 * @param prefix           the discovery prefix, {@code homeassistant} by default
 * @param statusTopic      where Home Assistant announces itself ({@code homeassistant/status})
 * @param maxResendDelay   discovery is re-sent after a random delay up to this when Home Assistant
 *                         comes online, so a restart does not meet a flood from every bridge at once
 */
public record HomeAssistantConfig(boolean enabled, String prefix, String statusTopic, Duration maxResendDelay) {

    public HomeAssistantConfig {
        Objects.requireNonNull(prefix, "prefix");
        Objects.requireNonNull(statusTopic, "statusTopic");
        Objects.requireNonNull(maxResendDelay, "maxResendDelay");
        Topics.requireTopicPrefix("homeassistant.discovery_prefix", prefix);
        Topics.requireTopicPrefix("homeassistant.status_topic", statusTopic);
        if (maxResendDelay.isNegative() || maxResendDelay.compareTo(Duration.ofMinutes(1)) > 0) {
            throw new IllegalArgumentException("homeassistant.resend_delay " + maxResendDelay.toMillis()
                    + " ms is out of range (expected 0 to 60 s)");
        }
    }

    public static HomeAssistantConfig defaults() {
        return new HomeAssistantConfig(true, "homeassistant", "homeassistant/status", Duration.ofSeconds(2));
    }

    public HomeAssistantConfig withResendDelay(Duration delay) {
        return new HomeAssistantConfig(enabled, prefix, statusTopic, delay);
    }

    public HomeAssistantConfig withEnabled(boolean on) {
        return new HomeAssistantConfig(on, prefix, statusTopic, maxResendDelay);
    }
}
