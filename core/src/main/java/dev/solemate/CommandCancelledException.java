package dev.solemate;

/**
 * A command was overtaken by a stop before the device confirmed it: the stop brought the device to
 * zero, so the command's effect is gone (or never happened). The message names the command and
 * the stop, e.g. {@code "arch knead 40 % was cancelled by stop #3 (stopped by power OFF)"}.
 *
 * <p>Every stop of a massager ({@link Massager#stop()}, the end of a routine, a pause, a lost or
 * re-established link, closing) cancels every command issued before it that is still waiting for
 * the device; a request to go to zero that a stop overtakes is not cancelled but completes
 * normally, since the stop did what it asked.
 */
public class CommandCancelledException extends MassagerException {

    private final long stop;
    private final String stopReason;

    public CommandCancelledException(String command, long stop, String stopReason) {
        super(command + " was cancelled by stop #" + stop + " (" + stopReason + ")");
        this.stop = stop;
        this.stopReason = stopReason;
    }

    /** The number of the stop that cancelled the command: each massager counts its stops from 1. */
    public long stop() {
        return stop;
    }

    /** Why that stop happened, e.g. {@code "stopped by power OFF"}. */
    public String stopReason() {
        return stopReason;
    }
}
