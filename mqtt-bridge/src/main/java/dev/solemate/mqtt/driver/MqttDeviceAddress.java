package dev.solemate.mqtt.driver;

import dev.solemate.driver.DeviceUri;
import dev.solemate.mqtt.config.DeviceName;
import dev.solemate.secret.Secret;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The parts of an {@code mqtt://[user@]host:port/<base>/<device>} URI: where the broker is, who
 * to log in as, and the topics of the device. {@code mqtts://} uses TLS.
 */
record MqttDeviceAddress(boolean tls, Optional<String> user, Optional<Secret> userInfoPassword, String host, int port,
                         String base, String device) {

    private static final Pattern FORM = Pattern.compile("//(?:([^@/]+)@)?([^:/@]+):(\\d{1,5})/(.+)/([^/]+)");

    static MqttDeviceAddress parse(DeviceUri uri) {
        Matcher m = FORM.matcher(uri.target());
        if (!m.matches()) {
            throw new IllegalArgumentException("device URI '" + uri + "' is not an MQTT device address (expected "
                    + uri.scheme() + "://[user@]host:port/solemate/<device>)");
        }
        int port = Integer.parseInt(m.group(3));
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " in " + uri + " is out of range (expected 1 to 65535)");
        }
        String base = m.group(4);
        if (base.contains("+") || base.contains("#") || base.startsWith("$") || base.contains("//")) {
            throw new IllegalArgumentException("base topic '" + base + "' in " + uri
                    + " is not allowed (expected topic levels without + # or a leading $)");
        }
        String device = m.group(5);
        if (!DeviceName.isValid(device)) {
            throw new IllegalArgumentException("device name '" + device + "' in " + uri + " is not allowed (expected "
                    + DeviceName.ALLOWED + ")");
        }
        Optional<String> user = Optional.ofNullable(m.group(1));
        Optional<Secret> password = Optional.empty();
        if (user.isPresent() && user.get().contains(":")) {
            String info = user.get();
            user = Optional.of(info.substring(0, info.indexOf(':')));
            password = Optional.of(Secret.of(java.net.URLDecoder.decode(info.substring(info.indexOf(':') + 1),
                    java.nio.charset.StandardCharsets.UTF_8)));
        }
        return new MqttDeviceAddress(uri.scheme().equals("mqtts"), user, password, m.group(2), port, base, device);
    }

    String brokerUrl() {
        return (tls ? "ssl://" : "tcp://") + host + ":" + port;
    }

    String topic(String suffix) {
        return base + "/" + device + (suffix.isEmpty() ? "" : "/" + suffix);
    }
}
