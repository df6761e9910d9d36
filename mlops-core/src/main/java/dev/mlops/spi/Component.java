package dev.mlops.spi;

import dev.mlops.template.Capability;
import java.util.List;
import java.util.Set;

/**
 * What every component of a backend has in common: the backend it comes from, what it offers, what it needs from
 * the other components of a composition, and how callers wait for its state to change.
 */
public interface Component {

    /**
     * The name of the backend this component belongs to, e.g. {@code local}; messages about a composition use it.
     *
     * @return the name
     */
    String backend();

    /**
     * What this component offers; a template or another component needing a capability looks for it here.
     *
     * @return the capabilities, empty by default
     */
    default Set<Capability> capabilities() {
        return Set.of();
    }

    /**
     * What this component needs from the others it is composed with; {@code create()} refuses a composition that
     * misses one, before anything is made.
     *
     * @param peers the other components of the composition, to tailor the requirements to them
     * @return the requirements, empty by default
     */
    default List<Requirement> requirements(Components peers) {
        return List.of();
    }

    /**
     * How to wait for this component's state to change: event-driven for an embedded component, backoff with
     * jitter for a remote service (the default).
     *
     * @return the policy
     */
    default WaitPolicy waitPolicy() {
        return WaitPolicy.remote();
    }
}
