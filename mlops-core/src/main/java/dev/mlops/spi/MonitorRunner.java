package dev.mlops.spi;

import java.util.List;

/** Runs model monitors on endpoints: SageMaker Model Monitor or the embedded runner. */
public interface MonitorRunner {

    /**
     * The monitoring schedules deployed for a project, as {@code <endpoint>/<schedule>} names.
     *
     * @param project the project
     * @return the schedules
     */
    List<String> schedules(ProjectRecord project);
}
