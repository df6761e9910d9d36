package dev.mlops.internal;

import dev.mlops.Plan;
import dev.mlops.PlannedChange;
import dev.mlops.PlannedChange.Action;
import dev.mlops.event.ProjectListener;
import dev.mlops.exception.ConflictException;
import dev.mlops.spi.Components;
import dev.mlops.spi.ProjectDraft;
import dev.mlops.spi.ProjectRecord;
import dev.mlops.spi.ProjectStore;
import dev.mlops.template.PipelineSpec;
import dev.mlops.template.RepositorySpec;
import dev.mlops.template.Template;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Provisioning in two steps: {@link #plan} describes what would be made or changed against what exists, and
 * {@link #create}/{@link #update} apply it through the components, the store assigning the project's id.
 */
public final class Provisioner {
    private Provisioner() {
    }

    /**
     * Plans a project: everything to make if it does not exist, the template's differences if it does.
     *
     * @param components the composition
     * @param name the project's name
     * @param wanted the template asked for
     * @return the plan
     */
    public static Plan plan(Components components, String name, Template wanted) {
        ProjectStore store = components.projects();
        Optional<ProjectRecord> existing = store.find(name);
        if (existing.isEmpty()) {
            return new Plan(name, false, creation(name, wanted));
        }
        ProjectRecord record = existing.get();
        List<PlannedChange> changes = new ArrayList<>();
        if (store.isBeingDeleted(record)) {
            // Neither a create nor an update applies to it: say what does.
            changes.add(new PlannedChange(Action.DELETE, "project", name, "a delete was cut short; delete the project"
                    + " again to finish it, then create it"));
            return new Plan(name, true, changes);
        }
        if (!store.isActive(record)) {
            changes.add(new PlannedChange(Action.UPDATE, "project", name, "provisioning was interrupted; resume it"));
        }
        changes.addAll(TemplateDiff.between(record::resourceName, record.template(), wanted));
        return new Plan(name, true, changes);
    }

    private static List<PlannedChange> creation(String name, Template t) {
        String stem = "sagemaker-" + name + "-<id>-";
        List<PlannedChange> out = new ArrayList<>();
        out.add(new PlannedChange(Action.CREATE, "project", name, "from template " + t.id() + " (id assigned on apply)"));
        for (RepositorySpec r : t.repositories()) {
            out.add(new PlannedChange(Action.CREATE, "repository", stem + r.role(), "seeded with "
                    + r.seed().files().size() + " files on branch " + r.branch()));
        }
        for (PipelineSpec p : t.pipelines()) {
            out.add(new PlannedChange(Action.CREATE, "pipeline", stem + p.role(), "stages "
                    + p.stages().stream().map(s -> s.name()).toList() + ", triggers " + p.triggers()));
        }
        String own = t.parameterValues().getOrDefault("SourceModelPackageGroupName", "");
        if (own.isEmpty() && !t.pipelines().isEmpty()) {
            out.add(new PlannedChange(Action.CREATE, "model package group", name + "-<id>", ""));
        }
        return out;
    }

    /**
     * Creates a project, or resumes one whose provisioning was interrupted; an existing project made from an equal
     * template is returned as it is.
     *
     * @param components the composition
     * @param draft the project
     * @param progress receives provisioning progress
     * @return the project, and whether this call completed its provisioning
     * @throws ConflictException if the project exists with another template; the message lists the differences
     */
    public static Created create(Components components, ProjectDraft draft, ProjectListener progress) {
        ProjectStore store = components.projects();
        Optional<ProjectRecord> existing = store.find(draft.name());
        if (existing.isPresent() && store.isBeingDeleted(existing.get())) {
            throw beingDeleted(draft.name());
        }
        if (existing.isPresent() && store.isActive(existing.get())) {
            refuseIfChanged(existing.get(), draft.template());
            return new Created(existing.get(), false);
        }
        ProjectRecord record = store.create(draft, progress);
        if (store.isActive(record)) {
            // Made by a concurrent create between the find and here.
            refuseIfChanged(record, draft.template());
            return new Created(record, false);
        }
        for (RepositorySpec r : record.template().repositories()) {
            components.repositories().provision(record, r);
        }
        components.orchestrator().provision(record, components);
        boolean activated = store.activate(record);
        return new Created(record, activated);
    }

    private static ConflictException beingDeleted(String name) {
        return new ConflictException("Project " + name + " is being deleted (a delete was cut short or is running in"
                + " another process); delete it again to finish, then create it", List.of(),
                Map.of("project", name, "state", "DELETING"));
    }

    private static void refuseIfChanged(ProjectRecord record, Template wanted) {
        List<PlannedChange> diff = TemplateDiff.between(record::resourceName, record.template(), wanted);
        if (!diff.isEmpty()) {
            List<String> lines = diff.stream().map(PlannedChange::toString).toList();
            throw new ConflictException("Project " + record.name() + " exists with a different template; apply the"
                    + " change with project.update(template) (see project.plan(template)), or delete the project first",
                    lines, Map.of("project", record.name(), "template", record.template().id()));
        }
    }

    /**
     * Applies a template change to an existing project.
     *
     * @param components the composition
     * @param record the project
     * @param wanted the template asked for
     * @return the applied plan and the project after it
     * @throws ConflictException if the change would remove a repository
     */
    public static Updated update(Components components, ProjectRecord record, Template wanted) {
        List<PlannedChange> changes = TemplateDiff.between(record::resourceName, record.template(), wanted);
        Plan plan = new Plan(record.name(), true, changes);
        if (changes.isEmpty()) {
            return new Updated(plan, record);
        }
        List<String> removals = changes.stream().filter(c -> c.action() == Action.DELETE && c.resource().equals("repository"))
                .map(PlannedChange::toString).toList();
        if (!removals.isEmpty()) {
            throw new ConflictException("Project " + record.name() + " cannot drop a repository in an update, since its"
                    + " history would be lost; keep it in the template, or delete the project", removals,
                    Map.of("project", record.name()));
        }
        List<String> before = record.template().repositories().stream().map(RepositorySpec::role).toList();
        for (RepositorySpec r : wanted.repositories()) {
            if (!before.contains(r.role())) {
                components.repositories().provision(record, r);
            }
        }
        for (String env : record.template().environments()) {
            if (!wanted.environments().contains(env)) {
                components.endpoints().undeploy(record, record.endpointName(env));
            }
        }
        String summary = String.join("\n", changes.stream().map(PlannedChange::toString).toList());
        ProjectRecord updated = components.projects().update(record, wanted, summary);
        components.orchestrator().provision(updated, components);
        return new Updated(plan, updated);
    }

    /**
     * Deletes what every component made for the project, then the record. The store first stops the project's
     * work everywhere, so that no stage still writes into what the components delete.
     *
     * @param components the composition
     * @param record the project
     */
    public static void delete(Components components, ProjectRecord record) {
        components.projects().beginDelete(record);
        components.endpoints().deleteProject(record);
        components.registry().deleteProject(record);
        components.repositories().deleteProject(record);
        components.orchestrator().deleteProject(record);
        components.projects().delete(record);
    }

    /**
     * A project after {@link #create}.
     *
     * @param record the stored project
     * @param madeNow whether this call completed its provisioning
     */
    public record Created(ProjectRecord record, boolean madeNow) {
    }

    /**
     * A project after {@link #update}.
     *
     * @param plan what was applied
     * @param record the stored project after it
     */
    public record Updated(Plan plan, ProjectRecord record) {
    }
}
