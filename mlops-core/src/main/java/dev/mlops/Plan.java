package dev.mlops;

import java.util.List;

/**
 * What creating or updating a project would make or change, against what exists. Planning needs no credentials
 * for anything the project does not have yet; an unchanged project plans to nothing.
 *
 * <pre>{@code
 * Plan plan = MlopsProjects.builder().name("abalone").template(mine).plan();
 * plan.changes().forEach(System.out::println);      // + repository sagemaker-abalone-<id>-modelbuild: …
 * }</pre>
 *
 * @param project the project's name
 * @param exists whether the project exists already (the plan is then an update)
 * @param changes the changes, in the order apply makes them
 */
public record Plan(String project, boolean exists, List<PlannedChange> changes) {
    /**
     * Copies the changes: the record does not change when the caller's collection does.
     *
     * @param project the project's name
     * @param exists whether the project exists already (the plan is then an update)
     * @param changes the changes, in the order apply makes them
     */
    public Plan {
        changes = List.copyOf(changes);
    }

    /**
     * Whether applying would change nothing.
     *
     * @return {@code true} for an unchanged project
     */
    public boolean isEmpty() {
        return changes.isEmpty();
    }

    @Override
    public String toString() {
        if (changes.isEmpty()) {
            return "Plan{" + project + ": no changes}";
        }
        StringBuilder sb = new StringBuilder("Plan{").append(project).append(exists ? " (update)" : " (create)");
        changes.forEach(c -> sb.append("\n  ").append(c));
        return sb.append("\n}").toString();
    }
}
