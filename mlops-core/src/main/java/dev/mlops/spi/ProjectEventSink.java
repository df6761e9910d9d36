package dev.mlops.spi;

import dev.mlops.event.ProjectListener;

/**
 * The listener a project handle gives {@link Orchestrator#attach}: it also tells whether anyone listens. A remote
 * orchestrator that must poll to produce events polls only while {@link #demanded()} holds, so that opening many
 * projects for a status view costs no reads until someone listens to one.
 */
public interface ProjectEventSink extends ProjectListener {
    /**
     * Whether the handle has listeners now.
     *
     * @return true while events would reach someone
     */
    boolean demanded();

    /**
     * Whether a listener given to {@link Orchestrator#attach} wants events now: a sink only while demanded, any other
     * listener always.
     *
     * @param listener the listener
     * @return whether events would reach someone
     */
    static boolean demanded(ProjectListener listener) {
        return !(listener instanceof ProjectEventSink s) || s.demanded();
    }
}
