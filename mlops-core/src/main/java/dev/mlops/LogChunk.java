package dev.mlops;

/**
 * A piece of a stage's log, read from a cursor.
 *
 * @param text the text after the cursor (possibly empty)
 * @param next the cursor to read on from
 * @param complete whether the stage has ended, so no text will follow {@code next}
 */
public record LogChunk(String text, String next, boolean complete) {
    /** The cursor of a log's start. */
    public static final String START = "";
}
