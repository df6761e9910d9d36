package dev.mlops.internal;

import dev.mlops.PlannedChange;
import dev.mlops.PlannedChange.Action;
import dev.mlops.template.ImmutableStage;
import dev.mlops.template.PipelineSpec;
import dev.mlops.template.RepositorySpec;
import dev.mlops.template.Stage;
import dev.mlops.template.Template;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * The differences between a project's template and another, as planned changes: what an update would make,
 * change or remove, named the way the project names its resources.
 */
final class TemplateDiff {
    private TemplateDiff() {
    }

    /**
     * Compares two templates.
     *
     * @param names how resources are named (the project's naming, or a draft's with {@code <id>})
     * @param current the project's template
     * @param wanted the template asked for
     * @return the changes, empty if equal
     */
    static List<PlannedChange> between(Function<String, String> names, Template current, Template wanted) {
        List<PlannedChange> out = new ArrayList<>();
        if (!current.id().equals(wanted.id())) {
            out.add(new PlannedChange(Action.UPDATE, "template", wanted.id(), "was " + current.id()));
        }
        Map<String, String> before = current.resolvedParameters();
        Map<String, String> after = wanted.resolvedParameters();
        for (String k : union(before.keySet(), after.keySet())) {
            if (!Objects.equals(before.get(k), after.get(k))) {
                out.add(new PlannedChange(before.containsKey(k) ? after.containsKey(k) ? Action.UPDATE : Action.DELETE
                        : Action.CREATE, "parameter", k, show(before.get(k)) + " → " + show(after.get(k))));
            }
        }
        Map<String, RepositorySpec> repos0 = byKey(current.repositories(), RepositorySpec::role);
        Map<String, RepositorySpec> repos1 = byKey(wanted.repositories(), RepositorySpec::role);
        for (String role : union(repos0.keySet(), repos1.keySet())) {
            RepositorySpec a = repos0.get(role);
            RepositorySpec b = repos1.get(role);
            if (a == null) {
                out.add(new PlannedChange(Action.CREATE, "repository", names.apply(role), "seeded with "
                        + b.seed().files().size() + " files on branch " + b.branch()));
            } else if (b == null) {
                out.add(new PlannedChange(Action.DELETE, "repository", names.apply(role), "removed from the template"));
            } else {
                if (!a.branch().equals(b.branch())) {
                    out.add(new PlannedChange(Action.UPDATE, "repository", names.apply(role), "tracked branch "
                            + a.branch() + " → " + b.branch()));
                }
                if (!a.seed().equals(b.seed())) {
                    out.add(new PlannedChange(Action.UPDATE, "repository", names.apply(role), "seed code differs ("
                            + a.seed().files().size() + " → " + b.seed().files().size() + " files); the repository"
                            + " keeps its history, so commit the files to change them"));
                }
            }
        }
        Map<String, PipelineSpec> p0 = byKey(current.pipelines(), PipelineSpec::role);
        Map<String, PipelineSpec> p1 = byKey(wanted.pipelines(), PipelineSpec::role);
        for (String role : union(p0.keySet(), p1.keySet())) {
            PipelineSpec a = p0.get(role);
            PipelineSpec b = p1.get(role);
            if (a == null) {
                out.add(new PlannedChange(Action.CREATE, "pipeline", names.apply(role), "stages " + stageNames(b)));
            } else if (b == null) {
                out.add(new PlannedChange(Action.DELETE, "pipeline", names.apply(role), "removed from the template"));
            } else {
                out.addAll(pipeline(names.apply(role), a, b));
            }
        }
        for (String env : union(Set.copyOf(current.environments()), Set.copyOf(wanted.environments()))) {
            boolean had = current.environments().contains(env);
            boolean has = wanted.environments().contains(env);
            if (had != has) {
                out.add(new PlannedChange(has ? Action.CREATE : Action.DELETE, "environment", env,
                        has ? "added" : "removed (its endpoint is undeployed)"));
            }
        }
        if (!current.productionEnvironments().equals(wanted.productionEnvironments())) {
            out.add(new PlannedChange(Action.UPDATE, "template", wanted.id(), "production environments "
                    + new java.util.TreeSet<>(current.productionEnvironments()) + " → "
                    + new java.util.TreeSet<>(wanted.productionEnvironments())));
        }
        if (!current.capabilities().equals(wanted.capabilities())) {
            out.add(new PlannedChange(Action.UPDATE, "template", wanted.id(), "needs " + wanted.capabilities()
                    + " instead of " + current.capabilities()));
        }
        return out;
    }

