package dev.mlops.jupyter.internal;

import java.util.Locale;
import java.util.Set;

/**
 * How a status value is coloured: good (succeeded, approved, in service), bad (failed, rejected, violations), waiting
 * (queued, in progress, pending) or neutral.
 */
public enum Tone {
    /** Finished well. */
    GOOD("#1a7f37"),
    /** Finished badly or needs attention. */
    BAD("#c62828"),
    /** Not finished yet, or waiting for a person. */
    WAITING("#9a6700"),
    /** Nothing to say. */
    NEUTRAL("#57606a");

    private static final Set<String> GOOD_WORDS = Set.of("succeeded", "approved", "inservice", "completed", "deployed", "ok");
    private static final Set<String> BAD_WORDS = Set.of("failed", "rejected", "stopped", "completedwithviolations", "expired",
            "outofservice", "deleting", "failing");
    private static final Set<String> WAITING_WORDS = Set.of("queued", "inprogress", "waitingforapproval", "pending",
            "pendingmanualapproval", "creating", "updating", "scheduled", "executing", "starting");

    private final String background;

    Tone(String background) {
        this.background = background;
    }

    /**
     * The badge's background colour; white text on it reads at a contrast of at least 4.5 : 1, on light and dark
     * pages alike.
     *
     * @return a CSS colour
     */
    public String background() {
        return background;
    }

    /**
     * The tone of a status word, ignoring case, spaces and underscores.
     *
     * @param status the status text
     * @return its tone, {@link #NEUTRAL} when unknown
     */
    public static Tone of(String status) {
        String key = status == null ? "" : status.toLowerCase(Locale.ROOT).replaceAll("[\\s_-]", "");
        if (GOOD_WORDS.contains(key)) {
            return GOOD;
        }
        if (BAD_WORDS.contains(key)) {
            return BAD;
        }
        if (WAITING_WORDS.contains(key)) {
            return WAITING;
        }
        return NEUTRAL;
    }
}
