package dev.solemate.mqtt.bridge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.solemate.ConnectionState;
import dev.solemate.Massager;
import dev.solemate.MassagerState;
import dev.solemate.ZoneState;
import dev.solemate.device.DeviceProfile;
import dev.solemate.device.Intensity;
import dev.solemate.device.Zone;
import dev.solemate.driver.DeviceInfo;
import dev.solemate.mqtt.client.InboundMessage;
import dev.solemate.mqtt.client.OutboundMessage;
import dev.solemate.mqtt.config.DeviceRetryPolicy;
import dev.solemate.secret.Redaction;
import dev.solemate.time.Timeline;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One configured device as the bridge holds it: open (its {@link DeviceAdapter} does the work), or
 * waiting because it could not be opened at start. A waiting device is shown offline, answers
 * commands with an error naming the reason, and is retried in the background with capped
 * exponential backoff and jitter ({@link DeviceRetryPolicy}) until it opens or the bridge closes.
 * Once open it is announced (availability, discovery, state) and starts at zero like any other.
 *
 * <p>Threads: retries are timed on the bridge's timeline and run on the bridge's opener thread,
 * never on the MQTT client's; the other methods may be called from any thread. Every message about
 * the device is decided and queued under this slot's lock, so an {@code offline} decided before the
 * device opened can never go out after its {@code online}.
 */
final class DeviceSlot {

    private static final Logger LOG = LoggerFactory.getLogger(DeviceSlot.class);

    private final String name;
    private final PendingDevice pending;
    private final DeviceRetryPolicy policy;
    private final Timeline timeline;
    private final Executor opener;
    private final BridgeTopics topics;
    private final Consumer<OutboundMessage> send;
    private final Function<Massager, DeviceAdapter> adopt;
    private final Consumer<DeviceAdapter> announce;
    private DeviceAdapter adapter;
    private String failure;
    private int failures;
    private Timeline.Cancellable retryTimer;
    private boolean closed;

    private DeviceSlot(String name, DeviceAdapter adapter, PendingDevice pending, DeviceRetryPolicy policy,
                       Timeline timeline, Executor opener, BridgeTopics topics, Consumer<OutboundMessage> send,
                       Function<Massager, DeviceAdapter> adopt, Consumer<DeviceAdapter> announce) {
        this.name = name;
        this.adapter = adapter;
        this.pending = pending;
        this.policy = policy;
        this.timeline = timeline;
        this.opener = opener;
        this.topics = topics;
        this.send = send;
        this.adopt = adopt;
        this.announce = announce;
        this.failure = pending == null ? null : pending.failure();
        this.failures = pending == null ? 0 : 1;
    }

    /** A device that opened at start. */
    static DeviceSlot opened(DeviceAdapter adapter, BridgeTopics topics, Consumer<OutboundMessage> send) {
        DeviceSlot slot = new DeviceSlot(adapter.name(), adapter, null, null, null, null, topics, send, null, null);
        adapter.onAnswered(slot::answered);
        return slot;
    }

    /**
     * A device that did not open at start; call {@link #startRetrying()} once the bridge is ready.
     *
     * @param adopt    makes the adapter of the device once it opened
     * @param announce publishes availability, discovery and state of the adapter (under this slot's lock)
     */
    static DeviceSlot waiting(PendingDevice device, DeviceRetryPolicy policy, Timeline timeline, Executor opener,
                              BridgeTopics topics, Consumer<OutboundMessage> send,
                              Function<Massager, DeviceAdapter> adopt, Consumer<DeviceAdapter> announce) {
        return new DeviceSlot(device.name(), null, device, policy, timeline, opener, topics, send, adopt, announce);
    }

    String name() {
        return name;
    }

    /** The adapter, once the device is open. */
    synchronized Optional<DeviceAdapter> adapter() {
        return Optional.ofNullable(adapter);
    }

    /** Why the device is not open, while it is not. */
    synchronized Optional<String> failure() {
        return adapter == null ? Optional.ofNullable(failure) : Optional.empty();
    }

    /** The profile the URI names, for a device that is not open. */
    Optional<DeviceProfile> expectedProfile() {
        return pending == null ? Optional.empty() : pending.expectedProfile();
    }

    /** {@code connected}, {@code disconnected} or {@code closed}. */
    synchronized String connection() {
        if (adapter != null) {
            ConnectionState c = adapter.massager().state().connection();
            return c.id();
        }
        return closed ? ConnectionState.CLOSED.id() : ConnectionState.DISCONNECTED.id();
    }

    synchronized void startRetrying() {
        if (adapter == null && !closed) {
            scheduleRetry();
        }
    }

    /** Handles {@code /set}: the adapter's job once open; until then every command is refused with the reason. */
    void handleSet(Optional<String> attribute, InboundMessage message) {
        DeviceAdapter a;
        String reason;
        synchronized (this) {
            a = adapter;
            reason = failure;
        }
        if (a != null) {
            // Bounded: a flood of commands is answered "busy" at once instead of piling up work
            // (each accepted command holds futures, device commands and answers until it is done).
            if (waiting.incrementAndGet() > MAX_WAITING) {
                waiting.decrementAndGet();
                busy.incrementAndGet();
                Replies.respond(send, topics.response(name), message, busyAnswer(message));
                return;
            }
            a.handleSet(attribute, message);
            return;
        }
        ObjectNode answer = message.retained() ? DeviceAdapter.retainedRefusal(message)
                : Json.error("device '" + name + "' is not connected (" + pending.shownUri() + ": " + reason + "); retrying",
                        Replies.transactionOf(message));
        Replies.respond(send, topics.response(name), message, answer);
    }

