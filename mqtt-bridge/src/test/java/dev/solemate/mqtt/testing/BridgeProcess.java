package dev.solemate.mqtt.testing;

import dev.solemate.mqtt.MqttBridge;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A bridge in a child JVM, run from a configuration file with every log line at debug level on
 * its output, so a test can search all it printed. {@link #main} is the child's entry point.
 */
public final class BridgeProcess implements AutoCloseable {

    private final Process process;
    private final StringBuffer output = new StringBuffer();
    private final Thread reader;

    private BridgeProcess(Process process) {
        this.process = process;
        this.reader = new Thread(() -> {
            try {
                byte[] buf = new byte[8192];
                int n;
                while ((n = process.getInputStream().read(buf)) > 0) {
                    output.append(new String(buf, 0, n, java.nio.charset.StandardCharsets.UTF_8));
                }
            } catch (java.io.IOException e) {
                output.append("(reading failed: ").append(e).append(")");
            }
        });
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts {@code MqttBridge.start(configFile)} in a child JVM; {@code extraArgs} go after the file. */
    public static BridgeProcess start(Path configFile, String... extraArgs) throws java.io.IOException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> command = new ArrayList<>(List.of(java.toString(), "-cp", System.getProperty("java.class.path"),
                "-Dslf4j.provider=org.slf4j.simple.SimpleServiceProvider",
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=debug",
                BridgeProcess.class.getName(), configFile.toString()));
        command.addAll(List.of(extraArgs));
        return new BridgeProcess(new ProcessBuilder(command).redirectErrorStream(true).start());
    }

    /** Everything the child printed so far (standard output and error). */
    public String output() {
        return output.toString();
    }

    /** Waits until the output contains {@code text}; false on timeout or when the child exited. */
    public boolean awaitOutput(String text, long timeoutMillis) {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (System.currentTimeMillis() < deadline) {
            if (output().contains(text)) {
                return true;
            }
            if (!process.isAlive() && output().contains(text) == false) {
                Probe.sleep(100);
                return output().contains(text);
            }
            Probe.sleep(20);
        }
        return false;
    }

    /** Waits for the child to exit (it does by itself on a start-up error); its exit code, or -1. */
    public int awaitExit(long timeoutMillis) throws InterruptedException {
        if (!process.waitFor(timeoutMillis, TimeUnit.MILLISECONDS)) {
            return -1;
        }
        reader.join(2000);
        return process.exitValue();
    }

    /** SIGTERM: the bridge closes cleanly from its shutdown hook. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
            reader.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    /** The child: starts the bridge from the file, stops it at SIGTERM; exit 2 on a start-up error. */
    public static void main(String[] args) throws Exception {
        MqttBridge bridge;
        try {
            dev.solemate.mqtt.config.BridgeConfig config = dev.solemate.mqtt.config.BridgeConfigFile.load(Path.of(args[0]));
            if (args.length > 1 && args[1].equals("--take-over")) {
                config = config.withTakeOver(true);
            }
            bridge = MqttBridge.start(config);
        } catch (RuntimeException e) {
            System.out.println("start failed: " + e.getMessage());
            System.out.flush();
            System.exit(2);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(bridge::close));
        System.out.println("bridge running as " + bridge.identity().instance());
        System.out.flush();
        bridge.awaitClose();
        System.out.println("bridge ended" + bridge.handedOverTo().map(i -> ", handed over to " + i).orElse(""));
        System.out.flush();
    }
}
