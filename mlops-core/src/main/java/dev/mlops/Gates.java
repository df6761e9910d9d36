package dev.mlops;

import java.time.Duration;
import java.util.List;

/** A project's manual approval gates. */
public interface Gates {

    /**
     * Gates waiting for a decision, oldest first.
     *
     * @return the gates
     */
    List<Gate> pending();

    /**
     * Every gate reached, newest first.
     *
     * @return the gates
     */
    List<Gate> all();

    /**
     * Waits until a gate is pending.
     *
     * @param timeout how long to wait
     * @return the oldest pending gate
     */
    Gate awaitPending(Duration timeout);
}
