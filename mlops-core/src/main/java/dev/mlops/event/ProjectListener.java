package dev.mlops.event;

/**
 * Receives a project's events as they happen: stage transitions, gates, registrations, deployments. Called on
 * the SDK's event thread, in order; keep it quick, and do not throw (what it throws is logged at DEBUG and
 * dropped).
 */
@FunctionalInterface
public interface ProjectListener {

    /**
     * Called for each event.
     *
     * @param event the event
     */
    void onEvent(ProjectEvent event);
}
