package dev.solemate.cli.control;

import dev.solemate.CommandResult;
import dev.solemate.Massager;
import dev.solemate.MassagerEvent;
import dev.solemate.MassagerListener;
import dev.solemate.MassagerState;
import dev.solemate.ZoneState;
import dev.solemate.cli.plot.TimeLabels;
import dev.solemate.device.DeviceProfile;
import dev.solemate.device.Intensity;
import dev.solemate.device.Technique;
import dev.solemate.device.Zone;
import dev.solemate.safety.SafetyLimit;
import dev.solemate.safety.SafetyWarning;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/**
 * Hands-on control of one massager with line commands, for scripts, tests and terminals without
 * raw mode:
 *
 * <pre>
 * set arch knead 40     a zone, a technique and an intensity in percent
 * stop [ZONE]           everything (also: s), or one zone
 * heat 38 | heat off    the heater
 * comfort 60            the comfort cap in percent
 * status                the device's state
 * help, quit            (end of input quits too)
 * </pre>
 *
 * Each command prints one line (errors too, starting with {@code error:} or {@code refused:}) and
 * the session carries on. Whatever ends the session, the device is stopped. Device events that
 * arrive on their own (a lost link, a fault, the session auto-off) are printed as they come, from
 * the massager's event thread; printing is synchronized so lines never interleave.
 */
public final class ControlSession {

    private static final long ACK_TIMEOUT_SECONDS = 5;

    private final Massager massager;
    private final PrintWriter out;
    private final boolean echo;
    private final MassagerListener events = this::onEvent;

    /**
     * @param massager the device to control
     * @param out      where answers go
     * @param echo     print each command before its answer ({@code > set arch knead 40}), so a
     *                 transcript of piped input reads like a conversation
     */
    public ControlSession(Massager massager, PrintWriter out, boolean echo) {
        this.massager = massager;
        this.out = out;
        this.echo = echo;
    }

    /** Reads commands until quit or end of input, then stops the device. */
    public void run(BufferedReader in) throws IOException {
        massager.addListener(events);
        try {
            greet();
            String line;
            while ((line = in.readLine()) != null) {
                if (!execute(line)) {
                    break;
                }
            }
        } finally {
            massager.removeListener(events);
            print(stopQuietly() ? "Stopped the device. Bye." : "Bye.");
        }
    }

