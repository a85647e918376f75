package dev.solemate.mqtt.bridge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.solemate.ConnectionState;
import dev.solemate.Massager;
import dev.solemate.MassagerEvent;
import dev.solemate.MassagerState;
import dev.solemate.device.Intensity;
import dev.solemate.device.Technique;
import dev.solemate.device.Zone;
import dev.solemate.ZoneState;
import dev.solemate.mqtt.client.InboundMessage;
import dev.solemate.mqtt.client.MqttLink;
import dev.solemate.mqtt.client.OutboundMessage;
import dev.solemate.mqtt.config.BrokerLossPolicy;
import dev.solemate.player.Playback;
import dev.solemate.player.PlaybackEnding;
import dev.solemate.player.PlaybackEvent;
import dev.solemate.player.PlaybackOptions;
import dev.solemate.player.PlaybackResult;
import dev.solemate.routine.CompiledRoutine;
import dev.solemate.routine.Routine;
import dev.solemate.routine.RoutineCompiler;
import dev.solemate.secret.Redaction;
import dev.solemate.time.Timeline;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One device behind the bridge: owns its {@link Massager} and the routine playing on it, executes
 * validated commands, and publishes its state, availability and events.
 *
 * <p>Threads: {@link #handleSet} and {@link #handleGet} run on the link's dispatch thread and never
 * block; device acknowledgements arrive on the massager's event thread and playback events on the
 * timeline thread. Under manual control a state change is published at once, from whichever thread
 * sees it first (the dispatch thread when the device acknowledged inline, else the massager's event
 * thread); while a routine plays, states are throttled to five a second (the last change always goes
 * out). A state identical to the one last published is not sent again, except when asked for
 * ({@code /get}, a reconnect, Home Assistant coming online).
 */
public final class DeviceAdapter implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DeviceAdapter.class);

    private final String name;
    private final Massager massager;
    /** Checks commands against the device's profile; another unit found at a reconnect brings another. */
    private volatile CommandParser parser;
    private final Map<String, Routine> routines;
    private final String defaultRoutine;
    private final RoutineRunner runner;
    private final PlaybackOptions playbackOptions;
    private final MqttLink link;
    private final BridgeTopics topics;
    private final Executor publisher;
    private final AtomicBoolean dirty = new AtomicBoolean();
    private final AtomicBoolean forceNext = new AtomicBoolean();
    private final Object lock = new Object();
    private final Object stateLock = new Object();
    /** While a routine plays, the shortest time between two state messages. */
    static final long ROUTINE_STATE_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(200);
    private final Timeline timeline;
    private long lastStateNanos = Long.MIN_VALUE / 2;
    /** What the last state message was made of, and its payload: guarded by stateLock. */
    private MassagerState lastStateSource;
    private PlaybackSnapshot lastSnapshotSource;
    private byte[] lastStatePayload;
    private boolean trailingScheduled;
    private Playback playback;
    private volatile PlaybackSnapshot snapshot = PlaybackSnapshot.IDLE;
    private volatile Boolean lastAvailability;
    private volatile java.util.function.Consumer<InboundMessage> answered = m -> { };

    DeviceAdapter(String name, Massager massager, CommandParser parser, Map<String, Routine> routines,
                  String defaultRoutine, RoutineRunner runner, PlaybackOptions playbackOptions, MqttLink link,
                  BridgeTopics topics, Executor publisher, Timeline timeline) {
        this.name = Objects.requireNonNull(name, "name");
        this.massager = Objects.requireNonNull(massager, "massager");
        this.parser = parser;
        this.routines = routines;
        this.defaultRoutine = defaultRoutine;
        this.runner = runner;
        this.playbackOptions = playbackOptions;
        this.link = link;
        this.topics = topics;
        this.publisher = publisher;
        this.timeline = Objects.requireNonNull(timeline, "timeline");
        massager.addListener(this::onMassagerEvent);
    }

    public String name() {
        return name;
    }

    public Massager massager() {
        return massager;
    }

    public CommandParser parser() {
        return parser;
    }

    /** Another unit answered at a reconnect: commands are checked against its profile from now on. */
    void useParser(CommandParser newParser) {
        parser = Objects.requireNonNull(newParser, "newParser");
    }

    /** The routine playing, if any. */
    public Optional<String> routine() {
        return snapshot.routine();
    }

    /** Handles {@code /set} or {@code /set/<attribute>}; answers on the response topic. Never throws. */
    public void handleSet(Optional<String> attribute, InboundMessage message) {
        Optional<JsonNode> transaction = Optional.empty();
        try {
            if (message.retained()) {
                respond(message, retainedRefusal(message));
                return;
            }
            Command command = attribute.isPresent() ? parser.parseAttribute(attribute.get(), message.payload())
                    : parser.parse(message.payload());
            transaction = command.transaction();
            if (isExpired(message)) {
                respond(message, Json.error("command expired before it could be executed (message expiry "
                        + message.expirySeconds().getAsLong() + " s)", transaction));
                return;
            }
            Optional<JsonNode> tx = transaction;
            execute(command).whenComplete((ok, error) -> {
                if (error == null) {
                    respond(message, Json.ok(tx));
                } else {
                    respond(message, Json.error(describe(error), tx));
                }
            });
            // A device that acknowledged inline (a simulator, a driver with nothing to wait for) has
            // its new state already: publish it now rather than one thread hop later.
            stateMayHaveChanged();
        } catch (CommandException e) {
            respond(message, Json.error(e.getMessage(), e.transaction()));
        } catch (RuntimeException e) {
            LOG.warn("command to {} failed: {}", name, describe(e));
            respond(message, Json.error(describe(e), transaction));
        }
    }

    /** The answer to a retained command, which is never executed. */
    static ObjectNode retainedRefusal(InboundMessage message) {
        return Json.error("ignored a retained command: commands must not be retained "
                + "(clear it with: mosquitto_pub -r -n -t " + message.topic() + ")", Replies.transactionOf(message));
    }

    /** Handles {@code /get}: republishes the state. */
    public void handleGet() {
        publishStateNow(true);
    }

    private static boolean isExpired(InboundMessage message) {
        if (message.expirySeconds().isEmpty()) {
            return false;
        }
        long age = System.nanoTime() - message.receivedNanos();
        return age > TimeUnit.SECONDS.toNanos(message.expirySeconds().getAsLong());
    }

    /**
     * Executes a command. Every part is one intent through the massager's ordering point, issued in
     * order on this thread, none waiting for another's confirmation: a routine switch is one
     * {@code play} (the old routine ends and the device stops, then the new one starts), manual
     * control stops a playing routine and then sets the zones, and OFF or {@code {"routine":null}}
     * stop at once. So a stop always wins over whatever was issued before it, and no playback can
     * be left behind that nothing here can stop: the massager holds the one playing.
     */
    CompletableFuture<Void> execute(Command c) {
        List<CompletableFuture<?>> steps = new ArrayList<>();
        if (c.comfortCap().isPresent()) {
            steps.add(massager.setComfortCap(Intensity.of(c.comfortCap().getAsInt())));
        }
        if (c.power().isPresent()) {
            if (c.power().get() == Command.Power.OFF) {
                steps.add(stopEverything("stopped by power OFF"));
            } else if (massager.playback().isEmpty()) {
                steps.add(startRoutine(defaultRoutine));
            }
        }
        if (c.routine().isPresent()) {
            Optional<String> r = c.routine().get();
            steps.add(r.isPresent() ? startRoutine(r.get()) : stopRoutine("stopped by command"));
        }
        if (c.playback().isPresent()) {
            steps.add(playback(c.playback().get()));
        }
        if (c.isManual()) {
            stopRoutine("stopped by manual control");
            steps.add(applyManual(c));
        }
        return CompletableFuture.allOf(steps.toArray(new CompletableFuture<?>[0]));
    }

    private CompletableFuture<Void> applyManual(Command c) {
        List<CompletableFuture<?>> steps = new ArrayList<>();
        for (Map.Entry<Zone, Command.ZoneChange> e : c.zones().entrySet()) {
            ZoneState current = massager.state().zones().get(e.getKey());
            Technique technique = e.getValue().technique().orElse(current.technique());
            double percent = e.getValue().intensity().isPresent() ? e.getValue().intensity().getAsDouble()
                    : current.intensity().percent();
            steps.add(massager.setZone(e.getKey(), technique, Intensity.of(percent)));
        }
        if (c.heat().isPresent()) {
            steps.add(c.heat().get().isPresent() ? massager.setHeat(c.heat().get().getAsInt()) : massager.heatOff());
        }
        return CompletableFuture.allOf(steps.toArray(new CompletableFuture<?>[0]));
    }

    private CompletableFuture<Void> playback(Command.PlaybackAction action) {
        Optional<Playback> p = massager.playback();
        if (p.isEmpty()) {
            return CompletableFuture.failedFuture(new IllegalStateException("no routine is playing on " + name
                    + " (start one with {\"routine\":\"" + defaultRoutine + "\"})"));
        }
        if (action == Command.PlaybackAction.PAUSE) {
            p.get().pause();
        } else {
            p.get().resume();
        }
        return CompletableFuture.completedFuture(null);
    }

    /**
     * Starts a routine: one intent of the massager, which ends the routine playing (if any) and
     * stops the device before the new one starts. Completes once it started.
     */
    private CompletableFuture<Void> startRoutine(String routineName) {
        Routine routine = routines.get(routineName);
        if (routine == null) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("unknown routine '" + routineName + "'"));
        }
        CompiledRoutine compiled;
        Playback started;
        try {
            compiled = RoutineCompiler.compile(routine, massager.profile(), massager.state().comfortCap(),
                    massager.limits().heatLimitCelsius());
            synchronized (lock) {
                Playback[] self = new Playback[1];
                started = runner.start(massager, compiled, playbackOptions, event -> onPlayback(self, routineName, event));
                self[0] = started;
                if (!started.isDone()) {
                    playback = started;
                    snapshot = new PlaybackSnapshot(Optional.of(routineName), false, Optional.of(started.progress()));
                }
            }
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        ObjectNode event = Json.object().put("event", "routine_started").put("routine", routineName)
                .put("duration", compiled.duration().toSeconds());
        publishEvent(event);
        markDirty();
        return CompletableFuture.completedFuture(null);
    }

    /**
     * Stops the routine playing, if any, at once (the device with it); completes when the device
     * confirmed the stop. Nothing is stopped when no routine plays.
     */
    private CompletableFuture<Void> stopRoutine(String reason) {
        Optional<Playback> p = massager.playback();
        if (p.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        LOG.info("{}: routine {} {}", name, p.get().routine().name(), reason);
        return massager.stop(reason);
    }

    /** OFF: the device stops, and the routine playing (if any) with it. */
    private CompletableFuture<Void> stopEverything(String reason) {
        return massager.stop(reason);
    }

    /** Applies the broker-loss policy. Called on the timeline thread; does not block. */
    void onBrokerLost(BrokerLossPolicy.Action action) {
        boolean playing = snapshot.routine().isPresent();
        if (action == BrokerLossPolicy.Action.FINISH_ROUTINE && playing) {
            return;
        }
        if (playing || massager.state().isActive()) {
            LOG.warn("{}: broker unreachable, stopping the device", name);
            stopEverything("stopped: broker unreachable");
        }
    }

    private void onPlayback(Playback[] self, String routineName, PlaybackEvent event) {
        boolean current;
        synchronized (lock) {
            current = playback != null && playback == self[0];
        }
        if (event instanceof PlaybackEvent.Finished f) {
            synchronized (lock) {
                if (current) {
                    playback = null;
                    snapshot = PlaybackSnapshot.IDLE;
                }
            }
            publishEvent(finishedEvent(routineName, f.result()));
            markDirty();
            return;
        }
        if (!current) {
            return;
        }
        if (event instanceof PlaybackEvent.StepStarted s) {
            snapshot = new PlaybackSnapshot(Optional.of(routineName), snapshot.paused(), Optional.of(s.progress()));
        } else if (event instanceof PlaybackEvent.Tick t) {
            snapshot = new PlaybackSnapshot(Optional.of(routineName), snapshot.paused(), Optional.of(t.progress()));
        } else if (event instanceof PlaybackEvent.Paused p) {
            snapshot = new PlaybackSnapshot(Optional.of(routineName), true, Optional.ofNullable(p.progress()));
            publishEvent(Json.object().put("event", "routine_paused").put("routine", routineName));
        } else if (event instanceof PlaybackEvent.Resumed r) {
            snapshot = new PlaybackSnapshot(Optional.of(routineName), false, Optional.ofNullable(r.progress()));
            publishEvent(Json.object().put("event", "routine_resumed").put("routine", routineName));
        } else if (event instanceof PlaybackEvent.Warning w) {
            publishEvent(Json.object().put("event", "warning").put("routine", routineName).put("message", w.message()));
        }
        markDirty();
    }

    private static ObjectNode finishedEvent(String routineName, PlaybackResult result) {
        String type = result.ending() == PlaybackEnding.COMPLETED ? "routine_finished"
                : result.ending() == PlaybackEnding.STOPPED ? "routine_stopped" : "routine_failed";
        return Json.object().put("event", type).put("routine", routineName).put("reason", result.reason())
                .put("played", result.played().toSeconds());
    }

    private void onMassagerEvent(MassagerEvent event) {
        if (event instanceof MassagerEvent.StateChanged s) {
            stateMayHaveChanged();
            publishAvailabilityIfChanged(s.state().connection() == ConnectionState.CONNECTED);
        } else if (event instanceof MassagerEvent.SafetyEvent s) {
            publishEvent(Json.object().put("event", "safety").put("limit", s.warning().limit().id())
                    .put("message", s.warning().message()));
        } else if (event instanceof MassagerEvent.DeviceFault f) {
            publishEvent(Json.object().put("event", "fault").put("code", f.code()).put("message", f.message()));
        } else if (event instanceof MassagerEvent.ButtonPressed b) {
            publishEvent(Json.object().put("event", "button").put("button", b.button()));
        } else if (event instanceof MassagerEvent.Disconnected d) {
            publishEvent(Json.object().put("event", "disconnected").put("reason", d.reason()));
            publishAvailabilityIfChanged(false);
        } else if (event instanceof MassagerEvent.DeviceReplaced r) {
            publishEvent(Json.object().put("event", "device_replaced")
                    .put("previous_serial", r.previous().serialNumber()).put("previous_profile", r.previous().profile().id())
                    .put("serial", r.current().serialNumber()).put("profile", r.current().profile().id()));
        } else if (event instanceof MassagerEvent.Reconnected) {
            publishEvent(Json.object().put("event", "reconnected"));
            publishAvailabilityIfChanged(true);
        }
    }

    /** Under manual control the state goes out at once (if it changed); while a routine plays, throttled. */
    private void stateMayHaveChanged() {
        if (snapshot.routine().isEmpty()) {
            publishStateNow(false);
        } else {
            publishThrottled();
        }
    }

    /**
     * While a routine plays, its steps and the governor's gradual rises change the state many times a
     * second: publish at most one state per {@link #ROUTINE_STATE_INTERVAL_NANOS}, and always the last one.
     */
    private void publishThrottled() {
        synchronized (stateLock) {
            if (trailingScheduled) {
                return;
            }
            long now = timeline.nanoTime();
            long next = lastStateNanos + ROUTINE_STATE_INTERVAL_NANOS;
            if (now >= next) {
                sendState(now, false);
                return;
            }
            trailingScheduled = true;
            timeline.scheduleAt(next, () -> {
                try {
                    publisher.execute(this::publishTrailing);
                } catch (java.util.concurrent.RejectedExecutionException closed) {
                    synchronized (stateLock) {
                        trailingScheduled = false;
                    }
                }
            });
        }
    }

    private void publishTrailing() {
        synchronized (stateLock) {
            trailingScheduled = false;
            sendState(timeline.nanoTime(), false);
        }
    }

    /** Schedules one state publish on the publisher thread; further changes before it runs ride along. */
    void markDirty() {
        scheduleState(false);
    }

    /** Schedules the state to be published even if unchanged: after a reconnect, for Home Assistant. */
    void republishState() {
        scheduleState(true);
    }

    private void scheduleState(boolean force) {
        if (!force && snapshot.routine().isPresent()) {
            publishThrottled();
            return;
        }
        if (force) {
            forceNext.set(true);
        }
        if (dirty.compareAndSet(false, true)) {
            try {
                publisher.execute(() -> {
                    // Cleared before the flag is read, so a forced request arriving meanwhile is never lost.
                    dirty.set(false);
                    publishStateNow(forceNext.getAndSet(false));
                });
            } catch (java.util.concurrent.RejectedExecutionException closed) {
                dirty.set(false);
            }
        }
    }

    /** Publishes the current state now (retained), unless it is the one last published and not {@code force}d. */
    void publishStateNow(boolean force) {
        try {
            // Built and queued under one lock, so two threads never overtake each other with an older snapshot.
            synchronized (stateLock) {
                sendState(timeline.nanoTime(), force);
            }
        } catch (RuntimeException e) {
            LOG.warn("cannot publish the state of {}", name, e);
        }
    }

    /** Call with stateLock held. */
    private void sendState(long now, boolean force) {
        try {
            MassagerState state = massager.state();
            PlaybackSnapshot playing = snapshot;
            if (!force && state == lastStateSource && playing == lastSnapshotSource) {
                return;
            }
            byte[] payload = Json.bytes(StatePayload.of(state, playing, massager.info()));
            lastStateSource = state;
            lastSnapshotSource = playing;
            // Snapshots that differ only below what the payload shows (the session time within a
            // second) make the same message: a retained copy of it is already on the broker.
            if (!force && Arrays.equals(payload, lastStatePayload)) {
                return;
            }
            lastStatePayload = payload;
            send(stateMessage(payload));
            lastStateNanos = now;
        } catch (RuntimeException e) {
            LOG.warn("cannot publish the state of {}", name, e);
        }
    }

    /** The retained state message as of now. */
    OutboundMessage stateMessage() {
        return stateMessage(Json.bytes(StatePayload.of(massager.state(), snapshot, massager.info())));
    }

    private OutboundMessage stateMessage(byte[] payload) {
        return new OutboundMessage(topics.state(name), payload, 1, true, 0, Optional.empty(), new byte[0]);
    }

    /** Publishes availability (retained) from the massager's connection state. */
    void publishAvailability() {
        boolean online = massager.state().connection() == ConnectionState.CONNECTED;
        lastAvailability = online;
        send(OutboundMessage.of(topics.availability(name), online ? "online" : "offline", 1, true));
    }

    private void publishAvailabilityIfChanged(boolean online) {
        Boolean last = lastAvailability;
        if (last == null || last != online) {
            lastAvailability = online;
            send(OutboundMessage.of(topics.availability(name), online ? "online" : "offline", 1, true));
        }
    }

    /** The explicit offline message, sent at shutdown. */
    OutboundMessage offlineMessage() {
        return OutboundMessage.of(topics.availability(name), "offline", 1, true);
    }

    private void publishEvent(ObjectNode event) {
        // Reasons and messages come from drivers and may quote a device URI.
        for (String field : List.copyOf(event.properties().stream().map(Map.Entry::getKey).toList())) {
            if (event.get(field).isTextual()) {
                event.put(field, Redaction.redact(event.get(field).asText()));
            }
        }
        send(new OutboundMessage(topics.event(name), Json.bytes(event), 1, false, 0, Optional.empty(), new byte[0]));
    }

    private void respond(InboundMessage request, ObjectNode body) {
        Replies.respond(this::send, topics.response(name), request, body);
        answered.accept(request);
    }

    /** Told of every command answered, so that the bridge can bound how many wait for an answer. */
    void onAnswered(java.util.function.Consumer<InboundMessage> hook) {
        this.answered = hook;
    }

    private void send(OutboundMessage message) {
        link.publish(message).whenComplete((ok, e) -> {
            if (e != null) {
                LOG.debug("publish to {} failed: {}", message.topic(), e.toString());
            }
        });
    }

    static String describe(Throwable error) {
        Throwable e = error;
        while ((e instanceof CompletionException || e instanceof java.util.concurrent.ExecutionException)
                && e.getCause() != null) {
            e = e.getCause();
        }
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : Redaction.redact(message);
    }

    /** Closes the massager, which ends any routine and stops the device. */
    @Override
    public void close() {
        massager.close();
    }
}
