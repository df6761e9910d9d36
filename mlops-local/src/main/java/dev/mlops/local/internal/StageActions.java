package dev.mlops.local.internal;

import dev.mlops.ModelApprovalStatus;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.ExecutionStatus;
import dev.mlops.event.ProjectEventType;
import dev.mlops.exception.MlopsBackendException;
import dev.mlops.exception.MlopsClientException;
import dev.mlops.exception.UnsupportedByBackendException;
import dev.mlops.pipeline.EndpointTest;
import dev.mlops.pipeline.EndpointTestContext;
import dev.mlops.spi.ModelVersionInfo;
import dev.mlops.spi.ProjectRecord;
import dev.mlops.template.ApprovalGate;
import dev.mlops.template.PipelineSpec;
import dev.mlops.template.RepositorySpec;
import dev.mlops.template.Stage;
import dev.mlops.template.StageType;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What each stage type does on the embedded backend. */
final class StageActions {
    private final LocalContext ctx;
    private final LocalRepositories repositories;
    private final RegistryPort registry;
    private final MlPipelineRunner mlRunner;
    private final SourceCompiler compiler;
    private final EndpointManager endpoints;
    private final LocalEndpointHost host;
    private final MonitorStageActions monitorStages;

    StageActions(LocalContext ctx, LocalRepositories repositories, RegistryPort registry, MlPipelineRunner mlRunner,
            SourceCompiler compiler, EndpointManager endpoints, LocalEndpointHost host, LocalMonitors monitors,
            LocalArtifactStore artifacts) {
        this.ctx = ctx;
        this.repositories = repositories;
        this.registry = registry;
        this.mlRunner = mlRunner;
        this.compiler = compiler;
        this.endpoints = endpoints;
        this.host = host;
        this.monitorStages = new MonitorStageActions(ctx, registry, endpoints, monitors, artifacts);
    }

