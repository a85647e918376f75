package dev.solemate.mqtt.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A CA, a server certificate for {@code 127.0.0.1}/{@code localhost}, one for a wrong host name and
 * a client certificate, made with openssl in a temporary folder for one test class. Keys are PKCS#8 PEM.
 */
public record TestCertificates(Path dir) {

    public static TestCertificates create(Path dir) {
        Tools.require("openssl");
        TestCertificates c = new TestCertificates(dir);
        c.openssl("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", "ca.key");
        c.openssl("req", "-x509", "-new", "-key", "ca.key", "-subj", "/CN=Solemate Test CA", "-days", "2", "-out", "ca.crt");
        c.leaf("server", "/CN=localhost", "subjectAltName=IP:127.0.0.1,DNS:localhost");
        c.leaf("wronghost", "/CN=wrong.example", "subjectAltName=DNS:wrong.example");
        c.leaf("client", "/CN=solemate", "extendedKeyUsage=clientAuth");
        return c;
    }

    private void leaf(String name, String subject, String extension) {
        Mosquitto.write(dir.resolve(name + ".ext"), extension + "\n");
        openssl("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", name + ".key");
        openssl("req", "-new", "-key", name + ".key", "-subj", subject, "-out", name + ".csr");
        openssl("x509", "-req", "-in", name + ".csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial",
                "-days", "2", "-extfile", name + ".ext", "-out", name + ".crt");
    }

    public Path caCert() {
        return dir.resolve("ca.crt");
    }

    public Path serverCert() {
        return dir.resolve("server.crt");
    }

    public Path serverKey() {
        return dir.resolve("server.key");
    }

    public Path wrongHostCert() {
        return dir.resolve("wronghost.crt");
    }

    public Path wrongHostKey() {
        return dir.resolve("wronghost.key");
    }

    public Path clientCert() {
        return dir.resolve("client.crt");
    }

    public Path clientKey() {
        return dir.resolve("client.key");
    }

    private void openssl(String... args) {
        String[] command = new String[args.length + 1];
        command[0] = "openssl";
        System.arraycopy(args, 0, command, 1, args.length);
        try {
            Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(20, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("openssl " + String.join(" ", args) + " failed: " + out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