    /** Commands accepted and not answered yet at most; more are answered {@code busy}. */
    static final int MAX_WAITING = 64;
    private final java.util.concurrent.atomic.AtomicInteger waiting = new java.util.concurrent.atomic.AtomicInteger();
    private final java.util.concurrent.atomic.AtomicLong busy = new java.util.concurrent.atomic.AtomicLong();

    private ObjectNode busyAnswer(InboundMessage message) {
        ObjectNode answer = Json.error(name + " is busy: " + MAX_WAITING + " commands are waiting for it; send this one "
                + "again shortly", Replies.transactionOf(message));
        answer.put("status", "busy");
        return answer;
    }

    /** How many commands were answered {@code busy} so far. */
    long busyCount() {
        return busy.get();
    }

    /** Called once the adapter answered a command (it counts against {@link #MAX_WAITING} until then). */
    void answered(InboundMessage message) {
        waiting.decrementAndGet();
    }

    /** Handles {@code /get}: republishes the state. */
    void handleGet() {
        publishState();
    }

    synchronized void publishAvailability() {
        if (adapter != null) {
            adapter.publishAvailability();
        } else {
            send.accept(offlineMessage());
        }
    }

    /** Queues a state publish (open), or publishes the waiting state now; sent even if unchanged. */
    synchronized void publishState() {
        if (adapter != null) {
            adapter.republishState();
        } else {
            send.accept(stateMessage());
        }
    }

    /** The retained state as of now. */
    synchronized OutboundMessage stateMessage() {
        if (adapter != null) {
            return adapter.stateMessage();
        }
        ObjectNode state = StatePayload.waiting(waitingState(), pending.expectedProfile(),
                Redaction.redact(pending.shownUri() + ": " + failure));
        return new OutboundMessage(topics.state(name), Json.bytes(state), 1, true, 0, Optional.empty(), new byte[0]);
    }

    synchronized OutboundMessage offlineMessage() {
        return adapter != null ? adapter.offlineMessage() : OutboundMessage.of(topics.availability(name), "offline", 1, true);
    }

    /** What discovery describes: the open device, or the profile its URI names; empty when neither is known yet. */
    synchronized Optional<DeviceInfo> discoveryInfo() {
        if (adapter != null) {
            return Optional.of(adapter.massager().info());
        }
        return pending.expectedProfile().map(p -> new DeviceInfo(p, "n/a", "n/a"));
    }

    synchronized int heatLimit() {
        return adapter != null ? adapter.massager().limits().heatLimitCelsius() : pending.limits().heatLimitCelsius();
    }

    /** Cancels retries and closes the device if open (which stops it). */
    void close() {
        DeviceAdapter a;
        synchronized (this) {
            closed = true;
            if (retryTimer != null) {
                retryTimer.cancel();
            }
            a = adapter;
        }
        if (a != null) {
            a.close();
        }
    }

    /** Runs on the opener thread. */
    private void attempt() {
        synchronized (this) {
            if (closed || adapter != null) {
                return;
            }
        }
        Massager massager;
        try {
            massager = pending.opener().get();
        } catch (RuntimeException | LinkageError e) {
            failed(DeviceAdapter.describe(e));
            return;
        }
        boolean adopted = false;
        synchronized (this) {
            if (!closed) {
                try {
                    adapter = adopt.apply(massager);
                    adapter.onAnswered(this::answered);
                    adopted = true;
                    LOG.info("device '{}' ({}) is connected after {} failed attempt(s)", name, pending.shownUri(), failures);
                    announce.accept(adapter);
                } catch (RuntimeException e) {
                    LOG.error("device '{}' opened but cannot be put on the bridge", name, e);
                }
            }
        }
        if (!adopted) {
            try {
                massager.close();
            } catch (RuntimeException e) {
                LOG.warn("closing {} failed: {}", name, e.toString());
            }
        }
    }

    private synchronized void failed(String why) {
        String reason = Redaction.redact(why);
        failures++;
        boolean changed = !reason.equals(failure);
        failure = reason;
        if (closed) {
            return;
        }
        if (changed) {
            LOG.warn("device '{}' ({}) still cannot be opened: {}; retrying", name, pending.shownUri(), reason);
        }
        scheduleRetry();
    }

    /** Call with the lock held. */
    private void scheduleRetry() {
        Duration delay = policy.delay(failures, ThreadLocalRandom.current());
        LOG.debug("device '{}': attempt {} in {} ms", name, failures + 1, delay.toMillis());
        retryTimer = timeline.scheduleAt(timeline.nanoTime() + delay.toNanos(), () -> {
            try {
                opener.execute(this::attempt);
            } catch (RejectedExecutionException bridgeClosing) {
                LOG.debug("device '{}': no retry, the bridge is closing", name);
            }
        });
    }

    private MassagerState waitingState() {
        Map<Zone, ZoneState> zones = new EnumMap<>(Zone.class);
        Duration sessionLimit = pending.limits().maxSession();
        if (pending.expectedProfile().isPresent()) {
            DeviceProfile profile = pending.expectedProfile().get();
            for (Zone zone : profile.zones().keySet()) {
                zones.put(zone, new ZoneState(profile.techniques(zone).iterator().next(), 0, Intensity.ZERO));
            }
            if (profile.maxSession().compareTo(sessionLimit) < 0) {
                sessionLimit = profile.maxSession();
            }
        }
        return new MassagerState(ConnectionState.DISCONNECTED, zones, OptionalInt.empty(), OptionalDouble.empty(),
                pending.limits().comfortCap(), Duration.ZERO, sessionLimit);
    }
}
