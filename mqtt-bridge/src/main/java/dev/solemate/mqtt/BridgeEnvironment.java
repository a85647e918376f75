package dev.solemate.mqtt;

import dev.solemate.Massager;
import dev.solemate.MassagerOptions;
import dev.solemate.Massagers;
import dev.solemate.driver.DeviceUri;
import dev.solemate.driver.MassagerDriver;
import dev.solemate.mqtt.bridge.RoutineRunner;
import dev.solemate.mqtt.client.LinkOptions;
import dev.solemate.mqtt.client.MqttLink;
import dev.solemate.mqtt.client.MqttLinks;
import dev.solemate.player.PlaybackOptions;
import dev.solemate.player.RoutinePlayer;
import dev.solemate.safety.SafetyLimits;
import dev.solemate.time.SystemTimeline;
import dev.solemate.time.Timeline;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * What a bridge runs on besides its configuration: how it opens massagers and broker links, the
 * timeline for its timers, and the routine player. {@link #defaults()} is the real thing; tests swap
 * parts (a mocked link, a virtual timeline, faster playback).
 *
 * @param links           makes the broker link
 * @param opener          opens a massager from its URI
 * @param timeline        clock and scheduler for the broker-loss timer and discovery delays
 * @param runner          plays routines
 * @param playbackOptions speed and progress interval of routines
 * @param limits          the safety limits every device starts from (a device's comfort cap applies on top)
 * @param instanceCheck   look on the broker for another running instance of the bridge before starting
 *                        (needs a real broker's retained messages; off for a link factory of one's own)
 */
public record BridgeEnvironment(
        Function<LinkOptions, MqttLink> links,
        BiFunction<String, MassagerOptions, Massager> opener,
        Timeline timeline,
        RoutineRunner runner,
        PlaybackOptions playbackOptions,
        SafetyLimits limits,
        boolean instanceCheck) {

    public BridgeEnvironment {
        Objects.requireNonNull(links, "links");
        Objects.requireNonNull(opener, "opener");
        Objects.requireNonNull(timeline, "timeline");
        Objects.requireNonNull(runner, "runner");
        Objects.requireNonNull(playbackOptions, "playbackOptions");
        Objects.requireNonNull(limits, "limits");
    }

    /** Paho links, {@link Massagers#open}, the shared system timeline and the core player. */
    public static BridgeEnvironment defaults() {
        return new BridgeEnvironment(MqttLinks::create, driverCachingOpener(), SystemTimeline.shared(), RoutinePlayer::start,
                PlaybackOptions.defaults(), SafetyLimits.defaults(), true);
    }

    /**
     * {@link Massagers#open} that looks each scheme's driver up once: a bridge with thousands of
     * devices would otherwise scan the class path for drivers once per device.
     */
    public static BiFunction<String, MassagerOptions, Massager> driverCachingOpener() {
        Map<String, MassagerDriver> drivers = new ConcurrentHashMap<>();
        return (uri, options) -> {
            String scheme = DeviceUri.parse(uri).scheme();
            return Massagers.open(drivers.computeIfAbsent(scheme, Massagers::driverFor), uri, options);
        };
    }

    /**
     * Another link factory (a test double, a proxy). The instance check is off with it, since a
     * double does not keep retained messages; turn it on again with {@link #withInstanceCheck}.
     */
    public BridgeEnvironment withLinks(Function<LinkOptions, MqttLink> newLinks) {
        return new BridgeEnvironment(newLinks, opener, timeline, runner, playbackOptions, limits, false);
    }

    public BridgeEnvironment withInstanceCheck(boolean check) {
        return new BridgeEnvironment(links, opener, timeline, runner, playbackOptions, limits, check);
    }

    public BridgeEnvironment withOpener(BiFunction<String, MassagerOptions, Massager> newOpener) {
        return new BridgeEnvironment(links, newOpener, timeline, runner, playbackOptions, limits, instanceCheck);
    }

    public BridgeEnvironment withTimeline(Timeline newTimeline) {
        return new BridgeEnvironment(links, opener, newTimeline, runner, playbackOptions, limits, instanceCheck);
    }

    public BridgeEnvironment withRunner(RoutineRunner newRunner) {
        return new BridgeEnvironment(links, opener, timeline, newRunner, playbackOptions, limits, instanceCheck);
    }

    public BridgeEnvironment withLimits(SafetyLimits newLimits) {
        return new BridgeEnvironment(links, opener, timeline, runner, playbackOptions, newLimits, instanceCheck);
    }

    public BridgeEnvironment withPlaybackOptions(PlaybackOptions options) {
        return new BridgeEnvironment(links, opener, timeline, runner, options, limits, instanceCheck);
    }
}
