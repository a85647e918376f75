package dev.solemate.mqtt.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.solemate.json.InvalidFileException;
import dev.solemate.json.LocatedJson;
import dev.solemate.mqtt.client.MqttProtocol;
import dev.solemate.mqtt.client.TlsOptions;
import dev.solemate.secret.PrivateFiles;
import dev.solemate.secret.Secret;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a bridge configuration file, YAML ({@code .yaml}/{@code .yml}) or JSON, and validates all of
 * it before anything starts. Errors name the file, line, key and what is allowed:
 * {@code bridge.yaml:7:18 at $.devices.bedroom.comfort_cap: 140 is out of range (expected 1 to 100)}.
 * Unknown keys are errors, so a typo is never silently ignored. See docs/mqtt.md for the format.
 */
public final class BridgeConfigFile {

    private static final ObjectMapper YAML = YAMLMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
    private static final ObjectMapper JSON = JsonMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m)?");

    private static final Logger LOG = LoggerFactory.getLogger(BridgeConfigFile.class);

    private final String source;
    private final JsonNode root;
    private final Map<String, JsonLocation> locations;
    private final Path directory;
    private final Map<String, String> environment;
    /** The file holds the password itself (not where to find it): it must be private then. */
    private boolean inlinePassword;

    private BridgeConfigFile(String source, JsonNode root, Map<String, JsonLocation> locations, Path directory,
                             Map<String, String> environment) {
        this.source = source;
        this.root = root;
        this.locations = locations;
        this.directory = directory;
        this.environment = environment;
    }

    /** Loads and validates a file. @throws InvalidFileException saying where and what is wrong */
    public static BridgeConfig load(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new InvalidFileException(file.toString(), "", 0, 0, "cannot read the bridge configuration: " + e, e);
        }
        String name = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        BridgeConfigFile reader = reader(file.toString(), text, name.endsWith(".json") ? JSON : YAML,
                file.toAbsolutePath().getParent(), System.getenv());
        BridgeConfig config = reader.read();
        if (reader.inlinePassword) {
            PrivateFiles.sharedFileWarning(file, "a broker password").ifPresent(w -> LOG.warn("{}", w));
        }
        return config;
    }


    /** Parses YAML (JSON is YAML too); {@code source} names the input in errors. */
    public static BridgeConfig parse(String source, String text) {
        return parse(source, text, YAML, Path.of("").toAbsolutePath(), System.getenv());
    }

    /** Parses YAML with the environment given, for {@code password_env}; relative paths are taken from {@code directory}. */
    public static BridgeConfig parse(String source, String text, Path directory, Map<String, String> environment) {
        return parse(source, text, YAML, directory, environment);
    }

    private static BridgeConfig parse(String source, String text, ObjectMapper mapper, Path directory,
                                      Map<String, String> environment) {
        return reader(source, text, mapper, directory, environment).read();
    }

    private static BridgeConfigFile reader(String source, String text, ObjectMapper mapper, Path directory,
                                           Map<String, String> environment) {
        if (text.length() > LocatedJson.MAX_DOCUMENT_CHARS) {
            throw new InvalidFileException(source, "", 0, 0, "the file is too large (expected at most "
                    + LocatedJson.MAX_DOCUMENT_CHARS + " characters)");
        }
        Map<String, JsonLocation> locations = new HashMap<>();
        JsonNode root;
        try (JsonParser parser = mapper.createParser(text)) {
            JsonToken token;
            while ((token = parser.nextToken()) != null) {
                if (token != JsonToken.END_OBJECT && token != JsonToken.END_ARRAY) {
                    locations.putIfAbsent(parser.getParsingContext().pathAsPointer().toString(),
                            parser.currentTokenLocation());
                }
            }
            root = mapper.readTree(text);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            throw new InvalidFileException(source, "", at == null ? 0 : at.getLineNr(), at == null ? 0 : at.getColumnNr(),
                    "not valid YAML/JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new InvalidFileException(source, "", 0, 0, "cannot read: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new InvalidFileException(source, "", 1, 1, "expected a mapping with broker and devices");
        }
        return new BridgeConfigFile(source, root, locations, directory, environment);
    }

    private BridgeConfig read() {
        only("", root, Set.of("broker", "bridge", "homeassistant", "devices", "routines"));
        JsonNode brokerNode = object("/broker", root.get("broker"), true);
        only("/broker", brokerNode, Set.of("url", "client_id", "username", "password", "password_file", "password_env",
                "protocol", "keepalive", "tls"));
        BridgeConfig.Builder builder = BridgeConfig.builder(check("/broker", () -> broker(brokerNode)));
        JsonNode bridge = object("/bridge", root.get("bridge"), false);
        if (bridge != null) {
            only("/bridge", bridge, Set.of("name", "base_topic", "shared_group", "command_max_bytes", "broker_loss",
                    "device_retry"));
            text("/bridge/name", bridge.get("name")).ifPresent(builder::name);
            text("/bridge/base_topic", bridge.get("base_topic")).ifPresent(builder::baseTopic);
            text("/bridge/shared_group", bridge.get("shared_group")).ifPresent(builder::sharedGroup);
            integer("/bridge/command_max_bytes", bridge.get("command_max_bytes")).ifPresent(builder::commandMaxBytes);
            JsonNode loss = object("/bridge/broker_loss", bridge.get("broker_loss"), false);
            if (loss != null) {
                only("/bridge/broker_loss", loss, Set.of("action", "after"));
                BrokerLossPolicy.Action action = check("/bridge/broker_loss/action", () -> BrokerLossPolicy.Action.parse(
                        text("/bridge/broker_loss/action", loss.get("action")).orElse("stop")));
                Duration after = duration("/bridge/broker_loss/after", loss.get("after")).orElse(BrokerLossPolicy.DEFAULT_AFTER);
                builder.brokerLoss(check("/bridge/broker_loss", () -> new BrokerLossPolicy(action, after)));
            }
            JsonNode retry = object("/bridge/device_retry", bridge.get("device_retry"), false);
            if (retry != null) {
                only("/bridge/device_retry", retry, Set.of("initial", "max"));
                Duration initial = duration("/bridge/device_retry/initial", retry.get("initial"))
                        .orElse(DeviceRetryPolicy.DEFAULT_INITIAL);
                Duration max = duration("/bridge/device_retry/max", retry.get("max"))
                        .orElse(initial.compareTo(DeviceRetryPolicy.DEFAULT_MAX) > 0 ? initial : DeviceRetryPolicy.DEFAULT_MAX);
                try {
                    builder.deviceRetry(new DeviceRetryPolicy(initial, max));
                } catch (IllegalArgumentException e) {
                    String key = e.getMessage().startsWith("bridge.device_retry.initial") ? "initial" : "max";
                    throw error("/bridge/device_retry/" + key, e.getMessage());
                }
            }
        }
        JsonNode ha = object("/homeassistant", root.get("homeassistant"), false);
        if (ha != null) {
            only("/homeassistant", ha, Set.of("enabled", "discovery_prefix", "status_topic", "resend_delay"));
            HomeAssistantConfig d = HomeAssistantConfig.defaults();
            boolean enabled = bool("/homeassistant/enabled", ha.get("enabled")).orElse(true);
            String prefix = text("/homeassistant/discovery_prefix", ha.get("discovery_prefix")).orElse(d.prefix());
            String status = text("/homeassistant/status_topic", ha.get("status_topic")).orElse(prefix + "/status");
            Duration delay = duration("/homeassistant/resend_delay", ha.get("resend_delay")).orElse(d.maxResendDelay());
            builder.homeAssistant(check("/homeassistant", () -> new HomeAssistantConfig(enabled, prefix, status, delay)));
        }
        JsonNode devices = object("/devices", root.get("devices"), true);
        for (Iterator<Map.Entry<String, JsonNode>> it = devices.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String pointer = "/devices/" + e.getKey();
            builder.device(check(pointer, () -> device(pointer, e.getKey(), e.getValue())));
        }
        JsonNode routines = root.get("routines");
        if (routines != null && !routines.isNull()) {
            if (!routines.isArray()) {
                throw error("/routines", "expected a list of routine files");
            }
            for (int i = 0; i < routines.size(); i++) {
                builder.routineFile(Path.of(text("/routines/" + i, routines.get(i)).orElseThrow()));
            }
        }
        return check("", builder::build);
    }

    private BrokerConfig broker(JsonNode node) {
        String url = text("/broker/url", node.get("url"))
                .orElseThrow(() -> error("/broker/url", "missing (expected tcp://host:port or ssl://host:port)"));
        BrokerConfig broker = check("/broker/url", () -> BrokerConfig.of(url));
        Optional<String> clientId = text("/broker/client_id", node.get("client_id"));
        if (clientId.isPresent()) {
            broker = check("/broker/client_id", () -> BrokerConfig.of(url).withClientId(clientId.get()));
        }
        Optional<String> user = text("/broker/username", node.get("username"));
        Optional<Secret> pass = password(node);
        BrokerConfig b1 = broker;
        broker = check("/broker/password", () -> b1.withCredentials(user.orElse(null), pass.orElse(null)));
        Optional<String> protocol = text("/broker/protocol", node.get("protocol"));
        if (protocol.isPresent()) {
            MqttProtocol p = check("/broker/protocol", () -> MqttProtocol.parse(protocol.get()));
            broker = broker.withProtocol(p);
        }
        Optional<Duration> keepAlive = duration("/broker/keepalive", node.get("keepalive"));
        if (keepAlive.isPresent()) {
            BrokerConfig b2 = broker;
            broker = check("/broker/keepalive", () -> b2.withKeepAlive(keepAlive.get()));
        }
        JsonNode tls = object("/broker/tls", node.get("tls"), false);
        if (tls != null && !url.startsWith("ssl://") && !url.startsWith("mqtts://")) {
            throw error("/broker/tls", "a tls block needs a TLS broker url, but broker.url is " + url
                    + " (plain text): use ssl://host:8883 or mqtts://host:8883 (TLS never falls back to plain text)");
        }
        if (tls != null) {
            only("/broker/tls", tls, Set.of("ca", "cert", "key", "verify_hostname"));
            TlsOptions options = check("/broker/tls", () -> new TlsOptions(
                    text("/broker/tls/ca", tls.get("ca")).map(Path::of),
                    text("/broker/tls/cert", tls.get("cert")).map(Path::of),
                    text("/broker/tls/key", tls.get("key")).map(Path::of),
                    bool("/broker/tls/verify_hostname", tls.get("verify_hostname")).orElse(true)));
            for (String key : List.of("ca", "cert", "key")) {
                Optional<String> f = text("/broker/tls/" + key, tls.get(key));
                if (f.isPresent() && !Files.isReadable(Path.of(f.get()))) {
                    throw error("/broker/tls/" + key, "file '" + f.get() + "' cannot be read (expected a readable PEM file)");
                }
            }
            broker = broker.withTls(options);
        }
        return broker;
    }

    /** At most one of password, password_file (relative to the file's folder) and password_env. */
    private Optional<Secret> password(JsonNode node) {
        List<String> given = new java.util.ArrayList<>();
        for (String key : List.of("password", "password_file", "password_env")) {
            if (node.get(key) != null && !node.get(key).isNull()) {
                given.add(key);
            }
        }
        if (given.size() > 1) {
            throw error("/broker/" + given.get(1), "broker." + String.join(" and broker.", given)
                    + " are both set (expected one of password_file, password_env or password)");
        }
        if (given.isEmpty()) {
            return Optional.empty();
        }
        String key = given.get(0);
        String value = text("/broker/" + key, node.get(key)).orElseThrow();
        switch (key) {
            case "password_file" -> {
                Path file = directory.resolve(value);
                PrivateFiles.sharedFileWarning(file, "a broker password").ifPresent(w -> LOG.warn("{}", w));
                try {
                    return Optional.of(Secret.fromFile(file));
                } catch (IOException e) {
                    throw error("/broker/password_file", "cannot read " + file + " (" + e.getClass().getSimpleName()
                            + (e.getMessage() != null && e.getMessage().contains("is empty") ? ": it is empty" : "")
                            + "; expected a file whose first line is the password)");
                }
            }
            case "password_env" -> {
                return Optional.of(check("/broker/password_env", () -> Secret.fromEnvironment(value, environment)));
            }
            default -> {
                inlinePassword = true;
                return Optional.of(Secret.of(value));
            }
        }
    }

    private DeviceConfig device(String pointer, String name, JsonNode node) {
        if (node != null && node.isTextual()) {
            return DeviceConfig.of(name, node.asText());
        }
        JsonNode obj = object(pointer, node, true);
        only(pointer, obj, Set.of("uri", "comfort_cap", "default_routine"));
        String uri = text(pointer + "/uri", obj.get("uri"))
                .orElseThrow(() -> error(pointer + "/uri", "missing (expected a driver URI such as sim: or serial:/dev/ttyUSB0)"));
        Optional<Integer> cap = integer(pointer + "/comfort_cap", obj.get("comfort_cap"));
        Optional<String> routine = text(pointer + "/default_routine", obj.get("default_routine"));
        return new DeviceConfig(name, uri, cap.map(OptionalInt::of).orElse(OptionalInt.empty()), routine);
    }

    private void only(String pointer, JsonNode node, Set<String> allowed) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!allowed.contains(key)) {
                throw error(pointer + "/" + key, "unknown key '" + key + "' (expected one of: "
                        + String.join(", ", new TreeSet<>(allowed)) + ")");
            }
        }
    }

    private JsonNode object(String pointer, JsonNode node, boolean required) {
        if (node == null || node.isNull()) {
            if (required) {
                throw error(pointer, "missing (expected a mapping)");
            }
            return null;
        }
        if (!node.isObject()) {
            throw error(pointer, "expected a mapping, got " + node.getNodeType().name().toLowerCase(java.util.Locale.ROOT));
        }
        return node;
    }

    private Optional<String> text(String pointer, JsonNode node) {
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        if (!node.isValueNode() || node.isBinary()) {
            throw error(pointer, "expected a text value");
        }
        return Optional.of(node.asText());
    }

    private Optional<Integer> integer(String pointer, JsonNode node) {
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        if (node.canConvertToExactIntegral() && node.canConvertToInt()) {
            return Optional.of(node.asInt());
        }
        throw error(pointer, "'" + node.asText() + "' is not a whole number");
    }

    private Optional<Boolean> bool(String pointer, JsonNode node) {
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        if (!node.isBoolean()) {
            throw error(pointer, "'" + node.asText() + "' is not allowed (expected true or false)");
        }
        return Optional.of(node.asBoolean());
    }

    private Optional<Duration> duration(String pointer, JsonNode node) {
        Optional<String> t = text(pointer, node);
        if (t.isEmpty()) {
            return Optional.empty();
        }
        Matcher m = DURATION.matcher(t.get().trim());
        if (!m.matches()) {
            throw error(pointer, "'" + t.get() + "' is not a duration (expected a whole number with ms, s or m, e.g. 5s)");
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        return Optional.of(switch (unit) {
            case "ms" -> Duration.ofMillis(n);
            case "m" -> Duration.ofMinutes(n);
            default -> Duration.ofSeconds(n);
        });
    }

    private <T> T check(String pointer, java.util.function.Supplier<T> make) {
        try {
            return make.get();
        } catch (InvalidFileException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw error(pointer, e.getMessage());
        }
    }

    private InvalidFileException error(String pointer, String problem) {
        String p = pointer;
        JsonLocation at = null;
        while (at == null) {
            at = locations.get(p);
            if (p.isEmpty()) {
                break;
            }
            p = p.substring(0, Math.max(0, p.lastIndexOf('/')));
        }
        return new InvalidFileException(source, LocatedJson.toJsonPath(pointer), at == null ? 0 : at.getLineNr(),
                at == null ? 0 : at.getColumnNr(), problem);
    }
}
