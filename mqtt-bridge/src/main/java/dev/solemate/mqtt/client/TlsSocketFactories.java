package dev.solemate.mqtt.client;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Collection;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Builds the socket factory for a TLS broker link from PEM files, the format Mosquitto users already
 * have, without a key store on disk.
 */
final class TlsSocketFactories {

    private TlsSocketFactories() {
    }

    /** @throws IllegalArgumentException naming the file and what is wrong with it */
    static SSLSocketFactory create(TlsOptions tls) {
        try {
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            if (tls.caFile().isPresent()) {
                KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
                trust.load(null, null);
                int i = 0;
                for (Certificate cert : certificates(tls.caFile().get())) {
                    trust.setCertificateEntry("ca-" + i++, cert);
                }
                tmf.init(trust);
            } else {
                tmf.init((KeyStore) null);
            }
            KeyManagerFactory kmf = null;
            if (tls.clientCertFile().isPresent()) {
                Collection<? extends Certificate> chain = certificates(tls.clientCertFile().get());
                PrivateKey key = privateKey(tls.clientKeyFile().orElseThrow());
                KeyStore keys = KeyStore.getInstance("PKCS12");
                keys.load(null, null);
                char[] none = new char[0];
                keys.setKeyEntry("client", key, none, chain.toArray(new Certificate[0]));
                kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                kmf.init(keys, none);
            }
            TrustManager[] trust = tmf.getTrustManagers();
            for (int i = 0; i < trust.length; i++) {
                if (trust[i] instanceof X509ExtendedTrustManager x) {
                    trust[i] = TlsDiagnosis.explaining(x, tls.caFile().map(Path::toString));
                }
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(kmf == null ? null : kmf.getKeyManagers(), trust, null);
            return context.getSocketFactory();
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalArgumentException("tls: cannot set up TLS: " + e.getMessage(), e);
        }
    }

    private static Collection<? extends Certificate> certificates(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            Collection<? extends Certificate> certs = CertificateFactory.getInstance("X.509").generateCertificates(in);
            if (certs.isEmpty()) {
                throw new IllegalArgumentException("tls: " + file + " holds no certificate (expected PEM)");
            }
            return certs;
        } catch (java.security.cert.CertificateException e) {
            throw new IllegalArgumentException("tls: " + file + " is not a PEM certificate: " + e.getMessage(), e);
        }
    }

    private static PrivateKey privateKey(Path file) throws IOException {
        String pem = Files.readString(file, StandardCharsets.US_ASCII);
        int begin = pem.indexOf("-----BEGIN PRIVATE KEY-----");
        int end = pem.indexOf("-----END PRIVATE KEY-----");
        if (begin < 0 || end < begin) {
            throw new IllegalArgumentException("tls: " + file + " is not a PKCS#8 PEM key (expected -----BEGIN PRIVATE KEY-----;"
                    + " convert with: openssl pkcs8 -topk8 -nocrypt -in key.pem -out key8.pem)");
        }
        byte[] der = Base64.getMimeDecoder().decode(pem.substring(begin + 27, end));
        for (String algorithm : new String[] {"RSA", "EC", "Ed25519"}) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException tryNext) {
                // the PEM header does not say the algorithm; try the common ones
            }
        }
        throw new IllegalArgumentException("tls: " + file + " holds a key that is not RSA, EC or Ed25519");
    }
}
