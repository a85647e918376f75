package dev.solemate.mqtt.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How a refused certificate is put in words: its dates when it expired, its names against the host. */
class TlsDiagnosisTest {

    /** The JDK's own keytool, so the test needs nothing installed. */
    private static final String KEYTOOL = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();

    @TempDir
    Path dir;

    /** A certificate for old.example that expired two days ago, made with keytool. */
    private X509Certificate expired() throws Exception {
        Path store = dir.resolve("expired.p12");
        run(KEYTOOL, "-genkeypair", "-keystore", store.toString(), "-storetype", "PKCS12", "-storepass", "changeit",
                "-alias", "x", "-keyalg", "EC", "-dname", "CN=old.example", "-startdate", "-3d", "-validity", "1",
                "-ext", "san=dns:old.example");
        Path pem = dir.resolve("expired.crt");
        run(KEYTOOL, "-exportcert", "-rfc", "-keystore", store.toString(), "-storepass", "changeit", "-alias", "x",
                "-file", pem.toString());
        try (InputStream in = Files.newInputStream(pem)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }

    private static void run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0).as(out).isTrue();
    }

    @Test
    void anExpiredCertificateIsNamedWithItsDates() throws Exception {
        X509Certificate cert = expired();
        CertificateException refused = new CertificateException("validity check failed", new CertificateExpiredException());
        TlsDiagnosis.VerificationFailure failure = TlsDiagnosis.explainCertificate(refused, new X509Certificate[] {cert},
                "old.example", Optional.of("/etc/solemate/ca.crt"));
        assertThat(failure.getMessage()).startsWith("the broker's certificate (CN=old.example) has expired: valid from ")
                .contains(" UTC to ").contains("renew it");
        assertThat(TlsDiagnosis.explain(new SSLHandshakeException("x") {{ initCause(failure); }}, "h:8883", true))
                .contains(failure.getMessage());
    }

    @Test
    void aHostNameMismatchNamesBoth() throws Exception {
        X509Certificate cert = expired();
        CertificateException refused = new CertificateException("No subject alternative DNS name matching broker.home found.");
        // a certificate that is in date is what the host name check sees; the expired one is reported as expired first
        assertThat(TlsDiagnosis.explainCertificate(refused, new X509Certificate[] {cert}, "broker.home", Optional.empty())
                .getMessage()).contains("has expired");
        assertThat(TlsDiagnosis.names(cert)).isEqualTo("old.example (subject CN=old.example)");
    }

    @Test
    void somethingElseThanTlsIsNotExplainedAsTls() {
        assertThat(TlsDiagnosis.explain(new java.net.ConnectException("Connection refused"), "h:8883", true)).isEmpty();
        assertThat(TlsDiagnosis.explain(new SSLHandshakeException("x"), "h:1883", false)).isEmpty();
    }
}
