package dev.solemate;

import dev.solemate.safety.SafetyLimits;
import dev.solemate.time.SystemTimeline;
import dev.solemate.time.Timeline;
import java.util.Objects;

/**
 * How to open a massager: the safety limits to enforce and the timeline to run on (the real clock
 * unless a test supplies a {@link dev.solemate.time.VirtualTimeline}).
 */
public record MassagerOptions(SafetyLimits limits, Timeline timeline) {

    public MassagerOptions {
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(timeline, "timeline");
    }

    /** Default limits on the real clock. */
    public static MassagerOptions defaults() {
        return new MassagerOptions(SafetyLimits.defaults(), SystemTimeline.shared());
    }

    public MassagerOptions withLimits(SafetyLimits newLimits) {
        return new MassagerOptions(newLimits, timeline);
    }

    public MassagerOptions withTimeline(Timeline newTimeline) {
        return new MassagerOptions(limits, newTimeline);
    }
}
