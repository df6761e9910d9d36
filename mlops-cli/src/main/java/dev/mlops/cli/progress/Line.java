package dev.mlops.cli.progress;

/**
 * One line a display prints, fed by one event.
 *
 * @param mark its sign
 * @param text what it says (no control characters)
 * @param indent 0 for stages, resources and phases; 1 for ML pipeline steps inside a stage
 * @param lasting whether a live display keeps it on screen; the others (a stage or step started) are what the
 *     live line shows, and only a plain display prints them
 */
record Line(Mark mark, String text, int indent, boolean lasting) {
}
