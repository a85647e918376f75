package dev.solemate.cli.doctor;

import com.fazecast.jSerialComm.SerialPort;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/** The facts of the machine this process runs on. */
public final class LocalSystem implements SystemFacts {

    @Override
    public String javaVersion() {
        return System.getProperty("java.version");
    }

    @Override
    public String javaDescription() {
        return System.getProperty("java.vendor") + ", " + System.getProperty("java.home");
    }

    @Override
    public String osName() {
        return System.getProperty("os.name");
    }

    @Override
    public String userName() {
        return System.getProperty("user.name");
    }

    @Override
    public boolean isRoot() {
        return run("id", "-u").map(s -> s.trim().equals("0")).orElse("root".equals(userName()));
    }

    @Override
    public Optional<Set<String>> groups() {
        return run("id", "-Gn").map(s -> new LinkedHashSet<>(Arrays.asList(s.trim().split("\\s+"))));
    }

    @Override
    public List<Path> serialDevices() {
        List<Path> devices = new ArrayList<>();
        try (DirectoryStream<Path> dev = Files.newDirectoryStream(Path.of("/dev"), "tty{USB,ACM}*")) {
            dev.forEach(devices::add);
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
        devices.sort(null);
        return devices;
    }

    @Override
    public boolean canReadWrite(Path device) {
        return Files.isReadable(device) && Files.isWritable(device);
    }

    @Override
    public Optional<String> mounts() {
        try {
            return Optional.of(Files.readString(Path.of("/proc/mounts"), StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    @Override
    public String tmpDir() {
        return System.getProperty("java.io.tmpdir");
    }

    @Override
    public String loadSerialLibrary() {
        SerialPort[] ports = SerialPort.getCommPorts();
        return "jSerialComm " + SerialPort.getVersion() + " loaded; " + ports.length
                + (ports.length == 1 ? " serial port" : " serial ports") + " listed";
    }

    private static Optional<String> run(String... command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            if (!process.waitFor(2, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return Optional.empty();
            }
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return process.exitValue() == 0 ? Optional.of(out) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
