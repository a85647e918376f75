package dev.solemate.cli.doctor;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import dev.solemate.mqtt.client.TlsDiagnosis;
import dev.solemate.mqtt.client.TlsOptions;
import dev.solemate.secret.Secret;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * Checks that an MQTT broker accepts a connection with the given credentials: one MQTT 3.1.1
 * CONNECT over a plain (or TLS) socket, the broker's CONNACK read with a timeout, then DISCONNECT.
 * Every MQTT broker that speaks version 5 also accepts 3.1.1, and the answer about the credentials
 * is the same, so this needs no client library and cannot leave a client reconnecting behind it.
 */
public final class MqttProbe {

    private final Duration timeout;

    public MqttProbe(Duration timeout) {
        this.timeout = timeout;
    }

    /** Probes a broker without TLS options: the JVM's trust store for {@code mqtts://}. */
    public CheckResult probe(String broker, Optional<String> username, Optional<Secret> password) {
        return probe(broker, username, password, Optional.empty());
    }

    /**
     * Probes {@code broker} ({@code mqtt://}, {@code tcp://} or {@code mqtts://}, {@code ssl://}) with
     * the bridge's TLS settings, so a TLS failure is explained exactly as the bridge explains it.
     */
    public CheckResult probe(String broker, Optional<String> username, Optional<Secret> password,
                             Optional<TlsOptions> tlsOptions) {
        String check = "broker";
        URI uri;
        try {
            uri = URI.create(broker.contains("://") ? broker : "mqtt://" + broker);
        } catch (IllegalArgumentException e) {
            return CheckResult.fail(check, "'" + broker + "' is not a broker URI", "use mqtt://host:1883 or mqtts://host:8883");
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        boolean tls = scheme.equals("mqtts") || scheme.equals("ssl");
        if (!tls && !scheme.equals("mqtt") && !scheme.equals("tcp")) {
            return CheckResult.fail(check, "unknown scheme '" + scheme + ":' in " + broker,
                    "use mqtt://host:1883 (or tcp://) or mqtts://host:8883 (or ssl://)");
        }
        if (uri.getHost() == null) {
            return CheckResult.fail(check, "no host in " + broker, "use mqtt://host:1883");
        }
        if (!tls && tlsOptions.isPresent()) {
            return CheckResult.fail(check, "TLS options given but " + broker + " is plain text",
                    "use mqtts://" + uri.getHost() + ":8883 (TLS settings never fall back to plain text)");
        }
        int port = uri.getPort() > 0 ? uri.getPort() : tls ? 8883 : 1883;
        String where = uri.getHost() + ":" + port;
        TlsOptions settings = tlsOptions.orElse(TlsOptions.defaults());
        Socket created;
        try {
            created = tls ? TlsDiagnosis.socketFactory(settings).createSocket() : new Socket();
        } catch (IOException | IllegalArgumentException e) {
            return CheckResult.fail(check, "cannot set up TLS: " + e.getMessage(), "check the --ca, --client-cert and --client-key files");
        }
        try (Socket socket = created) {
            socket.connect(new InetSocketAddress(uri.getHost(), port), (int) timeout.toMillis());
            socket.setSoTimeout((int) timeout.toMillis());
            if (socket instanceof SSLSocket ssl) {
                SSLParameters parameters = ssl.getSSLParameters();
                if (settings.verifyHostname()) {
                    parameters.setEndpointIdentificationAlgorithm("HTTPS");
                }
                ssl.setSSLParameters(parameters);
                ssl.startHandshake();
            }
            OutputStream out = socket.getOutputStream();
            out.write(connect(username, password));
            out.flush();
            int code = readConnack(socket.getInputStream());
            out.write(new byte[] {(byte) 0xE0, 0});
            out.flush();
            return answer(check, where, code, username);
        } catch (UnknownHostException e) {
            return CheckResult.fail(check, "unknown host " + uri.getHost(), "check the host name in --broker");
        } catch (ConnectException e) {
            return CheckResult.fail(check, "nothing listens at " + where + " (" + e.getMessage() + ")",
                    "start the broker (e.g. systemctl start mosquitto) or check the host and port in --broker");
        } catch (SocketTimeoutException e) {
            return CheckResult.fail(check, where + " did not answer within " + timeout.toMillis() + " ms",
                    "check that " + where + " is an MQTT broker and that no firewall drops the connection");
        } catch (IOException e) {
            Optional<String> tlsProblem = TlsDiagnosis.explain(e, where, tls);
            if (tlsProblem.isPresent()) {
                return CheckResult.fail(check, "TLS: " + tlsProblem.get(), "fix the certificate or the url; the bridge"
                        + " reports the same and keeps retrying");
            }
            return CheckResult.fail(check, "talking to " + where + " failed: " + e.getMessage(),
                    tls ? "check that the broker speaks TLS on this port and that its certificate is trusted"
                            : "check that " + where + " is an MQTT broker (not TLS-only)");
        }
    }

    private static CheckResult answer(String check, String where, int code, Optional<String> username) {
        String who = username.map(u -> " as " + u).orElse(" without credentials");
        return switch (code) {
            case 0 -> CheckResult.ok(check, where + " accepted the connection" + who);
            case 1 -> CheckResult.fail(check, where + " refused MQTT 3.1.1 (CONNACK 1: unacceptable protocol version)",
                    "use a broker that speaks MQTT 3.1.1 and 5 (mosquitto 1.6 or later)");
            case 2 -> CheckResult.fail(check, where + " rejected the client id (CONNACK 2)",
                    "check the broker's client id rules");
            case 3 -> CheckResult.fail(check, where + " is unavailable (CONNACK 3: server unavailable)",
                    "check the broker's log; it is up but not serving");
            case 4 -> CheckResult.fail(check, where + " refused the connection" + who
                    + " (CONNACK 4: bad user name or password)",
                    username.isPresent() ? "check --username and the password file"
                            : "the broker needs credentials: pass --username and --password-file");
            case 5 -> CheckResult.fail(check, where + " refused the connection" + who + " (CONNACK 5: not authorized)",
                    "allow this user in the broker's configuration (mosquitto: password_file and acl_file)");
            default -> CheckResult.fail(check, where + " answered with CONNACK code " + code,
                    "check the broker's log");
        };
    }

    /** The CONNECT packet: clean session, 30 s keep-alive, a random client id so it never kicks a real client. */
    static byte[] connect(Optional<String> username, Optional<Secret> password) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        string(body, "MQTT");
        body.write(4);
        int flags = 0x02;
        if (username.isPresent()) {
            flags |= 0x80;
            if (password.isPresent()) {
                flags |= 0x40;
            }
        }
        body.write(flags);
        body.write(0);
        body.write(30);
        string(body, "solemate-doctor-" + Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffL));
        username.ifPresent(u -> string(body, u));
        if (username.isPresent()) {
            password.ifPresent(p -> string(body, p.reveal()));
        }
        ByteArrayOutputStream packet = new ByteArrayOutputStream();
        packet.write(0x10);
        int length = body.size();
        do {
            int digit = length % 128;
            length /= 128;
            packet.write(length > 0 ? digit | 0x80 : digit);
        } while (length > 0);
        packet.writeBytes(body.toByteArray());
        return packet.toByteArray();
    }

    private static void string(ByteArrayOutputStream out, String s) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        out.write(bytes.length >> 8);
        out.write(bytes.length & 0xff);
        out.writeBytes(bytes);
    }

    private static int readConnack(InputStream in) throws IOException {
        DataInputStream data = new DataInputStream(in);
        int type;
        try {
            type = data.readUnsignedByte();
        } catch (EOFException e) {
            throw new IOException("the broker closed the connection without answering", e);
        }
        int length = data.readUnsignedByte();
        if (type != 0x20 || length < 2) {
            throw new IOException(String.format("expected a CONNACK, got packet type 0x%02x", type));
        }
        data.readUnsignedByte();
        int code = data.readUnsignedByte();
        data.skipBytes(length - 2);
        return code;
    }
}
