package dev.solemate.cli.web;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.solemate.CommandResult;
import dev.solemate.ConnectionState;
import dev.solemate.Massager;
import dev.solemate.MassagerEvent;
import dev.solemate.MassagerState;
import dev.solemate.ZoneState;
import dev.solemate.cli.history.SessionEnding;
import dev.solemate.cli.history.SessionLog;
import dev.solemate.device.DeviceProfile;
import dev.solemate.device.Intensity;
import dev.solemate.device.Technique;
import dev.solemate.device.Zone;
import dev.solemate.player.Playback;
import dev.solemate.player.PlaybackEvent;
import dev.solemate.player.PlaybackOptions;
import dev.solemate.player.PlaybackResult;
import dev.solemate.player.Progress;
import dev.solemate.player.RoutinePlayer;
import dev.solemate.routine.CompiledRoutine;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * One massager as the page sees it: the massager (once it is open), the routine the page started on
 * it, the recent events in words and how the last stop went. Everything it does goes through the
 * massager's public API, so the safety governor sees every command.
 *
 * <p>Every change is announced to {@code changes} (the live feed) from whichever thread saw it: the
 * massager's event thread or the player's timeline thread. Thread-safe.
 */
final class WebDevice {

    private static final int MAX_EVENTS = 30;
    /** About four progress updates a second of wall time, whatever the speed. */
    private static final Duration TICK = Duration.ofMillis(250);

    private final String id;
    private final String uri;
    private final Changes changes;
    private final SessionLog history;
    private volatile Massager massager;
    private volatile String connectionError;
    /** Why the link dropped, while it is down: shown beside "disconnected". */
    private volatile String disconnectReason;

    private final Object lock = new Object();
    // Guarded by lock.
    private Playback playback;
    private double speed = 1;
    private OffsetDateTime playbackStarted;
    private ObjectNode lastEnding;
    private final ArrayDeque<ObjectNode> events = new ArrayDeque<>();
    private String stopState = "none";
    private OffsetDateTime stopAt;

    /** Where a device's changes go: its state (coalesced by the feed) and each event once. */
    interface Changes {
        void state(WebDevice device);

        void event(WebDevice device, ObjectNode event);
    }

    WebDevice(String id, String uri, Changes changes, SessionLog history) {
        this.id = id;
        this.uri = uri;
        this.changes = changes;
        this.history = history;
    }

    String id() {
        return id;
    }

    /** The URI shown to people: scheme and path, without parameters or credentials. */
    String displayUri() {
        String text = uri;
        int at = text.indexOf('@');
        int scheme = text.indexOf("://");
        if (at > 0 && scheme > 0 && at > scheme) {
            text = text.substring(0, scheme + 3) + text.substring(at + 1);
        }
        int query = text.indexOf('?');
        return query < 0 ? text : text.substring(0, query);
    }

    String uri() {
        return uri;
    }

    boolean simulated() {
        return uri.regionMatches(true, 0, "sim:", 0, 4);
    }

    Optional<Massager> massager() {
        return Optional.ofNullable(massager);
    }

    /** The device is open: listen to it from now on. */
    void bind(Massager opened) {
        synchronized (lock) {
            if (massager == opened) {
                return;
            }
            massager = opened;
            connectionError = null;
        }
        opened.addListener(this::onMassagerEvent);
        changes.state(this);
    }

    /** The device could not be opened yet (bridge mode: the bridge keeps retrying). */
    void notOpen(String reason) {
        if (!reason.equals(connectionError)) {
            connectionError = reason;
            changes.state(this);
        }
    }

    Massager require() {
        Massager m = massager;
        if (m == null) {
            throw new ApiError(503, "device '" + id + "' is not connected" + (connectionError == null ? ""
                    : " (" + connectionError + ")") + "; retrying");
        }
        return m;
    }

    // ---- commands ------------------------------------------------------------------------------

    /** Sets a zone by hand; a routine playing stops first (a hand on the controls wins). */
    CompletableFuture<CommandResult> setZone(Zone zone, Technique technique, int level) {
        Massager m = require();
        endPlaybackForManualControl();
        return m.setZone(zone, technique, Intensity.ofLevel(level, m.profile().intensitySteps()));
    }

    CompletableFuture<CommandResult> setHeat(Integer celsius) {
        Massager m = require();
        return celsius == null ? m.heatOff() : m.setHeat(celsius);
    }

    CompletableFuture<Void> setComfortCap(int percent) {
        return require().setComfortCap(Intensity.of(percent));
    }