    /** Thrown when the execution was superseded or the gate expired while waiting; the run just ends. */
    static final class Superseded extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Superseded(String message) {
            super(message);
        }
    }

    Path workDir(ProjectRecord project, String executionId) {
        return ctx.projectDir(project.name()).resolve("work").resolve(executionId);
    }

    /**
     * Runs a stage.
     *
     * @return a one-line summary
     */
    String run(ProjectRecord project, PipelineSpec pipeline, Stage stage, Executions.Row row, StageLog log) throws Exception {
        switch (stage.type()) {
            case SOURCE:
                return source(project, pipeline, row, log);
            case ML_PIPELINE:
                return mlRunner.run(project, row.id, row.sourceCommit, checkout(project, pipeline, row), workDir(project, row.id), log.stream());
            case DEPLOY_CONFIG:
                return deployConfig(project, pipeline, row, log);
            case DEPLOY:
                return deploy(project, stage, row, log);
            case TEST:
                return test(project, pipeline, stage, row, log);
            case APPROVAL:
                return approval(project, pipeline, stage, row, log);
            case COMMAND:
                return command(project, pipeline, stage, row, log);
            case MONITOR_CONFIG:
                return monitorStages.config(project, pipeline, row, checkout(project, pipeline, row), workDir(project, row.id), log);
            case MONITOR_DEPLOY:
                return monitorStages.deploy(project, stage, row, workDir(project, row.id), log);
            default:
                throw new UnsupportedByBackendException("local", "run " + stage.type() + " stages (stage " + stage.name() + ")",
                        "use the AWS backend for this template, or remove the stage");
        }
    }

    private String source(ProjectRecord project, PipelineSpec pipeline, Executions.Row row, StageLog log) throws Exception {
        RepositorySpec repo = project.template().repository(pipeline.sourceRepository()).orElseThrow();
        Path dir = repositories.path(project, repo.role());
        String commit = row.sourceCommit != null ? row.sourceCommit : repositories.head(dir, repo.branch());
        if (commit == null) {
            throw new MlopsClientException("Branch " + repo.branch() + " of repository " + project.resourceName(repo.role())
                    + " has no commit", null, Map.of("repository", repo.role()));
        }
        row.sourceCommit = commit;
        Path target = workDir(project, row.id).resolve("source");
        MlPipelineRunner.deleteTree(target);
        repositories.checkout(dir, commit, target);
        log.line("checked out " + project.resourceName(repo.role()) + " " + repo.branch() + " at " + commit);
        return "commit " + commit.substring(0, 7) + " of " + project.resourceName(repo.role());
    }

    private Path checkout(ProjectRecord project, PipelineSpec pipeline, Executions.Row row) {
        Path target = workDir(project, row.id).resolve("source");
        if (!Files.isDirectory(target) && row.sourceCommit != null) {
            RepositorySpec repo = project.template().repository(pipeline.sourceRepository()).orElseThrow();
            repositories.checkout(repositories.path(project, repo.role()), row.sourceCommit, target);
        }
        return target;
    }

    private String modelGroup(ProjectRecord project) {
        String own = project.template().parameterValues().getOrDefault("SourceModelPackageGroupName", "");
        return own.isEmpty() ? project.nameId() : own;
    }

    /** The original {@code build.py}: newest approved version, merged into each environment's configuration. */
    private String deployConfig(ProjectRecord project, PipelineSpec pipeline, Executions.Row row, StageLog log) throws Exception {
        String group = modelGroup(project);
        String asked = row.outputs.get(Executions.PARAM + "ModelPackageArn");
        Optional<ModelVersionInfo> approved = asked == null ? registry.latestApproved(group) : registry.byArn(asked);
        if (asked != null) {
            ModelVersionInfo a = approved.orElseThrow(() -> new MlopsClientException("Model version " + asked
                    + " asked for by this run is not in the registry", null, Map.of("modelArn", asked)));
            if (!a.group().equals(group) || a.status() != ModelApprovalStatus.Approved) {
                throw new MlopsClientException("Model version " + asked + " asked for by this run is " + a.status()
                        + " in group " + a.group() + ": only an approved version of " + group + " is deployed", null,
                        Map.of("modelArn", asked));
            }
        }
        approved.ifPresent(registry::checkDecision);
        if (approved.isEmpty()) {
            throw new MlopsClientException("No approved model version found in model package group " + group
                    + ": approve one (project.models().pendingApproval()…approve(…)) and the deploy pipeline runs again",
                    null, Map.of("group", group));
        }
        ModelVersionInfo v = approved.get();
        Path source = checkout(project, pipeline, row);
        for (Stage s : pipeline.stages()) {
            if (s.type() != StageType.DEPLOY) {
                continue;
            }
            String file = s.configFile().orElse(s.environment().orElseThrow() + "-config.json");
            Path cfg = ContainedPaths.resolve(source, file, "the configuration of stage " + s.name());
            if (!Files.isRegularFile(cfg)) {
                throw new MlopsClientException("The deploy repository has no " + file + " for stage " + s.name(), null,
                        Map.of("file", file));
            }
            JsonNode root;
            try {
                root = Json.MAPPER.readTree(cfg.toFile());
            } catch (Exception e) {
                throw new MlopsClientException(file + " is not valid JSON: " + e.getMessage(), e, Map.of("file", file));
            }
            JsonNode params = root.get("Parameters");
            if (params == null || !params.isObject() || !params.has("StageName")) {
                throw new MlopsClientException(file + " must hold {\"Parameters\": {\"StageName\": …, …}}", null, Map.of("file", file));
            }
            ObjectNode export = Json.MAPPER.createObjectNode();
            ObjectNode p = export.putObject("Parameters");
            Iterator<Map.Entry<String, JsonNode>> it = params.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                p.put(e.getKey(), e.getValue().asText());
            }
            p.put("SageMakerProjectName", project.name());
            p.put("ModelPackageName", v.arn());
            ObjectNode tags = export.putObject("Tags");
            tags.put("sagemaker:deployment-stage", params.get("StageName").asText());
            project.tags().forEach(tags::put);
            String exportName = s.environment().orElseThrow() + "-config-export.json";
            OwnerOnly.writeString(ContainedPaths.resolve(workDir(project, row.id), exportName, "the export of stage " + s.name()),
                    Json.pretty(export));
            row.outputs.put("export." + s.environment().orElseThrow(), Json.write(export));
            log.line("exported " + exportName + " for model version " + v.version() + " (" + v.arn() + ")");
        }
        row.outputs.put("modelArn", v.arn());
        return "model version " + v.version() + (asked == null ? " (newest approved in " + group + ")"
                : " (asked for: " + row.trigger + ")");
    }

    private String deploy(ProjectRecord project, Stage stage, Executions.Row row, StageLog log) throws Exception {
        String env = stage.environment().orElseThrow();
        String export = row.outputs.get("export." + env);
        String arn = row.outputs.get("modelArn");
        if (export == null || arn == null) {
            throw new MlopsClientException("Stage " + stage.name() + " has no exported configuration for " + env
                    + ": a DEPLOY_CONFIG stage must come before it", null, Map.of("stage", stage.name()));
        }
        Map<String, String> params = new LinkedHashMap<>();
        Json.tree(export).get("Parameters").fields().forEachRemaining(e -> params.put(e.getKey(), e.getValue().asText()));
        ModelVersionInfo v = registry.byArn(arn).orElseThrow();
        String endpoint = project.endpointName(env);
        URI url = endpoints.deploy(project, row.id, env, endpoint, v, params, log);
        return endpoint + " serves model version " + v.version() + " at " + url;
    }

    private String test(ProjectRecord project, PipelineSpec pipeline, Stage stage, Executions.Row row, StageLog log) throws Exception {
        String env = stage.environment().orElseThrow();
        String endpoint = project.endpointName(env);
        URI url = endpoints.url(endpoint).orElseThrow(() -> new MlopsClientException("Endpoint " + endpoint
                + " is not deployed: a DEPLOY stage for " + env + " must come before " + stage.name(), null, Map.of()));
        Path source = checkout(project, pipeline, row);
        if (!stage.command().isEmpty()) {
            return runCommand(stage, source, Map.of("ENDPOINT_URL", url.toString(), "ENDPOINT_NAME", endpoint), log);
        }
        if (!Files.isDirectory(source.resolve("test"))) {
            throw new MlopsClientException("The deploy repository has no test/ folder with an EndpointTest for stage "
                    + stage.name() + ": add one, or give the stage a command", null, Map.of("stage", stage.name()));
        }
        Map<String, String> config = new LinkedHashMap<>();
        String export = row.outputs.get("export." + env);
        if (export != null) {
            Json.tree(export).get("Parameters").fields().forEachRemaining(e -> config.put(e.getKey(), e.getValue().asText()));
        }
        int ran = 0;
        try (URLClassLoader loader = compiler.compile(source, "test", log.stream())) {
            for (String name : SourceCompiler.classNames(source, "test")) {
                Class<?> c = Class.forName(name, true, loader);
                if (!EndpointTest.class.isAssignableFrom(c) || c.isInterface() || java.lang.reflect.Modifier.isAbstract(c.getModifiers())) {
                    continue;
                }
                EndpointTest t = (EndpointTest) MlPipelineRunner.newInstance(loader, name, EndpointTest.class, "test " + name);
                log.line("running " + name + " against " + endpoint);
                try {
                    t.run(testContext(project, endpoint, url, source, config, log.stream()));
                } catch (Throwable e) {
                    throw new MlopsClientException("Endpoint test " + name + " failed on " + endpoint + ": " + e.getMessage(), e,
                            Map.of("test", name, "endpoint", endpoint));
                }
                ran++;
            }
        }
        if (ran == 0) {
            throw new MlopsClientException("No class under test/ implements dev.mlops.pipeline.EndpointTest: stage "
                    + stage.name() + " has nothing to check", null, Map.of("stage", stage.name()));
        }
        return ran + " endpoint test(s) passed on " + endpoint;
    }

    private EndpointTestContext testContext(ProjectRecord project, String endpoint, URI url, Path source,
            Map<String, String> config, PrintStream log) {
        return new EndpointTestContext() {
            @Override
            public String endpointName() {
                return endpoint;
            }

            @Override
            public URI endpointUrl() {
                return url;
            }

            @Override
            public String invoke(String contentType, String body) {
                return new String(host.invoke(project, endpoint, contentType, "text/csv".equals(contentType) ? "text/csv" : "application/json",
                        body.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
            }

            @Override
            public Path file(String relativePath) {
                Path p = source.resolve(relativePath).normalize();
                if (!p.startsWith(source)) {
                    throw new MlopsClientException(relativePath + " leaves the repository", null, Map.of());
                }
                return p;
            }

            @Override
            public Map<String, String> config() {
                return Map.copyOf(config);
            }

            @Override
            public PrintStream log() {
                return log;
            }
        };
    }


    private String command(ProjectRecord project, PipelineSpec pipeline, Stage stage, Executions.Row row, StageLog log) throws Exception {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("SAGEMAKER_PROJECT_NAME", project.name());
        env.put("SAGEMAKER_PROJECT_ID", project.id());
        stage.environment().flatMap(e -> endpoints.url(project.endpointName(e))).ifPresent(u -> env.put("ENDPOINT_URL", u.toString()));
        return runCommand(stage, checkout(project, pipeline, row), env, log);
    }

    private static String runCommand(Stage stage, Path dir, Map<String, String> env, StageLog log) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(stage.command()).directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process proc;
        try {
            proc = pb.start();
        } catch (java.io.IOException e) {
            throw new MlopsClientException("Stage " + stage.name() + " cannot start " + stage.command() + ": " + e.getMessage(), e,
                    Map.of("stage", stage.name()));
        }
        try (BufferedReader r = new BufferedReader(new InputStreamReader(proc.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                log.line(line);
            }
            int rc = proc.waitFor();
            if (rc != 0) {
                throw new MlopsClientException("Stage " + stage.name() + ": " + String.join(" ", stage.command()) + " exited with " + rc,
                        null, Map.of("stage", stage.name(), "exitCode", Integer.toString(rc)));
            }
        } catch (InterruptedException e) {
            proc.destroyForcibly();
            throw e;
        }
        return String.join(" ", stage.command()) + " exited with 0";
    }

    /** Waits at a manual gate; the approval row is created once, so a resumed run waits on the same one. */
    private String approval(ProjectRecord project, PipelineSpec pipeline, Stage stage, Executions.Row row, StageLog log) throws Exception {
        ApprovalGate gate = stage.gate().orElseThrow();
        String token = ctx.db().write(tx -> {
            List<String> existing = tx.query("SELECT token FROM approvals WHERE execution_id=? AND gate=?", rs -> rs.getString(1), row.id, gate.name());
            if (!existing.isEmpty()) {
                return existing.get(0);
            }
            String t = "approval-" + LocalContext.randomId(16);
            tx.update("INSERT INTO approvals(token, project, execution_id, pipeline, gate, message, approvers_json, status, created_at)"
                    + " VALUES(?,?,?,?,?,?,?,?,?)", t, project.name(), row.id, pipeline.role(), gate.name(), gate.message(),
                    Json.write(new ArrayList<>(gate.approvers())), "Pending", System.currentTimeMillis());
            tx.update("UPDATE executions SET status=? WHERE id=? AND status='InProgress'", ExecutionStatus.WaitingForApproval.name(), row.id);
            EventLog.append(tx, project.name(), ProjectEventType.GatePending, pipeline.role() + "/" + gate.name(),
                    "Gate " + gate.name() + " of " + pipeline.role() + " is waiting for approval: " + gate.message(),
                    Map.of("pipeline", pipeline.role(), "gate", gate.name(), "execution", row.id, "token", t));
            return t;
        });
        row.status = ExecutionStatus.WaitingForApproval;
        log.line("waiting at gate " + gate.name() + " (token " + token + ")");
        long deadline = gate.timeout().map(d -> System.currentTimeMillis() + d.toMillis()).orElse(Long.MAX_VALUE);
        while (true) {
            long seen = ctx.signal().generation();
            List<String[]> st = ctx.db().read(tx -> tx.query("SELECT status, decided_by, comment FROM approvals WHERE token=?",
                    rs -> new String[] {rs.getString(1), rs.getString(2), rs.getString(3)}, token));
            String status = st.get(0)[0];
            if (status.equals("Approved")) {
                // Every decision made through the API is an event written with it; one without is a decision written
                // around the API (by SQL into the state store) and does not open the gate.
                boolean recorded = !ctx.db().read(tx -> tx.query("SELECT seq FROM events WHERE project=? AND"
                        + " type='GateApproved' AND json_extract(detail_json, '$.token')=?", rs -> rs.getLong(1),
                        project.name(), token)).isEmpty();
                if (!recorded) {
                    throw new MlopsClientException("Gate " + gate.name() + " reads Approved (by " + st.get(0)[1] + "), but"
                            + " no decision event was recorded with it: it was written around the API and is refused;"
                            + " decide gates with project.gates()…approve(…)", null, Map.of("gate", gate.name()));
                }
                row.status = ExecutionStatus.InProgress;
                return "approved by " + st.get(0)[1] + (st.get(0)[2] == null || st.get(0)[2].isEmpty() ? "" : ": " + st.get(0)[2]);
            }
            if (status.equals("Rejected")) {
                throw new MlopsClientException("Gate " + gate.name() + " rejected by " + st.get(0)[1]
                        + (st.get(0)[2] == null || st.get(0)[2].isEmpty() ? "" : ": " + st.get(0)[2]), null, Map.of("gate", gate.name()));
            }
            if (status.equals("Expired")) {
                throw new Superseded("gate " + gate.name() + " expired: a newer execution superseded this one");
            }
            if (System.currentTimeMillis() > deadline) {
                ctx.db().write(tx -> tx.update("UPDATE approvals SET status='Expired', decided_at=? WHERE token=? AND status='Pending'",
                        System.currentTimeMillis(), token));
                throw new MlopsBackendException("Gate " + gate.name() + " timed out after " + gate.timeout().orElseThrow(), null,
                        Map.of("gate", gate.name()), false);
            }
            ctx.signal().awaitChange(seen, ctx.pollInterval().toMillis());
        }
    }
}
