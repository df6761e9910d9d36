package dev.mlops;

import dev.mlops.event.ProjectListener;
import dev.mlops.exception.UnsupportedByBackendException;
import dev.mlops.exception.ValidationException;
import dev.mlops.internal.Backends;
import dev.mlops.internal.DefaultProject;
import dev.mlops.internal.Validation;
import dev.mlops.spi.Backend;
import dev.mlops.spi.ProjectRecord;
import dev.mlops.template.Capability;
import dev.mlops.template.Template;
import dev.mlops.template.Templates;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Declares a project and creates it (or reattaches to it, if it exists): name, template, backend, tags,
 * listeners. Get one from {@link MlopsProjects#builder()}.
 *
 * <pre>{@code
 * Project project = MlopsProjects.builder()
 *         .name("abalone")
 *         .template(Templates.modelBuildTrainDeploy())
 *         .listener(event -> System.out.println(event.message()))
 *         .create();
 * }</pre>
 */
public final class ProjectBuilder {
    private static final SecureRandom RANDOM = new SecureRandom();
    private String name;
    private String description = "";
    private Template template;
    private Backend backend;
    private String backendName;
    private final Map<String, String> backendOptions = new LinkedHashMap<>();
    private final Map<String, String> tags = new LinkedHashMap<>();
    private final Map<String, String> parameters = new LinkedHashMap<>();
    private final List<ProjectListener> listeners = new ArrayList<>();
    private String user = System.getProperty("mlops.user", System.getProperty("user.name", "unknown"));

    ProjectBuilder() {
    }

    /**
     * Sets the project's name.
     *
     * @param name 1 to 32 characters, a letter first, then letters, digits and hyphens
     * @return this builder
     * @throws ValidationException if the name breaks the rule
     */
    public ProjectBuilder name(String name) {
        Validation.projectName("Project.name", name);
        this.name = name;
        return this;
    }

    /**
     * Sets a description.
     *
     * @param description up to 1024 characters
     * @return this builder
     */
    public ProjectBuilder description(String description) {
        if (description != null && description.length() > 1024) {
            throw new ValidationException("Project.description", description.substring(0, 40) + "…", "at most 1024 characters");
        }
        this.description = description == null ? "" : description;
        return this;
    }

    /**
     * Sets the template; by default {@link Templates#modelBuildTrainDeploy()}.
     *
     * @param template the template
     * @return this builder
     */
    public ProjectBuilder template(Template template) {
        this.template = template;
        return this;
    }

    /**
     * Gives a template parameter's value.
     *
     * @param name the parameter
     * @param value its value
     * @return this builder
     */
    public ProjectBuilder parameter(String name, String value) {
        parameters.put(name, value);
        return this;
    }

    /**
     * Uses a backend made by the caller, who also closes it.
     *
     * @param backend the backend
     * @return this builder
     */
    public ProjectBuilder backend(Backend backend) {
        this.backend = backend;
        return this;
    }

    /**
     * Uses a backend by name, found on the class path; the project closes it.
     *
     * @param name e.g. {@code local} or {@code aws}
     * @return this builder
     */
    public ProjectBuilder backend(String name) {
        this.backendName = name;
        return this;
    }

    /**
     * Sets the embedded backend's home directory (when no backend is passed).
     *
     * @param home the directory
     * @return this builder
     */
    public ProjectBuilder home(Path home) {
        backendOptions.put("home", home.toString());
        return this;
    }

    /**
     * Adds a tag.
     *
     * @param key 1 to 128 characters, not starting with {@code aws:} or {@code sagemaker:} (those are set by the SDK)
     * @param value up to 256 characters
     * @return this builder
     */
    public ProjectBuilder tag(String key, String value) {
        if (key == null || key.isEmpty() || key.length() > 128) {
            throw new ValidationException("Project.tags.key", key, "1 to 128 characters");
        }
        if (key.startsWith("aws:") || key.startsWith("sagemaker:")) {
            throw new ValidationException("Project.tags.key", key, "free of the reserved prefixes aws: and sagemaker:");
        }
        if (value == null || value.length() > 256) {
            throw new ValidationException("Project.tags." + key, value, "at most 256 characters");
        }
        tags.put(key, value);
        return this;
    }

    /**
     * Adds a listener for the project's events (stage transitions, gates, registrations, deployments). When
     * {@link #create()} makes the project, the listener also receives the events of its making.
     *
     * @param listener the listener
     * @return this builder
     */
    public ProjectBuilder listener(ProjectListener listener) {
        listeners.add(listener);
        return this;
    }

    /**
     * Sets the user recorded with approvals and commits made through this handle.
     *
     * @param user the user's name
     * @return this builder
     */
    public ProjectBuilder user(String user) {
        Validation.notBlank("Project.user", user);
        this.user = user;
        return this;
    }

    /**
     * Creates the project, or reattaches to it if one of that name exists with the same template. Creating
     * provisions its repositories (seeded with the template's seed code, whose first commit starts the build
     * pipeline), its pipelines and its model group.
     *
     * @return the project; close it when done
     * @throws ValidationException if the name is missing or a required template parameter has no value
     * @throws UnsupportedByBackendException if the backend cannot run the template
     */
    public Project create() {
        if (name == null) {
            throw new ValidationException("Project.name", null, "set: call name(...) before create()");
        }
        Template t = template != null ? template : Templates.modelBuildTrainDeploy();
        for (Map.Entry<String, String> p : parameters.entrySet()) {
            t = t.withParameter(p.getKey(), p.getValue());
        }
        t.resolvedParameters();
        boolean owns = backend == null;
        Backend b = owns ? Backends.create(backendName, backendOptions) : backend;
        try {
            Set<Capability> missing = EnumSet.noneOf(Capability.class);
            missing.addAll(t.capabilities());
            missing.removeAll(b.capabilities());
            if (!missing.isEmpty()) {
                throw new UnsupportedByBackendException(b.name(), "run template " + t.id() + ": it needs " + missing
                        + " and the backend offers " + b.capabilities(),
                        "use a backend that offers them, or a template that needs only " + b.capabilities()
                                + " (such as Templates.modelBuildTrainDeploy())");
            }
            String id = "p-" + randomId();
            Map<String, String> allTags = new LinkedHashMap<>(tags);
            allTags.put("sagemaker:project-name", name);
            allTags.put("sagemaker:project-id", id);
            if (!description.isEmpty()) {
                allTags.put("mlops:description", description);
            }
            ProjectRecord record = b.projects().create(new ProjectRecord(name, id, t, allTags, Instant.now()));
            if (record.id().equals(id)) {
                // A project made by this call: its listeners also hear how it was made (created, repositories seeded).
                b.projects().events(name, 0).forEach(e -> listeners.forEach(l -> l.onEvent(e)));
            }
            return new DefaultProject(b, owns, record, user, listeners);
        } catch (RuntimeException e) {
            if (owns) {
                b.close();
            }
            throw e;
        }
    }

    private static String randomId() {
        String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
        StringBuilder sb = new StringBuilder(12);
        for (int i = 0; i < 12; i++) {
            sb.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        }
        return sb.toString();
    }
}
