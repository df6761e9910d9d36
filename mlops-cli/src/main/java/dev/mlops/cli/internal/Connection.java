package dev.mlops.cli.internal;

import dev.mlops.MlopsProjects;
import dev.mlops.ProjectBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The backend composition a command runs on: it hands out project builders with the chosen backend and components
 * already set, and closes what it opened (clients, backends) when the command ends.
 */
public final class Connection implements AutoCloseable {
    private final UnaryOperator<ProjectBuilder> configure;
    private final List<AutoCloseable> owned;
    private final String description;

    Connection(UnaryOperator<ProjectBuilder> configure, List<AutoCloseable> owned, String description) {
        this.configure = configure;
        this.owned = new ArrayList<>(owned);
        this.description = description;
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
