package dev.solemate.cli;

import dev.solemate.Massager;
import dev.solemate.device.DeviceProfile;
import dev.solemate.device.DeviceProfiles;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * What the command can truthfully say about a device: its one name, and whether it is stopped
 * (confirmed by the device) or only asked to stop, and then what will stop it.
 */
public final class DeviceFacts {

    /** How long a stop may take to be confirmed before the command says it is not. */
    static final long CONFIRM_SECONDS = 2;

    private DeviceFacts() {
    }

    /**
     * The device's name as people know it: a built-in profile's name for a device that reports a
     * built-in profile id (so {@code sim:} and the same board over serial read alike), else the
     * name of the profile the device described.
     */
    static String name(Massager massager) {
        return name(massager.profile());
    }

    static String name(DeviceProfile profile) {
        return DeviceNames.of(profile);
    }

    /** What is known about a stop: confirmed by the device or not, in words. */
    public record Stop(boolean confirmed, String words) {
    }

    /**
     * Sends a stop (always safe to repeat) and waits for the device to confirm it; returns what is
     * then known: {@code "the device is at zero"}, or that the stop is not confirmed and what
     * stops the device anyway.
     */
    public static Stop stopAndConfirm(Massager massager) {
        try {
            massager.stop().get(CONFIRM_SECONDS, TimeUnit.SECONDS);
            return new Stop(true, "the device is at zero");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Stop(false, notConfirmed(massager.watchdog()));
        } catch (Exception e) {
            return new Stop(false, notConfirmed(massager.watchdog()));
        }
    }

    /** What stops a device whose stop was not confirmed, as far as the driver knows its watchdog. */
    public static String notConfirmed(Optional<Duration> watchdog) {
        return "the stop is not confirmed; " + whatStopsIt("the device", watchdog);
    }

    /**
     * What stops a device this host cannot reach, as far as the driver knows its watchdog.
     *
     * @param device how to name the device at the start of the clause ("the device", "it")
     */
    public static String whatStopsIt(String device, Optional<Duration> watchdog) {
        String possessive = device.equals("it") ? "its" : device + "'s";
        if (watchdog.isEmpty()) {
            return possessive + " watchdog time is unknown: check that it has stopped";
        }
        if (watchdog.get().isZero()) {
            return device + " has no watchdog: check that it has stopped";
        }
        return possessive + " own watchdog stops it " + time(watchdog.get()) + " after the last request it received";
    }

    /** {@code 3 s}, {@code 1.5 s} or {@code 250 ms}. */
    static String time(Duration d) {
        long ms = d.toMillis();
        if (ms < 1000) {
            return ms + " ms";
        }
        return ms % 1000 == 0 ? ms / 1000 + " s" : String.format(java.util.Locale.ROOT, "%.1f s", ms / 1000.0);
    }
}
