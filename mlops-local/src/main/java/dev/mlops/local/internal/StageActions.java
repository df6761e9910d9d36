package dev.mlops.local.internal;

import dev.mlops.ModelApprovalStatus;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.ExecutionStatus;
import dev.mlops.event.ProjectEventType;
import dev.mlops.exception.MlopsBackendException;
import dev.mlops.exception.MlopsClientException;
import dev.mlops.exception.UnsupportedByBackendException;
import dev.mlops.local.internal.child.ChildProtocol;
import dev.mlops.spi.ModelVersionInfo;
import dev.mlops.spi.ProjectRecord;
import dev.mlops.template.ApprovalGate;
import dev.mlops.template.PipelineSpec;
import dev.mlops.template.RepositorySpec;
import dev.mlops.template.Stage;
import dev.mlops.template.StageType;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What each stage type does on the embedded backend. */
final class StageActions {
    /** How long a test stage's endpoint tests may run when the stage sets no timeout. */
    static final Duration DEFAULT_TEST_TIMEOUT = Duration.ofMinutes(10);
    /** How long a command (of a command or test stage) may run when the stage sets no timeout: CodeBuild's default. */
    static final Duration DEFAULT_COMMAND_TIMEOUT = Duration.ofMinutes(60);

    private final LocalContext ctx;
    private final dev.mlops.spi.SourceRepositories repositories;
    private final RegistryPort registry;
    private final MlPipelineRunner mlRunner;
    private final SourceCompiler compiler;
    private final EndpointManager endpoints;
    private final MonitorStageActions monitorStages;
    private final LocalImageBuilder ownImages;
    private final dev.mlops.spi.ImageBuilder images;
    private final Fence fence;

