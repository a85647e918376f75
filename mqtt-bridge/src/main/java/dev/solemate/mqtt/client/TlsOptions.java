package dev.solemate.mqtt.client;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * TLS for the broker link: the CA to trust (or the JVM's default trust store), an optional client
 * certificate and key (PEM, key in PKCS#8), and whether to check the broker's host name against its
 * certificate (on by default; turning it off is for test set-ups only).
 *
 * @param caFile           PEM file with the CA certificate(s) to trust; empty for the JVM's trust store
 * @param clientCertFile   PEM client certificate (chain), with {@code clientKeyFile}
 * @param clientKeyFile    PEM PKCS#8 private key ({@code BEGIN PRIVATE KEY}) of the client certificate
 * @param verifyHostname   check that the broker's certificate names the host connected to
 */
public record TlsOptions(Optional<Path> caFile, Optional<Path> clientCertFile, Optional<Path> clientKeyFile,
                         boolean verifyHostname) {

    public TlsOptions {
        Objects.requireNonNull(caFile, "caFile");
        Objects.requireNonNull(clientCertFile, "clientCertFile");
        Objects.requireNonNull(clientKeyFile, "clientKeyFile");
        if (clientCertFile.isPresent() != clientKeyFile.isPresent()) {
            throw new IllegalArgumentException("tls: client_cert and client_key go together (got only "
                    + (clientCertFile.isPresent() ? "client_cert" : "client_key") + ")");
        }
    }

    /** TLS with the JVM's trust store and host name verification. */
    public static TlsOptions defaults() {
        return new TlsOptions(Optional.empty(), Optional.empty(), Optional.empty(), true);
    }

    public TlsOptions withCaFile(Path ca) {
        return new TlsOptions(Optional.of(ca), clientCertFile, clientKeyFile, verifyHostname);
    }

    public TlsOptions withClientCertificate(Path cert, Path key) {
        return new TlsOptions(caFile, Optional.of(cert), Optional.of(key), verifyHostname);
    }

    public TlsOptions withVerifyHostname(boolean verify) {
        return new TlsOptions(caFile, clientCertFile, clientKeyFile, verify);
    }
}
