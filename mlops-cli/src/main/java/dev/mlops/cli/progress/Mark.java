package dev.mlops.cli.progress;

/** The sign in front of a line: what kind of thing happened. */
enum Mark {
    /** Something finished well: a stage, a step, a resource, a deployment. */
    DONE("✔", "+", "green"),
    /** Something failed. */
    FAILED("✘", "x", "red"),
    /** Something started. */
    STARTED("▶", ">", "cyan"),
    /** A wait on a person (a gate). */
    WAITING("⏸", "=", "yellow"),
    /** A finding to look at (violations, preflight warnings). */
    WARNING("⚠", "!", "yellow"),
    /** Anything else worth a line. */
    INFO("•", "*", "blue");

    private final String unicode;
    private final String ascii;
    private final String color;

    Mark(String unicode, String ascii, String color) {
        this.unicode = unicode;
        this.ascii = ascii;
        this.color = color;
    }

    /** The sign in the given charset's reach. */
    String sign(boolean unicode) {
        return unicode ? this.unicode : ascii;
    }

    /** The picocli style name to colour the sign with. */
    String color() {
        return color;
    }
}
