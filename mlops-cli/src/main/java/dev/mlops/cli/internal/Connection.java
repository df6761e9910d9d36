package dev.mlops.cli.internal;

import dev.mlops.MlopsProjects;
import dev.mlops.ProjectBuilder;
import dev.mlops.template.Template;
import dev.mlops.template.Templates;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * The backend composition a command runs on: it hands out project builders with the chosen backend and components
 * already set, and closes what it opened (clients, backends) when the command ends.
 */
public final class Connection implements AutoCloseable {
    private final UnaryOperator<ProjectBuilder> configure;
    private final List<AutoCloseable> owned;
    private final String description;
    private final Function<String, Template> template;

    Connection(UnaryOperator<ProjectBuilder> configure, List<AutoCloseable> owned, String description) {
        this(configure, owned, description, name -> Templates.modelBuildTrainDeploy());
    }

    Connection(UnaryOperator<ProjectBuilder> configure, List<AutoCloseable> owned, String description,
            Function<String, Template> template) {
        this.configure = configure;
        this.owned = new ArrayList<>(owned);
        this.description = description;
        this.template = template;
    }

    /**
     * A new builder on this composition.
     *
     * @return a builder with the backend and components set; the caller sets the name and template
     */
    public ProjectBuilder builder() {
        return configure.apply(MlopsProjects.builder());
    }

    /**
     * The template a project gets on this composition unless a command names another: the model build, train and
     * deploy template, fitted to the composition. With GitHub or Bitbucket repositories on the embedded backend it
     * asks for third-party repositories; with CodePipeline over GitHub or Bitbucket it is the seed's third-party Git
     * template naming {@code <owner>/<name>-modelbuild} and {@code -modeldeploy} and the connection; with Jenkins it
     * is template G with those repositories and the approval route's parameters.
     *
     * @param projectName the project's name (the third-party templates name its repositories after it)
     * @return the template
     */
    public Template template(String projectName) {
        return template.apply(projectName);
    }

    /**
     * What this composition is, for people: e.g. {@code local (home /home/me/.mlops)}.
     *
     * @return the description; it never contains a secret
     */
    public String description() {
        return description;
    }

    @Override
    public void close() {
        RuntimeException first = null;
        for (int i = owned.size() - 1; i >= 0; i--) {
            try {
                owned.get(i).close();
            } catch (Exception e) {
                if (first == null) {
                    first = e instanceof RuntimeException r ? r : new IllegalStateException(e.getMessage(), e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    @Override
    public String toString() {
        return "Connection[" + description + "]";
    }
}