    /** Runs one command line; returns false when it asked to quit. */
    public boolean execute(String line) {
        String trimmed = line.strip();
        if (trimmed.isEmpty() || trimmed.startsWith("#")) {
            return true;
        }
        if (echo) {
            print("> " + trimmed);
        }
        String[] words = trimmed.toLowerCase(Locale.ROOT).split("\\s+");
        try {
            switch (words[0]) {
                case "set" -> set(words);
                case "stop", "s" -> stop(words);
                case "heat" -> heat(words);
                case "comfort" -> comfort(words);
                case "status" -> status();
                case "help", "?" -> help();
                case "quit", "exit", "q" -> {
                    return false;
                }
                default -> throw new IllegalArgumentException("unknown command '" + words[0]
                        + "' (expected set, stop, heat, comfort, status, help or quit)");
            }
        } catch (IllegalArgumentException e) {
            print("error: " + e.getMessage());
        } catch (dev.solemate.safety.SafetyLimitException e) {
            print("refused: " + e.getMessage());
        } catch (RuntimeException e) {
            print("error: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
        }
        return true;
    }

    private void greet() {
        DeviceProfile p = massager.profile();
        print("Connected to " + dev.solemate.cli.DeviceNames.of(p) + " (" + p.id() + ", firmware "
                + massager.info().firmware() + ") on " + massager.uri());
        print("Zones: " + p.zones().entrySet().stream()
                .map(e -> e.getKey().id() + " (" + e.getValue().stream().map(Technique::id).collect(Collectors.joining(" "))
                        + ")")
                .collect(Collectors.joining(", "))
                + "; " + p.intensitySteps() + " levels; "
                + p.heat().map(h -> "heat " + h.minCelsius() + "-" + h.maxCelsius() + " °C").orElse("no heater"));
        print("Commands: set ZONE TECHNIQUE PCT, stop [ZONE] (or s), heat C|off, comfort PCT, status, help, quit");
    }

    private void help() {
        print("set ZONE TECHNIQUE PCT  e.g. set arch knead 40;  stop [ZONE] or s;  heat 38 | heat off;"
                + "  comfort PCT;  status;  quit");
    }

    private void set(String[] words) {
        expect(words, 4, "set ZONE TECHNIQUE PCT, e.g. set arch knead 40");
        Zone zone = zone(words[1]);
        Technique technique = technique(zone, words[2]);
        Intensity intensity = Intensity.of(percent(words[3]));
        CommandResult result = await(massager.setZone(zone, technique, intensity));
        int steps = massager.profile().intensitySteps();
        StringBuilder line = new StringBuilder(zone.id() + ": " + technique.id() + " at level "
                + result.appliedLevel() + " of " + steps);
        if (result.targetLevel() > result.appliedLevel()) {
            line.append(", rising to ").append(result.targetLevel()).append(" gradually");
        }
        if (result.warnings().stream().anyMatch(w -> w.limit() == SafetyLimit.COMFORT_CAP)) {
            line.append(" (held under the comfort cap of ").append(massager.state().comfortCap()).append(')');
        }
        print(line.toString());
    }

    private void stop(String[] words) {
        if (words.length == 1) {
            if (stopQuietly()) {
                print("stopped: every zone and the heater are off");
            }
            return;
        }
        expect(words, 2, "stop [ZONE]");
        Zone zone = zone(words[1]);
        if (!massager.profile().hasZone(zone)) {
            throw new IllegalArgumentException("this device has no " + zone.id() + " zone (it has: "
                    + massager.profile().zones().keySet().stream().map(Zone::id).collect(Collectors.joining(", ")) + ")");
        }
        await(massager.stopZone(zone));
        print(zone.id() + ": stopped");
    }

    private void heat(String[] words) {
        expect(words, 2, "heat CELSIUS or heat off");
        if (words[1].equals("off")) {
            await(massager.heatOff());
            print("heat: off");
            return;
        }
        int celsius;
        try {
            celsius = Integer.parseInt(words[1]);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("heat '" + words[1] + "' is not a temperature (expected whole °C, e.g. 38, or off)");
        }
        CommandResult result = await(massager.setHeat(celsius));
        String reduced = result.warnings().isEmpty() ? ""
                : result.warnings().stream().allMatch(w -> w.limit() == SafetyLimit.HEAT_LIMIT)
                        ? " (" + celsius + " °C asked; that is the heat limit)"
                        : " (" + result.warnings().stream().map(SafetyWarning::message).collect(Collectors.joining("; ")) + ")";
        print("heat: " + result.appliedLevel() + " °C" + reduced);
    }

    private void comfort(String[] words) {
        expect(words, 2, "comfort PCT, e.g. comfort 60");
        Intensity cap = Intensity.of(percent(words[1]));
        if (cap.isZero()) {
            throw new IllegalArgumentException("comfort 0 % would allow nothing (expected 1 to 100)");
        }
        await(massager.setComfortCap(cap));
        print("comfort cap: " + cap + " (level " + massager.profile().capLevel(cap) + " of "
                + massager.profile().intensitySteps() + " at most)");
    }

    private void status() {
        MassagerState s = massager.state();
        print("status: " + s.connection().name().toLowerCase(Locale.ROOT) + ", comfort cap " + s.comfortCap()
                + ", session " + TimeLabels.clock(s.sessionUsed()) + " of " + TimeLabels.clock(s.sessionLimit()));
        int steps = massager.profile().intensitySteps();
        for (Map.Entry<Zone, ZoneState> e : s.zones().entrySet()) {
            ZoneState z = e.getValue();
            print(String.format("  %-6s %s", e.getKey().id(), z.isActive()
                    ? z.technique().id() + " " + z.level() + "/" + steps : "stopped"));
        }
        if (massager.profile().hasHeat()) {
            String target = s.heatTarget().isPresent() ? s.heatTarget().getAsInt() + " °C" : "off";
            String measured = s.temperature().isPresent()
                    ? String.format(Locale.ROOT, ", measured %.1f °C", s.temperature().getAsDouble()) : "";
            print(String.format("  %-6s %s%s", "heat", target, measured));
        }
    }

    private void onEvent(MassagerEvent event) {
        if (event instanceof MassagerEvent.Disconnected d) {
            print("event: lost the link to the device (" + d.reason() + "); "
                    + dev.solemate.cli.DeviceFacts.whatStopsIt("it", massager.watchdog()));
        } else if (event instanceof MassagerEvent.Reconnected) {
            print("event: device reconnected; it is at zero");
        } else if (event instanceof MassagerEvent.DeviceFault f) {
            print("event: device fault " + f.code() + ": " + f.message());
        } else if (event instanceof MassagerEvent.ButtonPressed b) {
            print("event: button " + b.button() + " pressed");
        } else if (event instanceof MassagerEvent.SafetyEvent e && e.warning().limit() == SafetyLimit.SESSION_LIMIT) {
            print("event: " + e.warning().message());
        }
    }

    /** Stops the device; true when it confirmed, else says what is known and returns false. */
    private boolean stopQuietly() {
        try {
            massager.stop().get(ACK_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            String words = dev.solemate.cli.DeviceFacts.notConfirmed(massager.watchdog());
            print(Character.toUpperCase(words.charAt(0)) + words.substring(1) + ".");
        }
        return false;
    }

    private static <T> T await(CompletableFuture<T> future) {
        try {
            return future.get(ACK_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the device");
        } catch (TimeoutException e) {
            throw new IllegalStateException("the device did not answer within " + ACK_TIMEOUT_SECONDS + " s");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() instanceof CompletionException && e.getCause().getCause() != null
                    ? e.getCause().getCause() : e.getCause();
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(cause.getMessage(), cause);
        }
    }

    /**
     * The zone a word names. A zone this device lacks is left to the governor, which refuses it
     * saying so; a word that is no zone at all gets this device's zones, and the one probably meant.
     */
    private Zone zone(String word) {
        for (Zone zone : Zone.values()) {
            if (zone.id().equalsIgnoreCase(word)) {
                return zone;
            }
        }
        java.util.List<String> ids = massager.profile().zones().keySet().stream().map(Zone::id).toList();
        throw new IllegalArgumentException("unknown zone '" + word + "'" + didYouMean(word, ids)
                + " (this device has: " + String.join(", ", ids) + ")");
    }

    /** The technique a word names; as for zones, an unknown word gets what this zone can do. */
    private Technique technique(Zone zone, String word) {
        for (Technique technique : Technique.values()) {
            if (technique.id().equalsIgnoreCase(word)) {
                return technique;
            }
        }
        java.util.List<String> ids = massager.profile().hasZone(zone)
                ? massager.profile().techniques(zone).stream().map(Technique::id).toList()
                : java.util.Arrays.stream(Technique.values()).map(Technique::id).toList();
        throw new IllegalArgumentException("unknown technique '" + word + "'" + didYouMean(word, ids)
                + " (" + (massager.profile().hasZone(zone) ? "the " + zone.id() + " zone can: " : "expected one of: ")
                + String.join(", ", ids) + ")");
    }

    private static String didYouMean(String word, java.util.List<String> ids) {
        return dev.solemate.cli.DeviceNames.closest(word, ids).filter(c -> !c.equalsIgnoreCase(word))
                .map(c -> ": did you mean " + c + "?").orElse("");
    }

    private static double percent(String word) {
        String number = word.endsWith("%") ? word.substring(0, word.length() - 1) : word;
        try {
            return Double.parseDouble(number);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("intensity '" + word + "' is not a number (expected 0 to 100)");
        }
    }

    private static void expect(String[] words, int count, String usage) {
        if (words.length != count) {
            throw new IllegalArgumentException("expected: " + usage);
        }
    }

    private synchronized void print(String line) {
        out.println(line);
        out.flush();
    }
}
