package dev.mlops;

import dev.mlops.event.ProjectListener;
import dev.mlops.exception.NotFoundException;
import dev.mlops.internal.Backends;
import dev.mlops.internal.DefaultProject;
import dev.mlops.internal.Validation;
import dev.mlops.spi.Backend;
import dev.mlops.spi.ProjectRecord;
import java.util.List;
import java.util.Map;

/**
 * The entry point: declare a project with {@link #builder()}, or reattach to one from any process with
 * {@link #open(String)}.
 *
 * <pre>{@code
 * try (Project project = MlopsProjects.builder().name("abalone").template(Templates.modelBuildTrainDeploy()).create()) {
 *     Execution build = project.pipelines().build().awaitLatest(Duration.ofMinutes(5));
 *     ModelVersion candidate = project.models().pendingApproval().get(0);
 *     candidate.approve("MSE below 6.0 on the test split");
 * }
 *
 * // later, from another process
 * try (Project project = MlopsProjects.open("abalone")) {
 *     project.gates().pending().forEach(gate -> gate.approve("staging tests passed"));
 * }
 * }</pre>
 */
public final class MlopsProjects {
    private MlopsProjects() {
    }

    /**
     * Starts declaring a project.
     *
     * @return a builder
     */
    public static ProjectBuilder builder() {
        return new ProjectBuilder();
    }

    /**
     * Opens an existing project on the default backend (the embedded one, unless {@code mlops.backend} or
     * {@code MLOPS_BACKEND} names another).
     *
     * @param name the project's name
     * @return the project; close it when done
     * @throws NotFoundException if there is no such project
     */
    public static Project open(String name) {
        Backend backend = Backends.create(null, Map.of());
        try {
            return open(name, backend, true, List.of());
        } catch (RuntimeException e) {
            backend.close();
            throw e;
        }
    }

    /**
     * Opens an existing project on a given backend, which the caller closes.
     *
     * @param name the project's name
     * @param backend the backend
     * @param listeners listeners for the project's events from now on
     * @return the project
     * @throws NotFoundException if there is no such project
     */
    public static Project open(String name, Backend backend, ProjectListener... listeners) {
        return open(name, backend, false, List.of(listeners));
    }

    private static Project open(String name, Backend backend, boolean owns, List<ProjectListener> listeners) {
        Validation.projectName("Project.name", name);
        ProjectRecord record = backend.projects().find(name).orElseThrow(() -> new NotFoundException("project", name,
                "backend " + backend.name() + " has " + backend.projects().list().stream().map(ProjectRecord::name).toList()
                        + "; create it with MlopsProjects.builder()…create()"));
        String user = System.getProperty("mlops.user", System.getProperty("user.name", "unknown"));
        return new DefaultProject(backend, owns, record, user, listeners);
    }
}
