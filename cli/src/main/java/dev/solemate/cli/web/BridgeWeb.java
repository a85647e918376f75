package dev.solemate.cli.web;

import dev.solemate.cli.history.SessionLog;
import dev.solemate.mqtt.MqttBridge;
import dev.solemate.mqtt.config.DeviceConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The dashboard beside the MQTT topics ({@code solemate bridge --http ADDR:PORT}): the same page and
 * API over the bridge's massagers. A device the bridge is still retrying is shown disconnected and
 * joins the page when the bridge opens it. The bridge owns the massagers: closing this stops nothing.
 */
public final class BridgeWeb implements AutoCloseable {

    private final WebServer server;
    private final ScheduledExecutorService binder;

    private BridgeWeb(WebServer server, MqttBridge bridge) {
        this.server = server;
        this.binder = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "solemate-web-bridge");
            t.setDaemon(true);
            return t;
        });
        // The bridge opens late devices in the background; the page learns of them within a second.
        binder.scheduleWithFixedDelay(() -> {
            for (WebDevice device : server.devices()) {
                bridge.massager(device.id()).ifPresentOrElse(device::bind,
                        () -> device.notOpen("the bridge has not opened it yet; it keeps retrying"));
                device.refreshIfPlayingElsewhere();
            }
        }, 0, 1, TimeUnit.SECONDS);
    }

    /**
     * Serves the page for a running bridge.
     *
     * @param listen {@code ADDR:PORT}; beyond 127.0.0.1 the token is needed, as for {@code serve}
     */
    public static BridgeWeb start(MqttBridge bridge, String listen, PrintWriter out) throws IOException {
        Listen where = Listen.parse(listen);
        Optional<WebToken> token = where.loopback() ? Optional.empty()
                : Optional.of(WebToken.loadOrCreate(dev.solemate.cli.history.StateDirectory.forUser()));
        List<WebServer.DeviceSpec> specs = new ArrayList<>();
        for (DeviceConfig device : bridge.config().devices()) {
            specs.add(new WebServer.DeviceSpec(device.name(), device.uri()));
        }
        RoutineCatalog routines = new RoutineCatalog(bridge.config().routineFiles());
        WebServer server = WebServer.start(where, token, routines, SessionLog.forUser(), Clock.systemDefaultZone(), specs);
        String url = "http://" + (where.loopback() ? "127.0.0.1" : where.address().getHostAddress()) + ":"
                + server.address().getPort() + "/";
        out.println("Dashboard on " + url);
        if (token.isPresent() && token.get().created()) {
            out.println("Open this link once on your phone (keep it private): " + url + "#token=" + token.get().value());
        }
        out.flush();
        return new BridgeWeb(server, bridge);
    }

    /** Where the page is served, with the port actually bound. */
    public java.net.InetSocketAddress address() {
        return server.address();
    }

    /** How many pages (live feeds) are connected now. */
    public int pages() {
        return server.subscribers();
    }

    @Override
    public void close() {
        binder.shutdownNow();
        server.close();
    }
}