    StageActions(LocalContext ctx, dev.mlops.spi.SourceRepositories repositories, RegistryPort registry, MlPipelineRunner mlRunner,
            SourceCompiler compiler, EndpointManager endpoints, LocalMonitors monitors,
            LocalArtifactStore artifacts, LocalImageBuilder ownImages, dev.mlops.spi.ImageBuilder images, Fence fence) {
        this.ownImages = ownImages;
        this.images = images;
        this.fence = fence;
        this.ctx = ctx;
        this.repositories = repositories;
        this.registry = registry;
        this.mlRunner = mlRunner;
        this.compiler = compiler;
        this.endpoints = endpoints;
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
    String run(ProjectRecord project, PipelineSpec pipeline, Stage stage, Executions.Row row, StageLog log, ChildJvm.Slot child)
            throws Exception {
        switch (stage.type()) {
            case SOURCE:
                return source(project, pipeline, row, log);
            case ML_PIPELINE:
                return mlRunner.run(project, row.id, row.sourceCommit, checkout(project, pipeline, row), workDir(project, row.id),
                        log.stream(), child);
            case DEPLOY_CONFIG:
                return deployConfig(project, pipeline, row, log);
            case DEPLOY:
                return deploy(project, stage, row, log);
            case TEST:
                return test(project, pipeline, stage, row, log, child);
            case APPROVAL:
                return approval(project, pipeline, stage, row, log);
            case COMMAND:
                return command(project, pipeline, stage, row, log, child);
            case MONITOR_CONFIG:
                return monitorStages.config(project, pipeline, row, checkout(project, pipeline, row), workDir(project, row.id), log);
            case MONITOR_DEPLOY:
                return monitorStages.deploy(project, stage, row, workDir(project, row.id), log);
            case IMAGE_BUILD:
                return buildImage(project, pipeline, row, log);
            default:
                throw new UnsupportedByBackendException("local", "run " + stage.type() + " stages (stage " + stage.name() + ")",
                        "use the AWS backend for this template, or remove the stage");
        }
    }

    private String source(ProjectRecord project, PipelineSpec pipeline, Executions.Row row, StageLog log) throws Exception {
        RepositorySpec repo = project.template().repository(pipeline.sourceRepository()).orElseThrow();
        String commit = row.sourceCommit != null ? row.sourceCommit
                : repositories.head(project, repo.role()).map(dev.mlops.spi.CommitInfo::id).orElse(null);
        if (commit == null) {
            throw new MlopsClientException("Branch " + repo.branch() + " of repository " + project.resourceName(repo.role())
                    + " has no commit", null, Map.of("repository", repo.role()));
        }
        row.sourceCommit = commit;
        Path target = workDir(project, row.id).resolve("source");
        MlPipelineRunner.deleteTree(target);
        export(project, repo, commit, target);
        log.line("checked out " + project.resourceName(repo.role()) + " " + repo.branch() + " at " + commit);
        return "commit " + commit.substring(0, Math.min(7, commit.length())) + " of " + project.resourceName(repo.role());
    }

    /**
     * Exports a commit through the repositories' SPI into a fresh sibling of {@code target}, then moves it into
     * place, so that an export cut short never leaves a half tree that a later stage would take for the source.
     * Whatever the component, the tree is the owner's alone and holds no link (a component that wrote one broke
     * the contract: the stage fails rather than run code through it).
     */
    private void export(ProjectRecord project, RepositorySpec repo, String commit, Path target) throws java.io.IOException {
        Path partial = target.resolveSibling(target.getFileName() + ".partial");
        MlPipelineRunner.deleteTree(partial);
        OwnerOnly.createDirectories(partial);
        repositories.export(project, repo.role(), commit, partial);
        try (java.util.stream.Stream<Path> tree = Files.walk(partial)) {
            Optional<Path> link = tree.filter(Files::isSymbolicLink).findFirst();
            if (link.isPresent()) {
                throw new MlopsBackendException("The " + repositories.backend() + " repositories wrote a symbolic link ("
                        + partial.relativize(link.get()) + ") exporting commit " + commit + " of "
                        + project.resourceName(repo.role()) + "; exports must write plain files", null,
                        Map.of("repository", repo.role(), "commit", commit), false);
            }
        }
        OwnerOnly.restrictTree(partial);
        Files.move(partial, target, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * Builds the pipeline's repository as an image (named by the repository's role); a new version starts the
     * pipelines its {@code IMAGE_VERSION} triggers name, in the transaction that records it.
     */
    private String buildImage(ProjectRecord project, PipelineSpec pipeline, Executions.Row row, StageLog log) {
        String image = pipeline.sourceRepository();
        dev.mlops.spi.ImageBuilder.ImageBuildRequest request = new dev.mlops.spi.ImageBuilder.ImageBuildRequest(project,
                image, checkout(project, pipeline, row), row.sourceCommit, row.id, log::line);
        dev.mlops.spi.ImageBuilder.ImageBuild b;
        if (images == ownImages) {
            b = ownImages.build(request, fence);
        } else {
            // Another backend's builder keeps its versions; this engine still announces a new one and fires the chain.
            b = images.build(request);
            if (b.created()) {
                ownImages.announce(project, b.version(), row.id, fence);
            }
        }
        row.outputs.put("imageVersion", b.version().arn());
        return b.created() ? "image " + image + " version " + b.version().version() + " built with " + b.version().builtWith()
                : "image " + image + " unchanged: context " + b.version().contextDigest().substring(0, 19) + "… is version "
                        + b.version().version();
    }

    private Path checkout(ProjectRecord project, PipelineSpec pipeline, Executions.Row row) {
        Path target = workDir(project, row.id).resolve("source");
        if (!Files.isDirectory(target) && row.sourceCommit != null) {
            RepositorySpec repo = project.template().repository(pipeline.sourceRepository()).orElseThrow();
            try {
                export(project, repo, row.sourceCommit, target);
            } catch (java.io.IOException e) {
                throw new MlopsBackendException("Cannot check out " + row.sourceCommit + " of "
                        + project.resourceName(repo.role()) + " into " + target + ": " + e.getMessage(), e,
                        Map.of("repository", repo.role()), true);
            }
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

    /** Whether a stage runs repository code in the run's child JVM. */
    static boolean needsChild(Stage stage) {
        return stage.type() == StageType.ML_PIPELINE || (stage.type() == StageType.TEST && stage.command().isEmpty());
    }

    /**
     * Runs the deploy repository's endpoint tests in the run's child JVM, which gets a copy of the checked-out
     * repository, the compiled tests, the endpoint's URL and the environment's configuration, and nothing else.
     */
    private String test(ProjectRecord project, PipelineSpec pipeline, Stage stage, Executions.Row row, StageLog log,
            ChildJvm.Slot child) throws Exception {
        String env = stage.environment().orElseThrow();
        String endpoint = project.endpointName(env);
        URI url = endpoints.url(endpoint).orElseThrow(() -> new MlopsClientException("Endpoint " + endpoint
                + " is not deployed: a DEPLOY stage for " + env + " must come before " + stage.name(), null, Map.of()));
        Path source = checkout(project, pipeline, row);
        Duration timeout = stage.timeout().orElse(stage.command().isEmpty() ? DEFAULT_TEST_TIMEOUT : DEFAULT_COMMAND_TIMEOUT);
        if (!stage.command().isEmpty()) {
            return runCommand(stage, source, variables(project, stage), timeout, log, child);
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
        Path classes = compiler.compileToDirectory(source, "test", log.stream());
        // The run's child has no stage's variables in its environment; a stage with some gets a JVM of its own.
        boolean own = !stage.variables().isEmpty();
        ChildJvm jvm = own ? child.startOwn(stage.variables()) : child.get();
        try {
            return endpointTests(stage, source, classes, endpoint, url, config, timeout, jvm, log);
        } finally {
            if (own) {
                child.release(jvm);
            }
        }
    }

    private static String endpointTests(Stage stage, Path source, Path classes, String endpoint, URI url,
            Map<String, String> config, Duration timeout, ChildJvm jvm, StageLog log) throws Exception {
        Path box = jvm.sandbox().resolve("stages").resolve(stage.name());
        MlPipelineRunner.deleteTree(box);
        Path files = box.resolve("source");
        Path classCopy = box.resolve("classes");
        ChildJvm.copyTree(source, files);
        ChildJvm.copyTree(classes, classCopy);
        ObjectNode request = Json.MAPPER.createObjectNode();
        request.put("kind", ChildProtocol.ENDPOINT_TESTS);
        request.put("classes", classCopy.toString());
        ArrayNode names = request.putArray("classNames");
        SourceCompiler.classNames(source, "test").forEach(names::add);
        request.put("endpointName", endpoint);
        request.put("endpointUrl", url.toString());
        request.put("files", files.toString());
        ObjectNode cfg = request.putObject("config");
        config.forEach(cfg::put);
        log.line("running the endpoint tests in " + (stage.variables().isEmpty() ? "the run's JVM" : "a JVM of the stage's own,"
                + " with its variables " + stage.variables().keySet() + ",") + " (pid " + jvm.pid() + ")");
        int ran = jvm.call(request, timeout, log::line, "the endpoint tests of stage " + stage.name()).path("ran").asInt();
        if (ran == 0) {
            throw new MlopsClientException("No class under test/ implements dev.mlops.pipeline.EndpointTest: stage "
                    + stage.name() + " has nothing to check", null, Map.of("stage", stage.name()));
        }
        return ran + " endpoint test(s) passed on " + endpoint;
    }

    private String command(ProjectRecord project, PipelineSpec pipeline, Stage stage, Executions.Row row, StageLog log,
            ChildJvm.Slot child) throws Exception {
        return runCommand(stage, checkout(project, pipeline, row), variables(project, stage),
                stage.timeout().orElse(DEFAULT_COMMAND_TIMEOUT), log, child);
    }

    /**
     * The variables the SDK gives a command stage and a test stage's command on top of {@link SandboxEnvironment}'s
     * and the stage's own: the project's name and id and, when the stage names an environment, its endpoint's name
     * and (once deployed) URL. They are put last, so they win over a stage's variable of the same name (which
     * {@code Stage} refuses anyway).
     */
    private Map<String, String> variables(ProjectRecord project, Stage stage) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("SAGEMAKER_PROJECT_NAME", project.name());
        env.put("SAGEMAKER_PROJECT_ID", project.id());
        stage.environment().map(project::endpointName).ifPresent(name -> {
            env.put("ENDPOINT_NAME", name);
            endpoints.url(name).ifPresent(u -> env.put("ENDPOINT_URL", u.toString()));
        });
        return env;
    }

    /**
     * Runs a stage's command in the sandbox environment, with a {@code HOME} and {@code TMPDIR} of its own that are
     * deleted when it ends; past the timeout it is ended (SIGTERM, SIGKILL after a grace period) and fails.
     */
    private static String runCommand(Stage stage, Path dir, Map<String, String> env, Duration timeout, StageLog log,
            ChildJvm.Slot run) throws Exception {
        Path sandbox = SandboxEnvironment.privateTempDirectory("mlops-stage-");
        try {
            ProcessBuilder pb = new ProcessBuilder(stage.command()).directory(dir.toFile()).redirectErrorStream(true);
            SandboxEnvironment.apply(pb.environment(), Files.createDirectory(sandbox.resolve("home")),
                    Files.createDirectory(sandbox.resolve("tmp")), stage.variables());
            pb.environment().putAll(env);
            return runCommand(stage, pb, timeout, log, run);
        } finally {
            dev.mlops.local.internal.child.Sandboxes.delete(sandbox);
        }
    }

    private static String runCommand(Stage stage, ProcessBuilder pb, Duration timeout, StageLog log, ChildJvm.Slot run)
            throws Exception {
        Process proc;
        try {
            proc = pb.start();
        } catch (java.io.IOException e) {
            throw new MlopsClientException("Stage " + stage.name() + " cannot start " + stage.command() + ": " + e.getMessage(), e,
                    Map.of("stage", stage.name()));
        }
        if (!run.track(proc)) {
            ChildJvm.endProcess(proc);
            throw new Superseded("stopped: the run was stopped");
        }
        Thread output = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(proc.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    log.line(line);
                }
            } catch (java.io.IOException e) {
                // the command is gone
            }
        }, "mlops-command-" + proc.pid());
        output.setDaemon(true);
        output.start();
        try {
            if (!proc.waitFor(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
                ChildJvm.endProcess(proc);
                output.join(ChildJvm.GRACE.toMillis());
                throw new MlopsClientException("Stage " + stage.name() + ": " + String.join(" ", stage.command())
                        + " timed out after " + timeout + " and was stopped", null,
                        Map.of("stage", stage.name(), "timeout", timeout.toString()));
            }
            output.join(ChildJvm.GRACE.toMillis());
            run.track(null);
            if (run.stopped()) {
                throw new Superseded("stopped: the run was stopped, and " + String.join(" ", stage.command()) + " with it");
            }
            int rc = proc.exitValue();
            if (rc != 0) {
                throw new MlopsClientException("Stage " + stage.name() + ": " + String.join(" ", stage.command()) + " exited with " + rc,
                        null, Map.of("stage", stage.name(), "exitCode", Integer.toString(rc)));
            }
        } catch (InterruptedException e) {
            ChildJvm.endProcess(proc);
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