    /** Starts a routine, ending one that plays. */
    Playback start(CompiledRoutine routine, double playSpeed) {
        Massager m = require();
        Playback old;
        synchronized (lock) {
            old = playback;
        }
        if (old != null) {
            old.stop();
        }
        PlaybackOptions options = PlaybackOptions.defaults().withSpeed(playSpeed)
                .withTickInterval(Duration.ofNanos(Math.max(TICK.toNanos(), Math.round(TICK.toNanos() * playSpeed))));
        OffsetDateTime started = OffsetDateTime.now();
        // Recorded like solemate run's: at the start, with heartbeats, and at the end, so that a
        // serve killed mid-routine leaves the session in the history as interrupted.
        SessionLog.Session session = history.begin(started, routine.name(), uri, m.profile().id());
        Playback[] self = new Playback[1];
        long[] lastBeat = {System.nanoTime()};
        synchronized (lock) {
            speed = playSpeed;
            playbackStarted = started;
            lastEnding = null;
            Playback p = RoutinePlayer.start(m, routine, options,
                    event -> onPlaybackEvent(self[0], event, session, lastBeat));
            self[0] = p;
            playback = p;
        }
        addEvent("info", "routine", "started " + routine.name() + " (" + clock(routine.duration()) + ")"
                + (playSpeed == 1 ? "" : " at " + speedText(playSpeed) + "x"));
        changes.state(this);
        return self[0];
    }

    /** pause, resume or stop the routine that plays. */
    void playbackAction(String action) {
        Playback p;
        synchronized (lock) {
            p = playback;
        }
        if (p == null || p.isDone()) {
            throw new ApiError(409, "no routine is playing on '" + id + "' (start one first)");
        }
        switch (action) {
            case "pause" -> p.pause();
            case "resume" -> p.resume();
            case "stop" -> p.stop();
            default -> throw ApiError.badField("action", action, "is not a playback action", "pause, resume or stop");
        }
        changes.state(this);
    }

    /**
     * The big STOP: the routine ends and the massager stops everything now, ahead of any queued
     * command. Completes when the device confirmed it (or failed to).
     */
    CompletableFuture<Void> stop() {
        Massager m = require();
        synchronized (lock) {
            stopState = "sent";
            stopAt = OffsetDateTime.now();
        }
        // The massager's stop ends the routine playing too, whoever started it (the page, MQTT).
        CompletableFuture<Void> stopped = m.stop("stopped from the dashboard");
        changes.state(this);
        return stopped.whenComplete((v, e) -> {
            synchronized (lock) {
                stopState = e == null ? "confirmed" : "unconfirmed";
            }
            if (e != null) {
                addEvent("warning", "stop", "stop sent, not confirmed by the device (" + message(e)
                        + "); the device's own watchdog stops it when it hears nothing");
            } else {
                addEvent("info", "stop", "stopped: the device confirmed zero");
            }
            changes.state(this);
        });
    }

    /** serve is ending: stop what plays and close the massager (it stops the device first). */
    void closeMassager() {
        Playback p;
        synchronized (lock) {
            p = playback;
        }
        if (p != null) {
            p.stop();
        }
        Massager m = massager;
        if (m != null) {
            m.close();
        }
    }

    private void endPlaybackForManualControl() {
        Massager m = massager;
        // Whoever started the routine (the page, or MQTT beside a bridge), a hand on a zone ends it.
        // The massager's stop is one intent, in order: the zone set right after it is not cancelled by it.
        if (m != null && m.playback().filter(p -> !p.isDone()).isPresent()) {
            m.stop("stopped: a zone was set by hand");
        }
    }

    // ---- what happens ------------------------------------------------------------------------

    private void onPlaybackEvent(Playback p, PlaybackEvent event, SessionLog.Session session, long[] lastBeat) {
        if (event instanceof PlaybackEvent.Tick t && System.nanoTime() - lastBeat[0] >= SessionLog.HEARTBEAT.toNanos()) {
            lastBeat[0] = System.nanoTime();
            session.alive(t.progress().elapsed());
        }
        if (event instanceof PlaybackEvent.Finished f) {
            PlaybackResult r = f.result();
            synchronized (lock) {
                if (playback == p || playback == null) {
                    playback = null;
                }
                lastEnding = Json.object().put("routine", p == null ? "" : p.routine().name())
                        .put("ending", r.ending().id()).put("reason", r.reason()).put("played", r.played().toSeconds());
            }
            String name = p == null ? "routine" : p.routine().name();
            addEvent(r.ending().id().equals("failed") ? "warning" : "info", "routine",
                    name + " " + endingWords(r) + " after " + clock(r.played()));
            session.end(SessionEnding.of(r.ending()), r.played(), r.reason());
        } else if (event instanceof PlaybackEvent.Paused) {
            addEvent("info", "routine", "paused: the device is at zero until you resume");
        } else if (event instanceof PlaybackEvent.Resumed) {
            addEvent("info", "routine", "resumed");
        } else if (event instanceof PlaybackEvent.Warning w) {
            addWarning(w.message());
        }
        changes.state(this);
    }

