package dev.solemate.cli.web;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The live updates of {@code GET /api/events}: Server-Sent Events, like ESPHome's {@code /events}.
 * A state is sent the moment it changes; for a page that reads slowly, states of one device waiting
 * to be written are replaced by the newest (it only ever needs the latest), while events are kept in
 * order. A page that falls {@value #MAX_PENDING} frames behind is dropped (its browser reconnects and
 * gets the current state). Writing happens on two threads of our own, never on a massager's thread.
 */
final class LiveFeed implements AutoCloseable {

    static final int MAX_PENDING = 500;
    private static final long HEARTBEAT_SECONDS = 15;

    private final Set<Subscriber> subscribers = ConcurrentHashMap.newKeySet();
    private final ExecutorService writers;
    private final ScheduledExecutorService heartbeat;
    private final AtomicLong sequence = new AtomicLong();

    LiveFeed() {
        AtomicInteger n = new AtomicInteger();
        writers = Executors.newFixedThreadPool(2, r -> daemon(r, "solemate-web-feed-" + n.incrementAndGet()));
        heartbeat = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "solemate-web-heartbeat"));
        // A comment line every 15 s finds pages that went away without closing, and keeps proxies from timing out.
        heartbeat.scheduleAtFixedRate(() -> publish(null, ": keep-alive\n\n"), HEARTBEAT_SECONDS, HEARTBEAT_SECONDS,
                TimeUnit.SECONDS);
    }

    /** Takes over an exchange as an event stream; {@code first} frames (the current states) go out at once. */
    void subscribe(HttpExchange exchange, List<String> first) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.getResponseHeaders().set("X-Accel-Buffering", "no");
        exchange.sendResponseHeaders(200, 0);
        Subscriber s = new Subscriber(exchange);
        subscribers.add(s);
        // Tells the browser to retry after 1 s when the stream breaks (its default is about 3 s).
        s.offer(null, "retry: 1000\n\n");
        for (String frame : first) {
            s.offer(null, frame);
        }
    }

    /** Sends a device's state to every page; a state of the same device still waiting is replaced. */
    void publishState(String device, String json) {
        publish("state:" + device, frame("state", json));
    }

    /** Sends an event to every page. */
    void publishEvent(String json) {
        publish(null, frame("event", json));
    }

    int subscribers() {
        return subscribers.size();
    }

    static String frame(String event, String json) {
        return "event: " + event + "\ndata: " + json + "\n\n";
    }

    private void publish(String key, String frame) {
        for (Subscriber s : subscribers) {
            s.offer(key, frame);
        }
    }

    @Override
    public void close() {
        heartbeat.shutdownNow();
        for (Subscriber s : subscribers) {
            s.drop();
        }
        writers.shutdown();
        try {
            writers.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    /** One open page. */
    private final class Subscriber {
        private final HttpExchange exchange;
        private final OutputStream out;
        // Guarded by this: frames waiting, in order; a state frame's key keeps its place when replaced.
        private final Map<String, String> pending = new LinkedHashMap<>();
        private boolean writing;
        private boolean dropped;

        Subscriber(HttpExchange exchange) {
            this.exchange = exchange;
            this.out = exchange.getResponseBody();
        }

        void offer(String key, String frame) {
            synchronized (this) {
                if (dropped) {
                    return;
                }
                pending.put(key != null ? key : "#" + sequence.incrementAndGet(), frame);
                if (pending.size() > MAX_PENDING) {
                    dropLater();
                    return;
                }
                if (writing) {
                    return;
                }
                writing = true;
            }
            try {
                writers.execute(this::drain);
            } catch (java.util.concurrent.RejectedExecutionException closed) {
                drop();
            }
        }

        private void drain() {
            while (true) {
                StringBuilder batch = new StringBuilder();
                synchronized (this) {
                    if (pending.isEmpty() || dropped) {
                        writing = false;
                        return;
                    }
                    for (Iterator<String> it = pending.values().iterator(); it.hasNext(); ) {
                        batch.append(it.next());
                        it.remove();
                    }
                }
                try {
                    out.write(batch.toString().getBytes(StandardCharsets.UTF_8));
                    out.flush();
                } catch (IOException | RuntimeException e) {
                    drop();
                    return;
                }
            }
        }

        private void dropLater() {
            dropped = true;
            pending.clear();
            writers.execute(this::drop);
        }

        void drop() {
            synchronized (this) {
                dropped = true;
                pending.clear();
            }
            subscribers.remove(this);
            exchange.close();
        }
    }
}
