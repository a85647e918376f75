package dev.solemate.mqtt.client;

import java.io.EOFException;
import java.net.Socket;
import java.net.SocketException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Turns a failed TLS handshake into what a person can act on, instead of Paho's
 * {@code Untranslated MqttException - RC: 0}: the certificate's names against the host asked for,
 * an issuer that the CA file (named) does not vouch for, an expired certificate with its dates, a
 * plain-text listener behind a TLS url, a client certificate the broker wanted. The bridge, the
 * {@code mqtt://} driver and {@code solemate doctor --broker} all report through here, so they say
 * the same thing about the same broker.
 */
public final class TlsDiagnosis {

    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private TlsDiagnosis() {
    }

    /** The socket factory the bridge uses for {@code tls}: PEM files, and failures explained by {@link #explain}. */
    public static SSLSocketFactory socketFactory(TlsOptions tls) {
        return TlsSocketFactories.create(tls);
    }

    /**
     * A certificate check that failed, with the explanation as its message. Thrown by the bridge's
     * trust manager, so it travels inside the handshake exception to whoever reports it.
     */
    public static final class VerificationFailure extends CertificateException {
        private static final long serialVersionUID = 1L;

        VerificationFailure(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * The explanation of {@code error} when it is a TLS failure of a connection to {@code host:port};
     * empty when it is something else (a refused connection, bad credentials).
     */
    public static Optional<String> explain(Throwable error, String hostPort, boolean tls) {
        if (!tls) {
            return Optional.empty();
        }
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof VerificationFailure v) {
                return Optional.of(v.getMessage());
            }
        }
        for (Throwable t = error; t != null; t = t.getCause()) {
            String m = String.valueOf(t.getMessage());
            if (t instanceof SSLException && m.contains("Received fatal alert")) {
                String alert = m.substring(m.indexOf("Received fatal alert") + "Received fatal alert: ".length()).trim();
                return Optional.of("the broker at " + hostPort + " ended the TLS handshake with '" + alert + "'"
                        + (alert.contains("certificate") ? " (does it require a client certificate? set tls.cert and "
                        + "tls.key, or --client-cert and --client-key)" : ""));
            }
            if (t instanceof SSLException && (m.contains("Unsupported or unrecognized SSL message")
                    || m.contains("plaintext connection") || m.contains("Remote host terminated the handshake")
                    || m.contains("peer shut down incorrectly"))) {
                return Optional.of(plainTextListener(hostPort));
            }
            if (t instanceof SSLHandshakeException && (t.getCause() instanceof EOFException
                    || t.getCause() instanceof SocketException)) {
                return Optional.of(plainTextListener(hostPort));
            }
            // A plain-text MQTT listener reads the ClientHello as a broken packet and resets the
            // connection: the TCP connect worked (not "refused"), the handshake never got an answer.
            if (t instanceof SocketException && !(t instanceof java.net.ConnectException)
                    && (m.contains("Connection reset") || m.contains("Broken pipe"))) {
                return Optional.of(plainTextListener(hostPort));
            }
        }
        return Optional.empty();
    }

    private static String plainTextListener(String hostPort) {
        return hostPort + " closed the connection during the TLS handshake without presenting a certificate: it is "
                + "probably a plain-text MQTT listener (usually port 1883). Use the broker's TLS port (usually 8883) "
                + "with ssl:// or mqtts://";
    }

    /** Wraps the JVM's certificate check so that its failures say what was wrong, in words. */
    static X509ExtendedTrustManager explaining(X509ExtendedTrustManager delegate, Optional<String> caFile) {
        return new Explaining(delegate, caFile);
    }

    private static final class Explaining extends X509ExtendedTrustManager {
        private final X509ExtendedTrustManager delegate;
        private final Optional<String> caFile;

        Explaining(X509ExtendedTrustManager delegate, Optional<String> caFile) {
            this.delegate = delegate;
            this.caFile = caFile;
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
            String host = socket instanceof SSLSocket s && s.getHandshakeSession() != null
                    ? s.getHandshakeSession().getPeerHost() : null;
            try {
                delegate.checkServerTrusted(chain, authType, socket);
            } catch (CertificateException e) {
                throw explainCertificate(e, chain, host, caFile);
            }
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
            try {
                delegate.checkServerTrusted(chain, authType, engine);
            } catch (CertificateException e) {
                throw explainCertificate(e, chain, engine == null ? null : engine.getPeerHost(), caFile);
            }
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            try {
                delegate.checkServerTrusted(chain, authType);
            } catch (CertificateException e) {
                throw explainCertificate(e, chain, null, caFile);
            }
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
            delegate.checkClientTrusted(chain, authType, socket);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
            delegate.checkClientTrusted(chain, authType, engine);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            delegate.checkClientTrusted(chain, authType);
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return delegate.getAcceptedIssuers();
        }
    }

    /** The explanation of a certificate the JVM refused, from the certificate itself. */
    static VerificationFailure explainCertificate(CertificateException e, X509Certificate[] chain, String host,
                                                  Optional<String> caFile) {
        if (chain == null || chain.length == 0) {
            return new VerificationFailure("the broker sent no certificate: " + e.getMessage(), e);
        }
        X509Certificate leaf = chain[0];
        String subject = leaf.getSubjectX500Principal().getName();
        String trustedBy = caFile.map(f -> "the CA file " + f).orElse("the JVM's trust store (no tls.ca / --ca given)");
        String message = String.valueOf(e.getMessage());
        if (hasCause(e, CertificateExpiredException.class) || hasCause(e, CertificateNotYetValidException.class)
                || !validNow(leaf)) {
            boolean early = hasCause(e, CertificateNotYetValidException.class) || leaf.getNotBefore().after(new java.util.Date());
            return new VerificationFailure("the broker's certificate (" + subject + ") " + (early ? "is not valid yet"
                    : "has expired") + ": valid from " + DATE.format(leaf.getNotBefore().toInstant()) + " to "
                    + DATE.format(leaf.getNotAfter().toInstant()) + " (renew it on the broker, or check this machine's clock)", e);
        }
        if (message.contains("No subject alternative") || message.contains("No name matching")
                || message.contains("does not match")) {
            return new VerificationFailure("the broker's certificate names " + names(leaf) + ", not '" + (host == null
                    ? "the host asked for" : host) + "' that the url asks for: connect to a name the certificate has, "
                    + "or give the broker a certificate that names " + (host == null ? "its host" : host), e);
        }
        if (message.contains("PKIX path building failed") || message.contains("unable to find valid certification path")
                || message.contains("trustAnchor") || message.contains("Path does not chain")) {
            return new VerificationFailure("the broker's certificate (" + subject + ", issued by "
                    + leaf.getIssuerX500Principal().getName() + ") is not signed by a CA in " + trustedBy
                    + ": give the CA that signed it (tls.ca, --ca or ?ca=)", e);
        }
        return new VerificationFailure("the broker's certificate (" + subject + ") was refused: " + message
                + " (trusted CAs: " + trustedBy + ")", e);
    }

    private static boolean validNow(X509Certificate cert) {
        try {
            cert.checkValidity();
            return true;
        } catch (CertificateExpiredException | CertificateNotYetValidException e) {
            return false;
        }
    }

    private static boolean hasCause(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    /** The DNS names and IP addresses a certificate is for, and its CN. */
    static String names(X509Certificate cert) {
        List<String> names = new ArrayList<>();
        try {
            Collection<List<?>> sans = cert.getSubjectAlternativeNames();
            if (sans != null) {
                for (List<?> san : sans) {
                    int type = (Integer) san.get(0);
                    if (type == 2 || type == 7) {
                        names.add(String.valueOf(san.get(1)));
                    }
                }
            }
        } catch (CertificateParsingException ignored) {
            // fall back to the subject below
        }
        String subject = cert.getSubjectX500Principal().getName();
        return (names.isEmpty() ? "no host names" : String.join(", ", names)) + " (subject " + subject + ")";
    }
}
