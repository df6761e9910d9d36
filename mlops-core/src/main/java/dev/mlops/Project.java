package dev.mlops;

import dev.mlops.event.EventCursor;
import dev.mlops.event.EventPage;
import dev.mlops.event.ProjectListener;
import dev.mlops.template.Template;
import java.util.Map;

/**
 * An MLOps project: its repositories, pipelines, model registry, approval gates and environments, operated
 * from code. Get one from {@link MlopsProjects#builder()} or {@link MlopsProjects#open(String)}; close it when
 * done (on the embedded backend, closing stops this process's share of the work; state stays on disk and
 * another process or a later {@code open} continues it).
 *
 * <pre>{@code
 * try (Project project = MlopsProjects.builder().name("abalone").template(Templates.modelBuildTrainDeploy()).create()) {
 *     project.pipelines().build().awaitLatest(Duration.ofMinutes(5));
 *     project.models().pendingApproval().first().orElseThrow().approve("MSE below 6.0");
 * }
 * }</pre>
 */
public interface Project extends AutoCloseable {

    /**
     * The project's name.
     *
     * @return the name
     */
    String name();

    /**
     * The project's id, {@code p-} and 12 lowercase letters and digits.
     *
     * @return the id
     */
    String id();

    /**
     * The template it was created from.
     *
     * @return the template
     */
    Template template();

    /**
     * Its tags, including {@code sagemaker:project-name} and {@code sagemaker:project-id}.
     *
     * @return the tags
     */
    Map<String, String> tags();

    /**
     * The backends the project's components come from, e.g. {@code local}, or {@code local+memory} for a
     * composition.
     *
     * @return the name
     */
    String backend();

    /**
     * The source repositories.
     *
     * @return the repositories
     */
    Repositories repositories();

    /**
     * The CI/CD pipelines.
     *
     * @return the pipelines
     */
    Pipelines pipelines();

    /**
     * The model registry group.
     *
     * @return the models
     */
    Models models();

    /**
     * The manual approval gates.
     *
     * @return the gates
     */
    Gates gates();

    /**
     * The deployment environments.
     *
     * @return the environments
     */
    Environments environments();

    /**
     * The model monitors (schedules, executions, reports, ground truth). Empty of schedules unless the template
     * has a monitor pipeline, such as {@code Templates.modelBuildTrainDeployMonitor()}.
     *
     * @return the monitors
     */
    Monitors monitors();

    /**
     * Events after a cursor, each subject's in the order they happened.
     *
     * @param after {@link EventCursor#START} for all, or a page's {@code next()}
     * @return the events and the cursor to read on from
     */
    EventPage events(EventCursor after);

    /**
     * Reads the whole project at once: each pipeline's latest run, the gates waiting, the newest and newest approved
     * model versions, and what each environment serves. It makes a bounded number of reads (one per pipeline and
     * environment, and three more), so a status view of many projects stays cheap.
     *
     * @return the status
     */
    ProjectStatus status();

    /**
     * What {@link #update(Template)} would change.
     *
     * @param template the template wanted
     * @return the plan, empty if the template is the project's
     */
    Plan plan(Template template);

    /**
     * Changes the project to another template (added stages, repositories, parameters, environments): plans, then
     * applies, reporting progress as events. Removing a repository is refused, since it would lose its history.
     *
     * @param template the template wanted
     * @return the plan that was applied
     */
    Plan update(Template template);

    /**
     * Adds a listener for events from now on.
     *
     * @param listener the listener
     */
    void addListener(ProjectListener listener);

    /**
     * Deletes everything the project made: endpoints, repositories, registry entries, artifacts and state.
     * The handle is closed afterwards.
     */
    void delete();

    /** Stops this process's work on the project; state stays. */
    @Override
    void close();
}
