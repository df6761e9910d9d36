package dev.mlops;

import java.time.Duration;

/** A project's manual approval gates. */
public interface Gates {

    /**
     * Gates waiting for a decision, oldest first.
     *
     * @return the gates
     */
    Listing<Gate> pending();

    /**
     * Every gate reached, newest first.
     *
     * @return the gates
     */
    Listing<Gate> all();

    /**
     * A gate by its {@link Gate#id() id}.
     *
     * @param id the id
     * @return the gate
     * @throws dev.mlops.exception.NotFoundException if the project has no such gate
     */
    Gate get(String id);

    /**
     * Waits until a gate is pending.
     *
     * @param timeout how long to wait
     * @return the oldest pending gate
     */
    Gate awaitPending(Duration timeout);

    /**
     * Waits until the gate of a given model version's deployment is pending; gates of other versions (a run
     * superseded by a newer approval, say) are passed over.
     *
     * @param version the version whose deployment is awaited
     * @param timeout how long to wait
     * @return the pending gate for that version
     */
    Gate awaitPending(ModelVersion version, Duration timeout);
}