    private void onMassagerEvent(MassagerEvent event) {
        if (event instanceof MassagerEvent.StateChanged) {
            changes.state(this);
        } else if (event instanceof MassagerEvent.SafetyEvent s) {
            addWarning(s.warning().toString());
        } else if (event instanceof MassagerEvent.DeviceFault f) {
            addEvent("warning", "fault", "device fault " + f.code() + ": " + f.message());
        } else if (event instanceof MassagerEvent.Disconnected d) {
            disconnectReason = d.reason();
            addEvent("warning", "connection", "disconnected: " + d.reason()
                    + "; the device stops itself when it hears nothing (its watchdog)");
        } else if (event instanceof MassagerEvent.Reconnected) {
            disconnectReason = null;
            addEvent("info", "connection", "reconnected; the device was brought back to zero and nothing resumes by itself");
        } else if (event instanceof MassagerEvent.ButtonPressed b) {
            addEvent("info", "button", "the device's " + b.button() + " button was pressed");
        } else if (event instanceof MassagerEvent.DeviceReplaced r) {
            addEvent("warning", "connection", "another unit answered: " + r.current().profile().name() + " (serial "
                    + r.current().serialNumber() + ") instead of serial " + r.previous().serialNumber()
                    + "; the routine ended and the page now shows this unit's zones");
        } else {
            addEvent("info", "device", String.valueOf(event));
        }
    }

    /** Safety warnings in the CLI's words; the gradual rise at a demo speed is explained once, as the CLI does. */
    private void addWarning(String message) {
        synchronized (lock) {
            for (ObjectNode e : events) {
                if (e.path("text").asText().equals(message)) {
                    return;
                }
            }
        }
        addEvent("warning", "safety", message);
    }

    private void addEvent(String level, String kind, String text) {
        ObjectNode event = Json.object().put("at", OffsetDateTime.now().truncatedTo(ChronoUnit.SECONDS).toString())
                .put("level", level).put("kind", kind).put("text", text);
        synchronized (lock) {
            events.addFirst(event);
            while (events.size() > MAX_EVENTS) {
                events.removeLast();
            }
        }
        changes.event(this, event);
    }

    // ---- views -------------------------------------------------------------------------------

    /** The device as GET /api/devices lists it. */
    ObjectNode describe() {
        ObjectNode n = Json.object().put("id", id).put("uri", displayUri()).put("simulated", simulated());
        Massager m = massager;
        if (m == null) {
            n.putNull("profile");
            n.put("connection", "disconnected");
            n.put("connection_error", connectionError);
            return n;
        }
        DeviceProfile p = m.profile();
        ObjectNode profile = n.putObject("profile").put("id", p.id()).put("name", p.name())
                .put("steps", p.intensitySteps()).put("max_session", p.maxSession().toSeconds());
        ObjectNode zones = profile.putObject("zones");
        for (Map.Entry<Zone, java.util.Set<Technique>> e : p.zones().entrySet()) {
            ArrayNode techniques = zones.putArray(e.getKey().id());
            e.getValue().forEach(t -> techniques.add(t.id()));
        }
        if (p.heat().isPresent()) {
            profile.putObject("heat").put("min", p.heat().get().minCelsius()).put("max", p.heat().get().maxCelsius());
        } else {
            profile.putNull("heat");
        }
        n.put("serial", m.info().serialNumber());
        n.put("firmware", m.info().firmware());
        n.put("connection", m.state().connection().id());
        return n;
    }

