package dev.mlops.cli.output;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.Plan;
import dev.mlops.PlannedChange;
import dev.mlops.Project;
import dev.mlops.ProjectStatus;
import dev.mlops.Repository;
import java.io.PrintStream;

/** Projects, their status and plans, as JSON and as text. */
public final class ProjectViews {
    private ProjectViews() {
    }

    /**
     * A project: {@code name, id, backend, template, tags{}, repositories[] (role, name, branch, cloneUri),
     * pipelines[] (role, name), environments[]}.
     *
     * @param p the project
     * @return the JSON object
     */
    public static ObjectNode json(Project p) {
        ObjectNode n = Json.object();
        n.put("name", p.name());
        n.put("id", p.id());
        n.put("backend", p.backend());
        n.put("template", p.template().id());
        n.set("tags", Json.strings(p.tags()));
        ArrayNode repos = n.putArray("repositories");
        for (Repository r : p.repositories().all()) {
            ObjectNode rn = repos.addObject();
            rn.put("role", r.role());
            rn.put("name", r.name());
            rn.put("branch", r.branch());
            rn.put("cloneUri", r.cloneUri().toString());
        }
        ArrayNode pipes = n.putArray("pipelines");
        p.pipelines().all().forEach(pl -> pipes.addObject().put("role", pl.role()).put("name", pl.name()));
        ArrayNode envs = n.putArray("environments");
        p.environments().all().forEach(e -> envs.add(e.name()));
        return n;
    }

    /**
     * Prints a project for people.
     *
     * @param p the project
     * @param out where to print
     */
    public static void print(Project p, PrintStream out) {
        out.printf("Project %s (%s), template %s, on the %s backend%n", p.name(), p.id(), p.template().id(), p.backend());
        Table t = Table.of("  REPOSITORY", "BRANCH", "CLONE URI");
        p.repositories().all().forEach(r -> t.row("  " + r.name(), r.branch(), r.cloneUri()));
        t.print(out, "  (no repositories)");
        p.pipelines().all().forEach(pl -> out.printf("  pipeline %s (%s)%n", pl.name(), pl.role()));
    }

    /**
     * A status: {@code project, backend, readAt, pipelines[] (pipeline, executionId, status, currentStage),
     * pendingGates[] (pipeline, gate, executionId, modelArn), latestModel, approvedModel (version, status, arn),
     * environments[] (environment, endpointName, endpointStatus, modelArn)}.
     *
     * @param s the status
     * @return the JSON object
     */
    public static ObjectNode json(ProjectStatus s) {
        ObjectNode n = Json.object();
        n.put("project", s.project());
        n.put("backend", s.backend());
        Json.time(n, "readAt", s.readAt());
        ArrayNode pipes = n.putArray("pipelines");
        for (ProjectStatus.PipelineState p : s.pipelines()) {
            ObjectNode pn = pipes.addObject();
            pn.put("pipeline", p.pipeline());
            Json.text(pn, "executionId", p.executionId());
            pn.put("status", p.status().map(Enum::name).orElse(null));
            Json.text(pn, "currentStage", p.currentStage());
        }
        ArrayNode gates = n.putArray("pendingGates");
        for (ProjectStatus.PendingGate g : s.pendingGates()) {
            ObjectNode gn = gates.addObject();
            gn.put("pipeline", g.pipeline());
            gn.put("gate", g.gate());
            gn.put("executionId", g.executionId());
            Json.text(gn, "modelArn", g.modelArn());
        }
        model(n, "latestModel", s.latestModel());
        model(n, "approvedModel", s.approvedModel());
        ArrayNode envs = n.putArray("environments");
        for (ProjectStatus.EnvironmentState e : s.environments()) {
            ObjectNode en = envs.addObject();
            en.put("environment", e.environment());
            en.put("endpointName", e.endpointName());
            en.put("endpointStatus", e.endpointStatus());
            Json.text(en, "modelArn", e.modelArn());
        }
        return n;
    }

    private static void model(ObjectNode n, String field, java.util.Optional<ProjectStatus.ModelState> m) {
        if (m.isEmpty()) {
            n.putNull(field);
            return;
        }
        n.putObject(field).put("version", m.get().version()).put("status", m.get().status().name()).put("arn", m.get().arn());
    }

    /**
     * Prints a status for people.
     *
     * @param s the status
     * @param out where to print
     */
    public static void print(ProjectStatus s, PrintStream out) {
        out.printf("Project %s on %s, read at %s%n", s.project(), s.backend(), s.readAt());
        Table p = Table.of("  PIPELINE", "EXECUTION", "STATUS", "STAGE");
        s.pipelines().forEach(x -> p.row("  " + x.pipeline(), x.executionId().orElse(null),
                x.status().map(Enum::name).orElse("never ran"), x.currentStage().orElse(null)));
        p.print(out, "  (no pipelines)");
        out.printf("  latest model: %s%n", s.latestModel().map(m -> "version " + m.version() + " " + m.status()).orElse("none"));
        out.printf("  approved model: %s%n", s.approvedModel().map(m -> "version " + m.version()).orElse("none"));
        if (s.pendingGates().isEmpty()) {
            out.println("  no gate waiting");
        }
        s.pendingGates().forEach(g -> out.printf("  gate %s of %s waiting (execution %s)%n", g.gate(), g.pipeline(),
                g.executionId()));
        Table e = Table.of("  ENVIRONMENT", "ENDPOINT", "STATUS", "MODEL");
        s.environments().forEach(x -> e.row("  " + x.environment(), x.endpointName(), x.endpointStatus(),
                x.modelArn().orElse(null)));
        e.print(out, "  (no environments)");
    }

    /**
     * A plan: {@code project, exists, empty, changes[] (action, resource, name, detail)}.
     *
     * @param plan the plan
     * @return the JSON object
     */
    public static ObjectNode json(Plan plan) {
        ObjectNode n = Json.object();
        n.put("project", plan.project());
        n.put("exists", plan.exists());
        n.put("empty", plan.isEmpty());
        ArrayNode a = n.putArray("changes");
        for (PlannedChange c : plan.changes()) {
            a.addObject().put("action", c.action().name()).put("resource", c.resource()).put("name", c.name())
                    .put("detail", c.detail());
        }
        return n;
    }

    /**
     * Prints a plan for people, one change a line ({@code +} create, {@code ~} update, {@code -} delete).
     *
     * @param plan the plan
     * @param out where to print
     */
    public static void print(Plan plan, PrintStream out) {
        if (plan.isEmpty()) {
            out.printf("Project %s: no changes%n", plan.project());
            return;
        }
        out.printf("Project %s would be %s:%n", plan.project(), plan.exists() ? "updated" : "created");
        plan.changes().forEach(c -> out.println("  " + c));
    }
}
