package dev.solemate.serial.firmware;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a running firmware's outputs are doing, from its {@code ACT} lines: each zone's level (0 to
 * the device's steps) and the heater (0 or 1), with every change and when it happened.
 * Thread-safe.
 */
public final class Actuators {

    /** The outputs of the reference board (docs/firmware.md, pin map). */
    public static final List<String> NAMES = List.of("toes", "ball", "arch", "heel", "heater");

    /**
     * One change of one output.
     *
     * @param name      toes, ball, arch, heel or heater
     * @param level     its new level (0 = off)
     * @param deviceMicros when, on the device's clock (simulated MCU time under simavr)
     * @param monoNanos when, on CLOCK_MONOTONIC, the clock of {@link System#nanoTime()} on Linux
     */
    public record Change(String name, int level, long deviceMicros, long monoNanos) {
    }

    private final Map<String, Integer> levels = new LinkedHashMap<>();
    private final List<Change> changes = new ArrayList<>();

    Actuators() {
        NAMES.forEach(n -> levels.put(n, 0));
    }

    synchronized void record(Change change) {
        levels.put(change.name(), change.level());
        changes.add(change);
        notifyAll();
    }

    /** The level of one output now. */
    public synchronized int level(String name) {
        Integer level = levels.get(name);
        if (level == null) {
            throw new IllegalArgumentException("no output " + name + " (expected one of " + NAMES + ")");
        }
        return level;
    }

    /** Every output's level now. */
    public synchronized Map<String, Integer> levels() {
        return Map.copyOf(levels);
    }

    /** True when every zone is at 0 and the heater is off. */
    public synchronized boolean allOff() {
        return levels.values().stream().allMatch(l -> l == 0);
    }

    /** Every change so far, oldest first. */
    public synchronized List<Change> changes() {
        return List.copyOf(changes);
    }

    /** Waits until every output is off; false if {@code limit} passed first. */
    public synchronized boolean awaitAllOff(Duration limit) throws InterruptedException {
        return await(this::allOff, limit);
    }

    /** Waits until {@code name} is at {@code level}; false if {@code limit} passed first. */
    public synchronized boolean awaitLevel(String name, int level, Duration limit) throws InterruptedException {
        return await(() -> level(name) == level, limit);
    }

    private boolean await(java.util.function.BooleanSupplier condition, Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return true;
    }
}
