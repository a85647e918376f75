package dev.solemate.cli;

import dev.solemate.mqtt.client.TlsOptions;
import dev.solemate.mqtt.config.BrokerConfig;
import dev.solemate.secret.PrivateFiles;
import dev.solemate.secret.Secret;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * How to log in to a broker and check it, shared by {@code solemate bridge} and {@code solemate
 * doctor --broker} so both take the same options and reach the broker the same way. There is no
 * {@code --password}: a password on the command line shows in {@code ps} and the shell's history.
 */
public final class BrokerOptions {

    @Option(names = "--username", paramLabel = "USER", description = "Broker user name.")
    String username;

    @Option(names = "--password-file", paramLabel = "FILE",
            description = "File whose first line is the broker password (chmod 600; kept off the command line and out of ps).")
    Path passwordFile;

    @Option(names = "--password-env", paramLabel = "VARIABLE",
            description = "Environment variable holding the broker password.")
    String passwordEnv;

    @Option(names = "--ca", paramLabel = "FILE",
            description = "PEM file of the CA that signed the broker's certificate (TLS: ssl:// or mqtts://).")
    Path ca;

    @Option(names = "--client-cert", paramLabel = "FILE", description = "PEM client certificate (TLS), with --client-key.")
    Path clientCert;

    @Option(names = "--client-key", paramLabel = "FILE", description = "PKCS#8 PEM key of --client-cert.")
    Path clientKey;

    @Option(names = "--no-verify-hostname",
            description = "Do not check the broker's certificate names the host (test set-ups only).")
    boolean noVerifyHostname;

    /** True when any option was given. */
    public boolean any() {
        return username != null || passwordFile != null || passwordEnv != null || tlsGiven();
    }

    private boolean tlsGiven() {
        return ca != null || clientCert != null || clientKey != null || noVerifyHostname;
    }

    public Optional<String> username() {
        return Optional.ofNullable(username);
    }

    /**
     * The password from {@code --password-file} or {@code --password-env}; a file others can read
     * gets a warning on {@code err} naming it and the {@code chmod} that fixes it.
     *
     * @throws IllegalArgumentException when both are given, or the file or variable cannot be read
     */
    public Optional<Secret> password(PrintWriter err, Map<String, String> environment) {
        if (passwordFile != null && passwordEnv != null) {
            throw new IllegalArgumentException("--password-file and --password-env cannot be combined (expected one)");
        }
        if ((passwordFile != null || passwordEnv != null) && username == null) {
            throw new IllegalArgumentException((passwordFile != null ? "--password-file" : "--password-env")
                    + " needs --username");
        }
        if (passwordFile != null) {
            PrivateFiles.sharedFileWarning(passwordFile, "a broker password").ifPresent(w -> {
                err.println("solemate: warning: " + w);
                err.flush();
            });
            try {
                return Optional.of(Secret.fromFile(passwordFile));
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read the password file " + passwordFile + " ("
                        + (e.getMessage() != null && e.getMessage().contains("is empty") ? "it is empty"
                        : e.getClass().getSimpleName()) + ")", e);
            }
        }
        if (passwordEnv != null) {
            return Optional.of(Secret.fromEnvironment(passwordEnv, environment));
        }
        return Optional.empty();
    }

    /** The TLS settings the options give, or empty when none was given. */
    public Optional<TlsOptions> tls() {
        if (!tlsGiven()) {
            return Optional.empty();
        }
        if ((clientCert == null) != (clientKey == null)) {
            throw new IllegalArgumentException("--client-cert and --client-key go together");
        }
        TlsOptions tls = TlsOptions.defaults().withVerifyHostname(!noVerifyHostname);
        if (ca != null) {
            tls = tls.withCaFile(ca);
        }
        if (clientCert != null) {
            tls = tls.withClientCertificate(clientCert, clientKey);
        }
        return Optional.of(tls);
    }

    /** {@code broker} with these credentials and TLS settings (TLS with a plain-text url is an error). */
    public BrokerConfig applyTo(BrokerConfig broker, PrintWriter err, Map<String, String> environment) {
        BrokerConfig result = broker;
        Optional<Secret> password = password(err, environment);
        if (username != null) {
            result = result.withCredentials(username, password.orElse(null));
        }
        Optional<TlsOptions> tls = tls();
        if (tls.isPresent()) {
            result = result.withTls(tls.get());
        }
        return result;
    }
}
