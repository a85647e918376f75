package dev.solemate.cli.control;

import dev.solemate.CommandResult;
import dev.solemate.Massager;
import dev.solemate.MassagerState;
import dev.solemate.ZoneState;
import dev.solemate.cli.plot.TimeLabels;
import dev.solemate.device.DeviceProfile;
import dev.solemate.device.Intensity;
import dev.solemate.device.Technique;
import dev.solemate.device.Zone;
import dev.solemate.safety.SafetyLimitException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

/**
 * The state of the single-key control mode (selected zone, each zone's chosen technique and
 * intensity, the heat setting) and what each key does to the massager; {@link #screen()} draws it
 * as plain lines. Kept apart from the terminal so it can be tested with a simulated massager.
 * {@link #press} is called from one thread (the key reader) and waits for the device there;
 * {@link #screen()} is also called from the massager's event thread, which completes those waits, so
 * the two share no lock (a lock held while waiting would stall the event thread): the screen reads a
 * snapshot that may be one key behind, and the next redraw catches up.
 */
public final class KeyControl {

    static final int STEP_PERCENT = 10;
    static final int DEFAULT_HEAT = 38;

    private final Massager massager;
    private final List<Zone> zones;
    private final Technique[] technique;
    private final int[] percent;
    private volatile int selected;
    private volatile int heat = DEFAULT_HEAT;
    private volatile String last = "";

    public KeyControl(Massager massager) {
        this.massager = massager;
        DeviceProfile profile = massager.profile();
        this.zones = List.copyOf(profile.zones().keySet());
        this.technique = new Technique[zones.size()];
        this.percent = new int[zones.size()];
        for (int i = 0; i < zones.size(); i++) {
            technique[i] = profile.techniques(zones.get(i)).iterator().next();
        }
    }

    /** Applies a key; returns false when it asked to quit (the caller then stops the device). */
    public boolean press(Key key, int digit) {
        try {
            switch (key) {
                case LEFT -> selected = (selected + zones.size() - 1) % zones.size();
                case RIGHT -> selected = (selected + 1) % zones.size();
                case UP -> setIntensity(Math.min(100, percent[selected] + STEP_PERCENT));
                case DOWN -> setIntensity(Math.max(0, percent[selected] - STEP_PERCENT));
                case DIGIT -> setIntensity(digit * 10);
                case TECHNIQUE -> nextTechnique();
                case HEAT -> toggleHeat();
                case HEAT_DOWN -> changeHeat(-1);
                case HEAT_UP -> changeHeat(+1);
                case STOP -> stop();
                case QUIT -> {
                    return false;
                }
                case OTHER -> last = "keys: ←/→ zone, ↑/↓ or 0-9 intensity, t technique, h heat, [ ] °C, space stop, q quit";
            }
        } catch (SafetyLimitException e) {
            last = "refused: " + e.getMessage();
        } catch (IllegalArgumentException | IllegalStateException e) {
            last = "error: " + e.getMessage();
        }
        return true;
    }

    /** The screen as plain lines: header, one line per zone, heat, keys, the last answer. */
    public List<String> screen() {
        MassagerState s = massager.state();
        DeviceProfile p = massager.profile();
        List<String> lines = new ArrayList<>();
        lines.add(dev.solemate.cli.DeviceNames.of(p) + " [" + massager.uri() + "]  " + s.connection().name().toLowerCase(Locale.ROOT)
                + ", session " + TimeLabels.clock(s.sessionUsed()) + " of " + TimeLabels.clock(s.sessionLimit())
                + ", comfort cap " + s.comfortCap());
        int steps = p.intensitySteps();
        for (int i = 0; i < zones.size(); i++) {
            ZoneState z = s.zones().get(zones.get(i));
            int level = z == null ? 0 : z.level();
            lines.add(String.format("%s %-6s %-8s %s %d/%d  (asked %d %%)", i == selected ? ">" : " ", zones.get(i).id(),
                    technique[i].id(), bar(level, steps), level, steps, percent[i]));
        }
        if (p.hasHeat()) {
            String target = s.heatTarget().isPresent() ? s.heatTarget().getAsInt() + " °C" : "off";
            String measured = s.temperature().isPresent()
                    ? String.format(Locale.ROOT, ", measured %.1f °C", s.temperature().getAsDouble()) : "";
            lines.add("  heat   " + target + measured + "  (h toggles " + heat + " °C)");
        }
        lines.add("←/→ zone  ↑/↓ 0-9 intensity  t technique  h heat  [ ] °C  space stop  q quit");
        lines.add(last);
        return lines;
    }

    private void setIntensity(int newPercent) {
        Zone zone = zones.get(selected);
        CommandResult result = await(massager.setZone(zone, technique[selected], Intensity.of(newPercent)));
        percent[selected] = newPercent;
        last = zone.id() + ": " + technique[selected].id() + " " + newPercent + " % -> level " + result.appliedLevel()
                + (result.targetLevel() > result.appliedLevel() ? ", rising to " + result.targetLevel() : "");
    }

    private void nextTechnique() {
        List<Technique> available = List.copyOf(massager.profile().techniques(zones.get(selected)));
        technique[selected] = available.get((available.indexOf(technique[selected]) + 1) % available.size());
        if (percent[selected] > 0) {
            setIntensity(percent[selected]);
        } else {
            last = zones.get(selected).id() + ": technique " + technique[selected].id();
        }
    }

    private void toggleHeat() {
        if (massager.state().heatTarget().isPresent()) {
            await(massager.heatOff());
            last = "heat: off";
        } else {
            CommandResult result = await(massager.setHeat(heat));
            last = "heat: " + result.appliedLevel() + " °C";
        }
    }

    private void changeHeat(int delta) {
        int limit = massager.limits().heatLimitCelsius();
        int low = massager.profile().heat().map(h -> h.minCelsius()).orElse(heat);
        heat = Math.max(low, Math.min(limit, heat + delta));
        if (massager.state().heatTarget().isPresent()) {
            await(massager.setHeat(heat));
        }
        last = "heat setting: " + heat + " °C (limit " + limit + " °C)";
    }

    private void stop() {
        await(massager.stop());
        java.util.Arrays.fill(percent, 0);
        last = "stopped: every zone and the heater are off";
    }

    private static <T> T await(java.util.concurrent.CompletableFuture<T> future) {
        try {
            return future.get(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted");
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("the device did not answer within 5 s");
        } catch (java.util.concurrent.ExecutionException e) {
            Throwable cause = e.getCause() instanceof CompletionException && e.getCause().getCause() != null
                    ? e.getCause().getCause() : e.getCause();
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(String.valueOf(cause.getMessage()), cause);
        }
    }

    private static String bar(int level, int steps) {
        int width = 15;
        int filled = (int) Math.round((double) level / steps * width);
        return "█".repeat(filled) + "░".repeat(width - filled);
    }
}