    /** The live state: what the page draws; documented in docs/web.md. */
    ObjectNode state() {
        ObjectNode n = Json.object().put("device", id);
        Massager m = massager;
        if (m == null) {
            n.put("connection", "disconnected").put("connection_error", connectionError).put("at_zero", true);
            n.putObject("zones");
            n.putNull("heat");
            n.putNull("comfort_cap");
            n.putNull("session");
            n.putObject("playback").put("state", "idle");
            n.putObject("stop").put("state", "none");
            n.putArray("events");
            return n;
        }
        MassagerState s = m.state();
        DeviceProfile profile = m.profile();
        n.put("connection", s.connection().id());
        String reason = s.connection() == ConnectionState.DISCONNECTED ? disconnectReason : null;
        if (reason != null || connectionError != null) {
            n.put("connection_error", reason != null ? reason : connectionError);
        } else {
            n.putNull("connection_error");
        }
        n.put("at_zero", s.isAtZero());
        ObjectNode zones = n.putObject("zones");
        for (Map.Entry<Zone, ZoneState> e : s.zones().entrySet()) {
            zones.putObject(e.getKey().id()).put("technique", e.getValue().technique().id())
                    .put("level", e.getValue().level()).put("steps", profile.intensitySteps())
                    .put("intensity", Json.round(e.getValue().intensity().percent()));
        }
        if (profile.heat().isPresent()) {
            ObjectNode heat = n.putObject("heat");
            s.heatTarget().ifPresentOrElse(t -> heat.put("target", t), () -> heat.putNull("target"));
            s.temperature().ifPresentOrElse(t -> heat.put("temperature", Json.round(t)), () -> heat.putNull("temperature"));
            heat.put("limit", Math.min(m.limits().heatLimitCelsius(), profile.heat().get().maxCelsius()))
                    .put("min", profile.heat().get().minCelsius()).put("max", profile.heat().get().maxCelsius());
        } else {
            n.putNull("heat");
        }
        n.putObject("comfort_cap").put("percent", Json.round(s.comfortCap().percent()))
                .put("level", profile.capLevel(s.comfortCap())).put("steps", profile.intensitySteps());
        Duration left = s.sessionLimit().minus(s.sessionUsed());
        n.putObject("session").put("used", s.sessionUsed().toSeconds()).put("limit", s.sessionLimit().toSeconds())
                .put("auto_off_in", Math.max(0, left.toSeconds()));
        synchronized (lock) {
            ObjectNode play = n.putObject("playback");
            Playback p = playback;
            boolean ours = p != null && !p.isDone();
            if (!ours) {
                // The massager holds the routine playing, whoever started it (beside a bridge: MQTT).
                p = m.playback().filter(x -> !x.isDone()).orElse(null);
            }
            if (p != null && !p.isDone()) {
                play.put("started_by", ours ? "page" : "another client");
                Progress progress = p.progress();
                play.put("state", p.isPaused() ? "paused" : "playing").put("routine", p.routine().name())
                        .put("step", progress.step().name()).put("step_index", progress.step().index() + 1)
                        .put("step_count", progress.stepCount()).put("elapsed", progress.elapsed().toMillis() / 1000.0)
                        .put("remaining", progress.remaining().toMillis() / 1000.0)
                        .put("total", progress.total().toSeconds()).put("progress", Json.round(progress.fraction()))
                        .put("speed", ours ? speed : 1);
                if (playbackStarted != null) {
                    play.put("started", playbackStarted.truncatedTo(ChronoUnit.SECONDS).toString());
                }
            } else {
                play.put("state", "idle");
            }
            if (lastEnding != null) {
                play.set("last", lastEnding);
            }
            ObjectNode stop = n.putObject("stop").put("state", stopState);
            if (stopAt != null) {
                stop.put("at", stopAt.truncatedTo(ChronoUnit.SECONDS).toString());
            }
            ArrayNode list = n.putArray("events");
            events.forEach(list::add);
        }
        return n;
    }

    /** Beside a bridge: a routine started elsewhere moves on the page once a second. */
    void refreshIfPlayingElsewhere() {
        Massager m = massager;
        Playback ours;
        synchronized (lock) {
            ours = playback;
        }
        if (m != null && (ours == null || ours.isDone()) && m.playback().filter(p -> !p.isDone()).isPresent()) {
            changes.state(this);
        }
    }

    boolean connected() {
        Massager m = massager;
        return m != null && m.state().connection() == ConnectionState.CONNECTED;
    }

    private static String endingWords(PlaybackResult r) {
        return switch (r.ending().id()) {
            case "completed" -> "completed";
            case "stopped" -> r.reason().equals("stopped by user") || r.reason().equals("stopped") ? "stopped"
                    : r.reason().startsWith("stopped") ? r.reason() : "stopped (" + r.reason() + ")";
            default -> "ended: " + r.reason();
        };
    }

    static String clock(Duration d) {
        return dev.solemate.cli.plot.TimeLabels.clock(d);
    }

    static String speedText(double s) {
        return s == Math.rint(s) ? Long.toString((long) s) : String.format(Locale.ROOT, "%s", s);
    }

    private static String message(Throwable e) {
        Throwable t = e;
        while ((t instanceof java.util.concurrent.CompletionException || t instanceof java.util.concurrent.ExecutionException)
                && t.getCause() != null) {
            t = t.getCause();
        }
        // Shown on the dashboard: a driver's message may quote the device URI, secrets and all.
        return t.getMessage() == null ? t.getClass().getSimpleName() : dev.solemate.secret.Redaction.redact(t.getMessage());
    }
}
