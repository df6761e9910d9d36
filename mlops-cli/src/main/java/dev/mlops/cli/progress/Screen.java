package dev.mlops.cli.progress;

import java.util.List;

/**
 * Where a display draws. Every method but {@link #detach()}'s result's {@code close()} is called under the
 * display's lock, so that lines never interleave.
 */
interface Screen {
    /** A phase starts; {@code tracker} has its label and total. */
    void begin(Tracker tracker);

    /** Prints what one event made and brings the live state up to date. */
    void show(List<Line> lines, Tracker tracker);

    /**
     * Stops the live drawing of the current phase. The caller closes the result outside the lock: closing a
     * progressbar waits for its last render, which takes the lock.
     *
     * @return what to close, or null
     */
    AutoCloseable detach();

    /** The display is closed: leave the line clean and flush. */
    void finish();
}
