package dev.solemate.cli.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.solemate.cli.CommandRun;
import dev.solemate.cli.history.SessionLog;
import java.io.DataInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code doctor --broker mqtts://...} takes the bridge's TLS options and names the same causes: a
 * certificate for another host, one from a CA the given file does not hold, a plain-text listener.
 * The broker is a TLS socket of this test with a certificate keytool makes for {@code wrong.example}.
 */
@Timeout(60)
class DoctorTlsTest {

    /** The JDK's own keytool, so the test needs nothing installed. */
    private static final String KEYTOOL = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();

    @TempDir
    Path dir;

    private Path keytool(String name, String cn) throws Exception {
        Path store = dir.resolve(name + ".p12");
        run(KEYTOOL, "-genkeypair", "-keystore", store.toString(), "-storetype", "PKCS12", "-storepass", "changeit",
                "-alias", name, "-keyalg", "EC", "-dname", "CN=" + cn, "-validity", "2", "-ext", "san=dns:" + cn);
        run(KEYTOOL, "-exportcert", "-rfc", "-keystore", store.toString(), "-storepass", "changeit", "-alias", name,
                "-file", dir.resolve(name + ".crt").toString());
        return store;
    }

    private static void run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0).as(out).isTrue();
    }

    /** A TLS listener that answers one MQTT CONNECT with CONNACK 0. */
    private SSLServerSocket tlsBroker(Path store) throws Exception {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            keys.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, "changeit".toCharArray());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf.getKeyManagers(), null, null);
        SSLServerSocket server = (SSLServerSocket) context.getServerSocketFactory().createServerSocket(0, 5,
                InetAddress.getLoopbackAddress());
        Thread t = new Thread(() -> {
            while (!server.isClosed()) {
                try (SSLSocket s = (SSLSocket) server.accept()) {
                    s.setSoTimeout(5000);
                    DataInputStream in = new DataInputStream(s.getInputStream());
                    in.readUnsignedByte();
                    int length = in.readUnsignedByte();
                    in.readFully(new byte[length]);
                    OutputStream out = s.getOutputStream();
                    out.write(new byte[] {0x20, 2, 0, 0});
                    out.flush();
                    in.read();
                } catch (Exception e) {
                    // a refused handshake ends this connection; the next test attempt gets a new one
                }
            }
        }, "tls-broker");
        t.setDaemon(true);
        t.start();
        return server;
    }

    private CommandRun doctor(String... args) {
        return CommandRun.of(new DoctorCommand(FakeSystem.healthy(), new SessionLog(dir.resolve("state/history.jsonl"))), args);
    }

    @Test
    void theCertificatesNamesAreSetAgainstTheHostAskedFor() throws Exception {
        Path store = keytool("server", "wrong.example");
        try (SSLServerSocket server = tlsBroker(store)) {
            CommandRun run = doctor("--broker", "mqtts://127.0.0.1:" + server.getLocalPort(),
                    "--ca", dir.resolve("server.crt").toString());
            assertThat(run.exitCode()).isEqualTo(1);
            assertThat(run.out()).contains("FAIL  broker: TLS: the broker's certificate names wrong.example")
                    .contains("not '127.0.0.1'");

            CommandRun lenient = doctor("--broker", "mqtts://127.0.0.1:" + server.getLocalPort(),
                    "--ca", dir.resolve("server.crt").toString(), "--no-verify-hostname");
            assertThat(lenient.out()).contains("ok    broker: 127.0.0.1:" + server.getLocalPort() + " accepted the connection");
        }
    }

    @Test
    void aCertificateTheCaFileDoesNotVouchForNamesTheFile() throws Exception {
        Path store = keytool("server", "localhost");
        keytool("stranger", "other.example");
        try (SSLServerSocket server = tlsBroker(store)) {
            CommandRun run = doctor("--broker", "mqtts://localhost:" + server.getLocalPort(),
                    "--ca", dir.resolve("stranger.crt").toString());
            assertThat(run.out()).contains("is not signed by a CA in the CA file " + dir.resolve("stranger.crt"));
        }
    }

    @Test
    void aPlainTextListenerBehindAnMqttsUrlIsNamed() throws Exception {
        try (FakeBroker plain = new FakeBroker(0)) {
            CommandRun run = doctor("--broker", "mqtts://127.0.0.1:" + plain.port(), "--timeout", "3000");
            assertThat(run.out()).contains("plain-text MQTT listener");
        }
    }

    @Test
    void tlsOptionsWithAPlainTextUrlAreRefused() {
        CommandRun run = doctor("--broker", "mqtt://127.0.0.1:1883", "--ca", "/etc/solemate/ca.crt");
        assertThat(run.out()).contains("FAIL  broker: TLS options given but mqtt://127.0.0.1:1883 is plain text");
    }
}
