package dev.solemate.examples.echo;

import dev.solemate.driver.DeviceCommand;
import dev.solemate.driver.DeviceConnection;
import dev.solemate.driver.DeviceInfo;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The link of {@link EchoDriver}: acknowledges every command at once after printing it. A real
 * driver would queue the command, write it to its transport and complete the future from its own
 * I/O thread when the device acknowledges; {@link #stopAll()} would jump that queue.
 */
// tag::connection[]
public final class EchoConnection implements DeviceConnection {

    private final DeviceInfo info;
    private final PrintStream out;
    private final List<DeviceCommand> sent = new ArrayList<>();

    public EchoConnection(DeviceInfo info, PrintStream out) {
        this.info = info;
        this.out = out;
    }

    @Override
    public DeviceInfo info() {
        return info;
    }

    @Override
    public synchronized CompletableFuture<Void> send(DeviceCommand command) {
        sent.add(command);
        out.println("echo: " + command);
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<Void> stopAll() {
        return send(new DeviceCommand.StopAll());
    }

    @Override
    public void setListener(Listener listener) {
        // This device never reports anything on its own; a real one would keep the listener.
    }

    @Override
    public void close() {
        stopAll();
    }

    /** Every command this connection received, in order (for tests). */
    public synchronized List<DeviceCommand> sent() {
        return List.copyOf(sent);
    }
}
// end::connection[]
