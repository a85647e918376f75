package dev.solemate.safety;

import dev.solemate.CommandResult;
import dev.solemate.device.DeviceProfile;
import dev.solemate.device.HeatRange;
import dev.solemate.device.Intensity;
import dev.solemate.device.Technique;
import dev.solemate.device.Zone;
import dev.solemate.driver.DeviceCommand;
import dev.solemate.driver.DeviceConnection;
import dev.solemate.driver.DeviceStatus;
import dev.solemate.driver.ZoneSetting;
import dev.solemate.time.Timeline;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The only way commands reach a device. Every command from every caller (the API, the player, the
 * MQTT bridge, the CLI) passes through one governor per device, which:
 * <ul>
 *   <li>refuses zones, techniques and heat the device lacks;</li>
 *   <li>caps intensity at the user's comfort cap (in device levels: {@code max(1, floor(cap * steps))});</li>
 *   <li>raises intensity gradually: at most one device level per {@code (100 / steps) / riseRate} seconds
 *       per zone, finishing a larger rise itself on the timeline; going down and stopping are immediate;</li>
 *   <li>caps heat at {@code min(heat limit, device maximum, 43 °C)};</li>
 *   <li>switches everything off after the session allowance of actuation time, and refuses to start
 *       again until the device has rested.</li>
 * </ul>
 * A request to stop a zone or the heater is always sent, even when the governor believes it is
 * already off; only an identical non-zero request is skipped. When the device reports that it
 * stopped on its own ({@link #deviceReported(DeviceStatus)}), the governor lowers its records to
 * match, never raises them.
 * Whatever it reduces, delays or refuses is reported: as a warning in the {@link CommandResult}
 * and to the warning sink, or as a {@link SafetyLimitException}.
 *
 * <p>Thread-safe. Decisions are made under one lock and sent to the device in the order they were
 * made; the device connection never blocks, so the lock is held only briefly.
 */
public final class SafetyGovernor {

    private static final Logger LOG = LoggerFactory.getLogger(SafetyGovernor.class);
    /** The key of the heater in {@link #unconfirmed} (zones are keyed by their {@link Zone}). */
    private static final Object HEATER = "heater";

    private final DeviceConnection device;
    private final DeviceProfile profile;
    private final Timeline timeline;
    private final Consumer<SafetyWarning> warningSink;
    private final Executor confirmations;
    private volatile AppliedListener appliedListener = (zone, setting) -> { };

    private SafetyLimits limits;
    private final Map<Zone, ZoneSetting> commanded = new EnumMap<>(Zone.class);
    private final Map<Zone, Long> lastRiseAt = new EnumMap<>(Zone.class);
    private final Map<Zone, Timeline.Cancellable> pendingRise = new EnumMap<>(Zone.class);
    /** Commands sent and not yet acknowledged or failed, per zone and for the {@link #HEATER}. */
    private final Map<Object, Integer> unconfirmed = new HashMap<>();
    private Integer heatTarget;
    private String haltedBecause;
    /** Stops sent, and the latest one the device confirmed: the session counts while they differ. */
    private long stopsSent;
    private long stopsConfirmed;
    /** When the latest command (not a stop) was sent, and how many were sent in all. */
    private long lastCommandAt = Long.MIN_VALUE;
    private long commandsSent;
    /** For each stop not yet confirmed: how many commands had been sent when it was. */
    private final java.util.NavigableMap<Long, Long> commandsAtStop = new java.util.TreeMap<>();

    private long usedNanos;
    private long activeSince = -1;
    private long idleSince;
    private boolean exhausted;
    private Timeline.Cancellable autoOff;

    /**
     * A governor that takes each command's confirmation on the thread that completes it.
     *
     * @param warningSink receives every warning, on the thread that caused it (the caller's or the
     *                    timeline's); it must not block
     */
    public SafetyGovernor(DeviceConnection device, DeviceProfile profile, SafetyLimits limits,
                          Timeline timeline, Consumer<SafetyWarning> warningSink) {
        this(device, profile, limits, timeline, warningSink, Runnable::run);
    }

    /**
     * @param warningSink   receives every warning, on the thread that caused it (the caller's or the
     *                      timeline's); it must not block
     * @param confirmations where the governor notes that a command was acknowledged (or failed): the
     *                      executor that also calls {@link #deviceReported(DeviceStatus)}, so that a
     *                      report and an acknowledgement are seen in the order the driver delivered them
     */
    public SafetyGovernor(DeviceConnection device, DeviceProfile profile, SafetyLimits limits,
                          Timeline timeline, Consumer<SafetyWarning> warningSink, Executor confirmations) {
        this.confirmations = confirmations;
        this.device = device;
        this.profile = profile;
        this.limits = limits;
        this.timeline = timeline;
        this.warningSink = warningSink;
        this.idleSince = timeline.nanoTime() - limits.restBeforeNewSession().toNanos();
        for (Zone zone : profile.zones().keySet()) {
            commanded.put(zone, new ZoneSetting(profile.techniques(zone).iterator().next(), 0));
        }
    }

    /**
     * Told of every zone setting the device acknowledged and the governor still stands by: the
     * caller's own requests, the governor's gradual-rise steps and the comfort cap's reductions
     * alike. Called on the {@code confirmations} executor with the governor's lock held, so that a
     * stop cannot come between the check that nothing newer was commanded and what the listener does
     * with it: keep it short and never block in it.
     */
    @FunctionalInterface
    public interface AppliedListener {
        /** The device acknowledged {@code setting} for {@code zone}, and nothing newer was commanded since. */
        void applied(Zone zone, ZoneSetting setting);
    }

    /**
     * Sets who is told of each acknowledged zone setting (one listener; it replaces the previous
     * one). Without it, a rise the governor finishes on its own reaches the device but nobody who
     * shows the device's state (the massager's state, the MQTT bridge's retained state, {@code /get}).
     */
    public void setAppliedListener(AppliedListener listener) {
        this.appliedListener = java.util.Objects.requireNonNull(listener, "listener");
    }

    /** Sets a zone; see the class comment for what may be reduced, delayed or refused. */
    public CompletableFuture<CommandResult> setZone(Zone zone, Technique technique, Intensity intensity) {
        synchronized (this) {
            requireNotHalted();
            requireSupported(zone, technique);
            long now = timeline.nanoTime();
            if (!intensity.isZero()) {
                checkSession(now);
            }
            List<SafetyWarning> warnings = new ArrayList<>();
            int target = profile.levelOf(intensity);
            int capLevel = capLevel();
            if (target > capLevel) {
                warnings.add(warn(SafetyLimit.COMFORT_CAP, zone.id() + ": " + intensity + " reduced to "
                        + Intensity.ofLevel(capLevel, profile.intensitySteps()) + " (comfort cap " + limits.comfortCap() + ")"));
                target = capLevel;
            }
            cancelRise(zone);
            ZoneSetting current = commanded.get(zone);
            int level = target;
            if (target > current.level()) {
                level = canRiseAt(zone) <= now ? current.level() + 1 : current.level();
                if (level > current.level()) {
                    lastRiseAt.put(zone, now);
                }
                if (level < target) {
                    warnings.add(warn(SafetyLimit.RISE_RATE, zone.id() + ": rising to level " + target
                            + " of " + profile.intensitySteps() + " gradually (one level every "
                            + formatSeconds(riseIntervalNanos()) + ")"));
                    scheduleRise(zone, technique, target);
                }
            }
            CompletableFuture<Void> sent = apply(zone, technique, level, now);
            int applied = level;
            int finalTarget = target;
            return sent.thenApply(v -> new CommandResult(applied, finalTarget, warnings));
        }
    }

    /**
     * Sets the heater; {@code null} turns it off.
     *
     * When the heat limit is below the device's lowest set-point the heater stays off (a
     * {@link SafetyLimit#HEAT_LIMIT} warning, applied level 0): never the device's minimum, which
     * would be above the limit.
     *
     * @throws SafetyLimitException  when the device has no heater or the session allowance is used up
     * @throws IllegalArgumentException when the set-point is below the device's range
     */
    public CompletableFuture<CommandResult> setHeat(Integer celsius) {
        synchronized (this) {
            requireNotHalted();
            long now = timeline.nanoTime();
            if (celsius == null) {
                heatTarget = null;
                updateSession(now);
                return send(HEATER, new DeviceCommand.HeatOff()).thenApply(v -> CommandResult.ok(0));
            }
            HeatRange range = profile.heat().orElseThrow(() -> refuse(SafetyLimit.UNSUPPORTED,
                    "device " + profile.id() + " has no heater"));
            int limit = heatLimit();
            if (celsius < range.minCelsius()) {
                throw new IllegalArgumentException("heat " + celsius + " °C is below what device " + profile.id()
                        + " can do (expected " + range.minCelsius() + " to " + limit + " °C, or off)");
            }
            checkSession(now);
            List<SafetyWarning> warnings = new ArrayList<>();
            if (limit < range.minCelsius()) {
                // The device cannot heat as low as the limit allows: off is the only setting under it.
                warnings.add(warn(SafetyLimit.HEAT_LIMIT, "heat limit " + limit + " °C is below the lowest setting of "
                        + profile.id() + " (" + range.minCelsius() + " °C); the heater stays off"));
                heatTarget = null;
                updateSession(now);
                return send(HEATER, new DeviceCommand.HeatOff()).thenApply(v -> new CommandResult(0, 0, warnings));
            }
            int target = celsius;
            if (target > limit) {
                warnings.add(warn(SafetyLimit.HEAT_LIMIT, "heat " + celsius + " °C reduced to " + limit + " °C (heat limit)"));
                target = limit;
            }
            heatTarget = target;
            updateSession(now);
            int applied = target;
            return send(HEATER, new DeviceCommand.SetHeat(target))
                    .thenApply(v -> new CommandResult(applied, applied, warnings));
        }
    }

    /**
     * Stops every zone and the heater now, ahead of anything queued, and cancels gradual rises.
     * Never refused, never throws.
     *
     * <p>The records drop to zero at once (so that the next request is sent, never skipped as a
     * repeat), but the session clock keeps running until the device confirms this stop: a stop
     * that fails or is never answered (a lost link) leaves the device possibly running, and its
     * time counts toward the session allowance, so the auto-off still comes.
     */
    public CompletableFuture<Void> stop() {
        synchronized (this) {
            long generation = ++stopsSent;
            commandsAtStop.put(generation, commandsSent);
            zeroCommandedState();
            CompletableFuture<Void> sent;
            try {
                sent = device.stopAll();
            } catch (RuntimeException e) {
                LOG.error("driver failed to stop device {}", profile.id(), e);
                return CompletableFuture.failedFuture(e);
            }
            sent.whenComplete((v, e) -> {
                // The time the device answered, not the time the answer is looked at.
                long at = timeline.nanoTime();
                confirmations.execute(() -> stopAnswered(generation, at, e));
            });
            return sent;
        }
    }

    /**
     * Stops the device and refuses every later command except {@link #stop()}, for good: used when
     * the process is going away, so that nothing can start the device again after the last stop.
     *
     * @param reason why, for the message of later refusals
     */
    public CompletableFuture<Void> halt(String reason) {
        synchronized (this) {
            haltedBecause = reason;
            return stop();
        }
    }

    /**
     * Retires this governor without sending anything: gradual rises and the auto-off are
     * cancelled and every later command is refused. For a device that is gone for good, such as a
     * unit replaced by another at a reconnect (its successor gets a new governor).
     */
    public synchronized void retire(String reason) {
        haltedBecause = reason;
        for (Zone zone : profile.zones().keySet()) {
            cancelRise(zone);
        }
        if (autoOff != null) {
            autoOff.cancel();
            autoOff = null;
        }
    }

    /**
     * Forgets what was commanded because the device is known to be at zero (it confirmed it);
     * the session clock stops when nothing else runs.
     */
    public synchronized void deviceWentToZero() {
        confirmStopsUpTo(stopsSent);
        zeroCommandedState();
    }

    /**
     * True while the governor counts the device as running: a zone or the heater commanded, or a
     * stop not yet confirmed.
     */
    public synchronized boolean isActive() {
        return isActiveNow();
    }

    private synchronized void stopAnswered(long generation, long at, Throwable error) {
        Long commandsBefore = commandsAtStop.get(generation);
        if (error != null || commandsBefore == null) {
            if (error != null) {
                LOG.debug("stop {} of {} was not confirmed: {}", generation, profile.id(), error.toString());
            }
            return;
        }
        if (commandsBefore == commandsSent) {
            // Nothing but stops went out after this one: the device has been at zero since it answered.
            confirmStopsUpTo(stopsSent);
            updateSession(at);
        } else if (generation == stopsSent) {
            // Commands went out after an earlier stop, so only the latest stop proves the device at
            // zero, and not before the last command sent. Both times were taken by the thread that
            // acted, never by the one that reads the answer later.
            confirmStopsUpTo(generation);
            updateSession(Math.max(at, lastCommandAt));
        }
    }

    private void confirmStopsUpTo(long generation) {
        stopsConfirmed = Math.max(stopsConfirmed, generation);
        commandsAtStop.headMap(generation, true).clear();
    }

    /**
     * Lowers what the governor believes the device is doing to what the device says it is doing, so
     * that a device that stopped on its own (auto-off, watchdog, fault, power button, over-temperature
     * cut-off) is not taken for running: a repeat of the last request reaches it again, a pending
     * gradual rise is cancelled, and the session stops counting once everything is off. A zone or
     * heater reported higher than commanded is left alone: a report never raises a record.
     *
     * <p>Why this is safe against stale reports: a report may have been made before a command we
     * already sent took effect. Lowering on such a report would be harmless for the device (a lower
     * record only means an extra command or a re-ramp at the rise rate, never a level above the cap,
     * and stops are always sent anyway) but it would cancel a rise still under way and stop the
     * session clock while the device runs. So a zone (or the heater) with a command not yet
     * confirmed ignores the report: the device reports again after that command, and drivers deliver
     * reports and acknowledgements in the order the device sent them. Call this on the
     * {@code confirmations} executor given to the constructor to keep that order.
     */
    public synchronized void deviceReported(DeviceStatus status) {
        boolean lowered = false;
        for (Map.Entry<Zone, ZoneSetting> e : status.zones().entrySet()) {
            Zone zone = e.getKey();
            ZoneSetting mine = commanded.get(zone);
            if (mine != null && e.getValue().level() < mine.level() && !awaitingConfirmation(zone)) {
                cancelRise(zone);
                commanded.put(zone, e.getValue());
                lowered = true;
            }
        }
        if (status.heatTarget().isEmpty() && heatTarget != null && !awaitingConfirmation(HEATER)) {
            heatTarget = null;
            lowered = true;
        }
        if (lowered) {
            LOG.info("device {} reported less than was commanded (it stopped on its own?); now {}", profile.id(), commanded);
            updateSession(timeline.nanoTime());
        }
    }

    /** Changes the comfort cap; zones above the new cap are brought down at once. */
    public CompletableFuture<Void> setComfortCap(Intensity cap) {
        synchronized (this) {
            limits = limits.withComfortCap(cap);
            int capLevel = capLevel();
            List<CompletableFuture<Void>> sent = new ArrayList<>();
            long now = timeline.nanoTime();
            for (Map.Entry<Zone, ZoneSetting> e : new EnumMap<>(commanded).entrySet()) {
                if (e.getValue().level() > capLevel) {
                    cancelRise(e.getKey());
                    sent.add(apply(e.getKey(), e.getValue().technique(), capLevel, now));
                }
            }
            return CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new));
        }
    }

    public synchronized SafetyLimits limits() {
        return limits;
    }

    /** Actuation time used in the current session. */
    public synchronized Duration sessionUsed() {
        long used = usedNanos + (activeSince >= 0 ? timeline.nanoTime() - activeSince : 0);
        return Duration.ofNanos(used);
    }

    /** The session allowance: the shorter of the configured limit and the device's own. */
    public Duration sessionLimit() {
        Duration configured = limits().maxSession();
        return configured.compareTo(profile.maxSession()) < 0 ? configured : profile.maxSession();
    }

    /** The highest heater set-point allowed on this device now. */
    public synchronized int heatLimit() {
        int limit = Math.min(limits.heatLimitCelsius(), SafetyLimits.ABSOLUTE_HEAT_CEILING_CELSIUS);
        return profile.heat().map(r -> Math.min(r.maxCelsius(), limit)).orElse(limit);
    }

    /** The highest device level the comfort cap allows: at least 1, so a low cap still lets the device run. */
    public synchronized int capLevel() {
        return profile.capLevel(limits.comfortCap());
    }

    private void requireNotHalted() {
        if (haltedBecause != null) {
            throw new IllegalStateException("device " + profile.id() + " was stopped for good and takes no more commands: "
                    + haltedBecause);
        }
    }

    private void requireSupported(Zone zone, Technique technique) {
        if (!profile.hasZone(zone)) {
            throw refuse(SafetyLimit.UNSUPPORTED, "device " + profile.id() + " has no zone " + zone.id()
                    + " (it has: " + ids(profile.zones().keySet()) + ")");
        }
        if (!profile.supports(zone, technique)) {
            throw refuse(SafetyLimit.UNSUPPORTED, "device " + profile.id() + " cannot " + technique.id() + " the "
                    + zone.id() + " (it can: " + ids(profile.techniques(zone)) + ")");
        }
    }

    private static String ids(java.util.Collection<? extends Enum<?>> values) {
        return values.stream().map(v -> v.name().toLowerCase(java.util.Locale.ROOT))
                .collect(java.util.stream.Collectors.joining(", "));
    }

    private CompletableFuture<Void> apply(Zone zone, Technique technique, int level, long now) {
        ZoneSetting before = commanded.get(zone);
        ZoneSetting after = new ZoneSetting(technique, level);
        // A zero always goes out: if the device changed behind our back, the record may be wrong,
        // and a needless stop is harmless where a skipped one is not.
        if (level > 0 && after.equals(before)) {
            return CompletableFuture.completedFuture(null);
        }
        commanded.put(zone, after);
        updateSession(now);
        CompletableFuture<Void> sent = send(zone, new DeviceCommand.SetZone(zone, technique, level));
        sent.thenRun(() -> confirmations.execute(() -> acknowledged(zone, after)));
        return sent;
    }

    /**
     * A zone setting the device acknowledged reaches the listener only if the governor still stands
     * by it: an acknowledgement that arrives after a stop or a newer command for the zone would
     * otherwise put back a level the device no longer runs at.
     */
    private void acknowledged(Zone zone, ZoneSetting setting) {
        // Checked and told under one lock: told after the check alone, a stop in between left the
        // listener putting back the level the stop had just cleared (seen as a state at level 1 after
        // a stop in StateFollowsGradualRiseTest).
        synchronized (this) {
            if (!setting.equals(commanded.get(zone))) {
                return;
            }
            try {
                appliedListener.applied(zone, setting);
            } catch (RuntimeException e) {
                LOG.warn("applied-setting listener failed on {} {}", zone.id(), setting, e);
            }
        }
    }

    /** Sends a command, counting it as unconfirmed for {@code key} until it is acknowledged or fails. */
    private CompletableFuture<Void> send(Object key, DeviceCommand command) {
        lastCommandAt = timeline.nanoTime();
        commandsSent++;
        unconfirmed.merge(key, 1, Integer::sum);
        CompletableFuture<Void> sent;
        try {
            sent = device.send(command);
        } catch (RuntimeException e) {
            confirmed(key);
            throw e;
        }
        sent.whenComplete((v, e) -> confirmations.execute(() -> confirmed(key)));
        return sent;
    }

    private synchronized void confirmed(Object key) {
        unconfirmed.computeIfPresent(key, (k, n) -> n > 1 ? n - 1 : null);
    }

    private boolean awaitingConfirmation(Object key) {
        return unconfirmed.containsKey(key);
    }

    private long riseIntervalNanos() {
        double secondsPerLevel = (100.0 / profile.intensitySteps()) / limits.riseRatePercentPerSecond();
        return (long) (secondsPerLevel * 1e9);
    }

    private long canRiseAt(Zone zone) {
        Long last = lastRiseAt.get(zone);
        return last == null ? Long.MIN_VALUE : last + riseIntervalNanos();
    }

    private void scheduleRise(Zone zone, Technique technique, int target) {
        long at = Math.max(timeline.nanoTime(), canRiseAt(zone));
        Timeline.Cancellable[] self = new Timeline.Cancellable[1];
        self[0] = timeline.scheduleAt(at, () -> {
            synchronized (SafetyGovernor.this) {
                if (pendingRise.get(zone) != self[0]) {
                    return;
                }
                pendingRise.remove(zone);
                long now = timeline.nanoTime();
                if (exhausted) {
                    return;
                }
                ZoneSetting current = commanded.get(zone);
                int level = Math.min(Math.min(current.level() + 1, target), capLevel());
                if (level <= current.level()) {
                    return;
                }
                lastRiseAt.put(zone, now);
                apply(zone, technique, level, now).whenComplete((v, e) -> {
                    if (e != null) {
                        LOG.warn("gradual rise of {} on {} failed: {}", zone.id(), profile.id(), e.getMessage());
                    }
                });
                if (level < target) {
                    scheduleRise(zone, technique, target);
                }
            }
        });
        pendingRise.put(zone, self[0]);
    }

    private void cancelRise(Zone zone) {
        Timeline.Cancellable pending = pendingRise.remove(zone);
        if (pending != null) {
            pending.cancel();
        }
    }

    private void zeroCommandedState() {
        for (Zone zone : profile.zones().keySet()) {
            cancelRise(zone);
            commanded.put(zone, new ZoneSetting(commanded.get(zone).technique(), 0));
        }
        heatTarget = null;
        updateSession(timeline.nanoTime());
    }

    /**
     * Anything commanded counts; a stop not yet confirmed keeps a session running (the device may
     * not have stopped) but never starts one: a stop sent to a device believed idle is no use of it.
     */
    private boolean isActiveNow() {
        return heatTarget != null || commanded.values().stream().anyMatch(z -> z.level() > 0)
                || (activeSince >= 0 && stopsConfirmed < stopsSent);
    }

    private void checkSession(long now) {
        if (activeSince < 0 && now - idleSince >= limits.restBeforeNewSession().toNanos()) {
            usedNanos = 0;
            exhausted = false;
        }
        if (exhausted) {
            long restLeft = limits.restBeforeNewSession().toNanos() - (now - idleSince);
            throw refuse(SafetyLimit.SESSION_LIMIT, "the session allowance of " + sessionLimit().toMinutes()
                    + " min is used up; let the device rest " + formatMinutes(restLeft) + " before the next session");
        }
    }

    private void updateSession(long now) {
        boolean active = isActiveNow();
        if (active && activeSince < 0) {
            if (now - idleSince >= limits.restBeforeNewSession().toNanos()) {
                usedNanos = 0;
                exhausted = false;
            }
            activeSince = now;
            long remaining = sessionLimit().toNanos() - usedNanos;
            autoOff = timeline.scheduleAt(now + remaining, this::sessionExpired);
        } else if (!active && activeSince >= 0) {
            usedNanos += now - activeSince;
            activeSince = -1;
            idleSince = now;
            if (autoOff != null) {
                autoOff.cancel();
                autoOff = null;
            }
        }
    }

    private void sessionExpired() {
        synchronized (this) {
            if (activeSince < 0) {
                return;
            }
            exhausted = true;
            warn(SafetyLimit.SESSION_LIMIT, "switched off after " + sessionLimit().toMinutes()
                    + " min of use (session limit); rest " + formatMinutes(limits.restBeforeNewSession().toNanos())
                    + " before the next session");
            stop();
        }
    }

    private SafetyWarning warn(SafetyLimit limit, String message) {
        SafetyWarning warning = new SafetyWarning(limit, message);
        try {
            warningSink.accept(warning);
        } catch (RuntimeException e) {
            LOG.warn("safety warning sink failed", e);
        }
        return warning;
    }

    private SafetyLimitException refuse(SafetyLimit limit, String message) {
        warn(limit, "refused: " + message);
        return new SafetyLimitException(limit, message);
    }

    private static String formatSeconds(long nanos) {
        return String.format(java.util.Locale.ROOT, "%.2f s", nanos / 1e9);
    }

    private static String formatMinutes(long nanos) {
        long minutes = Math.max(1, (nanos + 59_999_999_999L) / 60_000_000_000L);
        return minutes + " min";
    }
}
