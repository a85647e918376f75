package dev.solemate.cli;

import dev.solemate.player.PlaybackResult;

/** The last line of {@code solemate run}: how the routine ended, and what is known about the device. */
final class RunSummary {

    private RunSummary() {
    }

    /**
     * @param result   how the playback ended
     * @param ctrlC    the user pressed Ctrl-C
     * @param lostLink the reason the link was lost while playing, or null
     * @param device   what is known about the device now ({@link DeviceFacts#stopAndConfirm})
     */
    static String describe(PlaybackResult result, boolean ctrlC, String lostLink, DeviceFacts.Stop device) {
        String played = Durations.clock(result.played());
        String how = switch (result.ending()) {
            case COMPLETED -> "Finished after " + played;
            case STOPPED -> "Stopped after " + played + " (" + (ctrlC ? "Ctrl-C" : result.reason()) + ")";
            case FAILED -> "Ended after " + played + ": "
                    + (lostLink != null ? "lost the link to the device (" + lostLink + ")" : result.reason());
            case TERMINATED -> "Terminated after " + played + " (" + result.reason() + ")";
        };
        // A confirmed stop is the usual ending and fits on the line; anything else is its own sentence.
        return device.confirmed() ? how + "; " + device.words() + "." : how + "." + System.lineSeparator()
                + Character.toUpperCase(device.words().charAt(0)) + device.words().substring(1) + ".";
    }
}
