package dev.mlops;

import dev.mlops.event.ProjectListener;
import dev.mlops.exception.NotFoundException;
import dev.mlops.internal.Validation;
import dev.mlops.spi.Backend;
import java.nio.file.Path;
import java.util.List;

/**
 * The entry point: declare a project with {@link #builder()}, or reattach to one from any process with
 * {@link #open(String)}.
 *
 * <pre>{@code
 * try (Project project = MlopsProjects.builder().name("abalone").template(Templates.modelBuildTrainDeploy()).create()) {
 *     Execution build = project.pipelines().build().awaitLatest(Duration.ofMinutes(5));
 *     ModelVersion candidate = project.models().pendingApproval().first().orElseThrow();
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
     * Starts declaring a project (or choosing one to {@link ProjectBuilder#open() open}, or a store to
     * {@link ProjectBuilder#list() list}).
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
        return builder().name(name).open();
    }

    /**
     * Opens an existing project of the embedded backend in a given home.
     *
     * @param name the project's name
     * @param home the embedded backend's home directory
     * @return the project; close it when done
     * @throws NotFoundException if there is no such project in that home
     */
    public static Project open(String name, Path home) {
        return builder().name(name).home(home).open();
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
        ProjectBuilder b = builder().name(name).backend(backend);
        for (ProjectListener l : Validation.notNull("listeners", listeners, "listeners (none is fine)")) {
            b.listener(l);
        }
        return b.open();
    }

    /**
     * The projects of the default backend.
     *
     * @return their names, sorted
     */
    public static List<String> list() {
        return builder().list();
    }

    /**
     * The projects of the embedded backend in a given home.
     *
     * @param home the home directory
     * @return their names, sorted
     */
    public static List<String> list(Path home) {
        return builder().home(home).list();
    }
}