    private static List<PlannedChange> pipeline(String name, PipelineSpec a, PipelineSpec b) {
        List<PlannedChange> out = new ArrayList<>();
        if (!a.sourceRepository().equals(b.sourceRepository())) {
            out.add(new PlannedChange(Action.UPDATE, "pipeline", name, "source repository " + a.sourceRepository()
                    + " → " + b.sourceRepository()));
        }
        Map<String, Stage> s0 = byKey(a.stages(), Stage::name);
        Map<String, Stage> s1 = byKey(b.stages(), Stage::name);
        for (String stage : union(s0.keySet(), s1.keySet())) {
            Stage x = s0.get(stage);
            Stage y = s1.get(stage);
            if (x == null) {
                out.add(new PlannedChange(Action.UPDATE, "pipeline", name, "stage " + stage + " (" + y.type() + ") added"));
            } else if (y == null) {
                out.add(new PlannedChange(Action.UPDATE, "pipeline", name, "stage " + stage + " removed"));
            } else if (!x.equals(y)) {
                out.add(new PlannedChange(Action.UPDATE, "pipeline", name, "stage " + stage + " changed" + stageChange(x, y)));
            }
        }
        List<String> common0 = new ArrayList<>(s0.keySet());
        common0.retainAll(s1.keySet());
        List<String> common1 = new ArrayList<>(s1.keySet());
        common1.retainAll(s0.keySet());
        if (!common0.equals(common1)) {
            out.add(new PlannedChange(Action.UPDATE, "pipeline", name, "stages reordered: " + stageNames(b)));
        }
        if (!a.triggers().equals(b.triggers())) {
            out.add(new PlannedChange(Action.UPDATE, "pipeline", name, "triggers " + a.triggers() + " → " + b.triggers()));
        }
        return out;
    }

    /**
     * What changed in a stage's variables, e.g. {@code : variable HTTPS_PROXY 'http://a:3128' → 'http://b:3128'}, and
     * whether anything else did; empty when only other settings changed. Values are shown: they are plain settings,
     * never secrets (the stage refuses those).
     */
    private static String stageChange(Stage x, Stage y) {
        if (x.variables().equals(y.variables())) {
            return "";
        }
        List<String> parts = new ArrayList<>();
        for (String v : union(x.variables().keySet(), y.variables().keySet())) {
            String before = x.variables().get(v);
            String after = y.variables().get(v);
            if (!Objects.equals(before, after)) {
                parts.add("variable " + v + " " + show(before) + " → " + show(after));
            }
        }
        boolean more = !ImmutableStage.copyOf(x).withVariables(Map.of()).equals(ImmutableStage.copyOf(y).withVariables(Map.of()));
        return ": " + String.join(", ", parts) + (more ? ", and other settings" : "");
    }

    private static List<String> stageNames(PipelineSpec p) {
        return p.stages().stream().map(Stage::name).toList();
    }

    private static String show(String v) {
        return v == null ? "(unset)" : "'" + v + "'";
    }

    private static <T> Map<String, T> byKey(List<T> items, Function<T, String> key) {
        Map<String, T> out = new LinkedHashMap<>();
        items.forEach(i -> out.put(key.apply(i), i));
        return out;
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> out = new LinkedHashSet<>(a);
        out.addAll(b);
        return out;
    }
}
