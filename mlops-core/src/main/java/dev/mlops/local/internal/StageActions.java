package dev.mlops.local.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.ExecutionStatus;
import dev.mlops.event.ProjectEventType;
import dev.mlops.exception.MlopsBackendException;
import dev.mlops.exception.MlopsClientException;
import dev.mlops.exception.UnsupportedByBackendException;
import dev.mlops.internal.StateSignal;
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
    private final LocalRegistry registry;
    private final MlPipelineRunner mlRunner;
    private final SourceCompiler compiler;
    private final EndpointManager endpoints;
    private final LocalEndpointHost host;
    private final LocalMonitors monitors;
    private final LocalArtifactStore artifacts;

    StageActions(LocalContext ctx, LocalRepositories repositories, LocalRegistry registry, MlPipelineRunner mlRunner,
            SourceCompiler compiler, EndpointManager endpoints, LocalEndpointHost host, LocalMonitors monitors,
            LocalArtifactStore artifacts) {
        this.monitors = monitors;
        this.artifacts = artifacts;
        this.ctx = ctx;
        this.repositories = repositories;
        this.registry = registry;
        this.mlRunner = mlRunner;
        this.compiler = compiler;
        this.endpoints = endpoints;
        this.host = host;
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
                return monitorConfig(project, pipeline, row, log);
            case MONITOR_DEPLOY:
                return monitorDeploy(project, stage, row, log);
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
        Optional<ModelVersionInfo> approved = ctx.db().read(tx -> registry.latestApproved(tx, group));
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
            Path cfg = source.resolve(file);
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
            Files.writeString(workDir(project, row.id).resolve(exportName), Json.pretty(export));
            row.outputs.put("export." + s.environment().orElseThrow(), Json.write(export));
            log.line("exported " + exportName + " for model version " + v.version() + " (" + v.arn() + ")");
        }
        row.outputs.put("modelArn", v.arn());
        return "model version " + v.version() + " (newest approved in " + group + ")";
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
        URI url = endpoints.deploy(project, env, endpoint, v, params, log);
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

    /**
     * The original {@code get_baselines_and_configs.py}: the model version serving on the staging endpoint, its
     * data-quality baseline (suggested from the training data recorded in its lineage, with the target column moved
     * first, as captured rows put the model's output before its inputs), and each environment's exported schedule
     * configuration.
     */
    private String monitorConfig(ProjectRecord project, PipelineSpec pipeline, Executions.Row row, StageLog log) throws Exception {
        String endpoint = project.endpointName(dev.mlops.template.Templates.STAGING);
        List<String> arns = ctx.db().read(tx -> tx.query("SELECT model_arn FROM endpoints WHERE name=? AND project=?"
                + " AND model_arn IS NOT NULL", rs -> rs.getString(1), endpoint, project.name()));
        if (arns.isEmpty()) {
            throw new MlopsClientException("Endpoint " + endpoint + " has no model deployed yet, so there is nothing to"
                    + " monitor: the monitor pipeline runs again when the endpoint is in service (it fails the first time,"
                    + " as the original does)", null, Map.of("endpoint", endpoint));
        }
        ModelVersionInfo v = registry.byArn(arns.get(0)).orElseThrow(() -> new MlopsClientException("Endpoint " + endpoint
                + " serves " + arns.get(0) + ", which is not in the model registry", null, Map.of("endpoint", endpoint)));
        Path source = checkout(project, pipeline, row);
        Path work = workDir(project, row.id);
        Map<String, Map<String, String>> configs = new LinkedHashMap<>();
        String target = "last";
        for (Stage s : pipeline.stages()) {
            if (s.type() != StageType.MONITOR_DEPLOY) {
                continue;
            }
            String env = s.environment().orElseThrow();
            String file = s.configFile().orElse(env + "-monitoring-schedule-config.json");
            Path cfg = source.resolve(file);
            if (!Files.isRegularFile(cfg)) {
                throw new MlopsClientException("The model-monitor repository has no " + file + " for stage " + s.name(), null,
                        Map.of("file", file));
            }
            JsonNode params;
            try {
                params = Json.MAPPER.readTree(cfg.toFile()).get("Parameters");
            } catch (Exception e) {
                throw new MlopsClientException(file + " is not valid JSON: " + e.getMessage(), e, Map.of("file", file));
            }
            if (params == null || !params.isObject()) {
                throw new MlopsClientException(file + " must hold {\"Parameters\": {…}}", null, Map.of("file", file));
            }
            Map<String, String> p = new LinkedHashMap<>();
            params.fields().forEachRemaining(e -> p.put(e.getKey(), e.getValue().asText()));
            // validate now, so a bad expression fails the Build stage rather than a deploy
            dev.mlops.monitor.ScheduleExpression.parse(p.getOrDefault("ScheduleExpression", "cron(0 * ? * * *)"),
                    p.get("DataAnalysisStartTime"), p.get("DataAnalysisEndTime"));
            target = p.getOrDefault("BaselineTargetColumn", target);
            configs.put(env, p);
        }
        Path baselineDir = work.resolve("baselines").resolve("data-quality");
        Path dataset = baselineDataset(v, target, work.resolve("baselines").resolve("train-output-first.csv"), log);
        dev.mlops.monitor.dataquality.Baseline baseline = dev.mlops.monitor.dataquality.DataQuality.suggestBaseline(dataset,
                dev.mlops.monitor.dataquality.DataQualityOptions.builder().header(false).build());
        baseline.writeTo(baselineDir);
        log.line("suggested the data-quality baseline of model version " + v.version() + " from " + dataset.getFileName()
                + ": " + baseline.statistics().itemCount() + " rows, " + baseline.statistics().features().size() + " columns");
        Map<String, Path> modelBaselines = modelBaselines(v, configs, target, work.resolve("baselines"), log);
        for (Map.Entry<String, Map<String, String>> c : configs.entrySet()) {
            ObjectNode export = Json.MAPPER.createObjectNode();
            ObjectNode p = export.putObject("Parameters");
            c.getValue().forEach(p::put);
            p.put("SageMakerProjectName", project.name());
            p.put("EndpointName", project.endpointName(c.getKey()));
            p.put("ModelPackageName", v.arn());
            p.put("DataQualityBaseline", baselineDir.toString());
            for (String type : List.of("ModelQuality", "ModelExplainability")) {
                if (modelBaselines.containsKey(type)) {
                    p.put(type + "Baseline", modelBaselines.get(type).toString());
                }
            }
            if (modelBaselines.containsKey("ModelBias." + c.getKey())) {
                p.put("ModelBiasBaseline", modelBaselines.get("ModelBias." + c.getKey()).toString());
            }
            String name = c.getKey() + "-monitoring-schedule-config-export.json";
            Files.writeString(work.resolve(name), Json.pretty(export));
            row.outputs.put("monitor." + c.getKey(), Json.write(export));
            log.line("exported " + name);
        }
        return "baselines of model version " + v.version() + " and schedule configurations for " + configs.keySet();
    }

    /**
     * The model-side baselines of the version, for the monitors some environment enables: model quality
     * (regression metrics of the model on its test split and the suggested constraints), bias per environment
     * (Clarify's metrics on the test split read back into raw features, with that environment's Bias* keys) and
     * explainability (Kernel SHAP of the inference pipeline over the training data). Keys: the monitoring type,
     * {@code ModelBias.<env>} for bias.
     */
    private Map<String, Path> modelBaselines(ModelVersionInfo v, Map<String, Map<String, String>> configs, String target,
            Path dir, StageLog log) throws Exception {
        Map<String, Path> out = new LinkedHashMap<>();
        boolean quality = configs.values().stream().anyMatch(c -> enabled(c, "ModelQuality")
                && "regression".equalsIgnoreCase(c.getOrDefault("ProblemType", "Regression").strip()));
        boolean bias = configs.values().stream().anyMatch(c -> enabled(c, "ModelBias"));
        boolean explain = configs.values().stream().anyMatch(c -> enabled(c, "ModelExplainability"));
        if (!quality && !bias && !explain) {
            return out;
        }
        ModelPredictor model = ModelPredictor.load(v, artifacts);
        java.time.Instant now = ctx.clock().instant();
        List<float[]> test = quality || bias ? ModelAnalyses.evaluationRows(v, artifacts) : List.of();
        if (quality) {
            dev.mlops.monitor.quality.ModelQualityReport report = ModelAnalyses.modelQuality(model, test, now);
            Path d = dir.resolve("model-quality");
            Files.createDirectories(d);
            dev.mlops.monitor.MonitorJson.writeAtomically(d.resolve("statistics.json"),
                    report.toStatisticsJson().getBytes(StandardCharsets.UTF_8));
            dev.mlops.monitor.MonitorJson.writeAtomically(d.resolve("constraints.json"),
                    report.suggestConstraints().toJson().getBytes(StandardCharsets.UTF_8));
            out.put("ModelQuality", d);
            log.line("suggested the model-quality baseline of model version " + v.version() + " from its test split: "
                    + report.itemCount() + " rows, mse " + report.value("mse") + ", r2 " + report.value("r2"));
        }
        for (Map.Entry<String, Map<String, String>> c : configs.entrySet()) {
            if (!enabled(c.getValue(), "ModelBias")) {
                continue;
            }
            dev.mlops.monitor.bias.BiasConfig config = ModelAnalyses.biasConfig(c.getValue(), model.featureNames());
            dev.mlops.monitor.bias.BiasReport report = dev.mlops.monitor.bias.Bias.analyze(
                    ModelAnalyses.biasBaseline(model, test), config);
            Path d = dir.resolve("model-bias-" + c.getKey());
            Files.createDirectories(d);
            dev.mlops.monitor.MonitorJson.writeAtomically(d.resolve("analysis.json"),
                    report.toAnalysisJson().getBytes(StandardCharsets.UTF_8));
            out.put("ModelBias." + c.getKey(), d);
            log.line("computed the bias baseline of model version " + v.version() + " for " + c.getKey() + " on its test"
                    + " split: facet " + config.facet() + ", label > " + config.labelThreshold().orElseThrow()
                    + (report.metric("DPPL").isPresent() ? ", DPPL " + report.metric("DPPL").get().value() : ""));
        }
        if (explain) {
            List<double[]> train = ModelAnalyses.trainingRows(v, artifacts, model, target);
            if (train.isEmpty()) {
                throw new MlopsClientException("The training data of model version " + v.version() + " has no row the"
                        + " model can read (" + model.featureNames() + "), so there is no explainability baseline", null,
                        Map.of("modelArn", v.arn()));
            }
            double[] shapBaseline = ModelAnalyses.shapBaseline(model, train);
            dev.mlops.monitor.explain.ExplainabilityReport report = ModelAnalyses.explain(model, shapBaseline,
                    ModelAnalyses.evenly(train));
            Path d = dir.resolve("model-explainability");
            Files.createDirectories(d);
            dev.mlops.monitor.MonitorJson.writeAtomically(d.resolve("analysis.json"),
                    report.toAnalysisJson().getBytes(StandardCharsets.UTF_8));
            dev.mlops.monitor.MonitorJson.writeAtomically(d.resolve("analysis_config.json"),
                    ModelAnalyses.analysisConfig(model, shapBaseline).getBytes(StandardCharsets.UTF_8));
            out.put("ModelExplainability", d);
            log.line("computed the explainability baseline of model version " + v.version() + ": Kernel SHAP over "
                    + Math.min(train.size(), ModelAnalyses.MAX_EXPLAINED_ROWS) + " training rows, global SHAP "
                    + report.labels().values().iterator().next().globalShapValues());
        }
        return out;
    }

    /** Whether MONITOR_DEPLOY will deploy this monitor: enabled, and for quality and bias, with ground truth. */
    private static boolean enabled(Map<String, String> config, String type) {
        boolean needsGroundTruth = type.equals("ModelQuality") || type.equals("ModelBias");
        return "yes".equalsIgnoreCase(config.getOrDefault("Enable" + type + "Monitor", "no").strip())
                && (!needsGroundTruth || !config.getOrDefault("GroundTruthInput", "").isBlank());
    }

    /** The training data of a version, as one headerless CSV with the target column first. */
    private Path baselineDataset(ModelVersionInfo v, String targetColumn, Path out, StageLog log) throws Exception {
        List<String> uris = v.lineage().entrySet().stream().filter(e -> e.getKey().startsWith("data.") && e.getKey().endsWith(".uri"))
                .sorted(Map.Entry.comparingByKey()).map(Map.Entry::getValue).toList();
        if (uris.isEmpty()) {
            throw new MlopsClientException("Model version " + v.version() + " (" + v.arn() + ") has no training data in its"
                    + " lineage (data.<file>.uri): it was registered before data was recorded; run the build pipeline again",
                    null, Map.of("modelArn", v.arn()));
        }
        Files.createDirectories(out.getParent());
        long rows = 0;
        try (java.io.BufferedWriter w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
            for (String uri : uris) {
                Path file = artifacts.fetch(uri);
                try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                    String line;
                    while ((line = r.readLine()) != null) {
                        if (line.isBlank()) {
                            continue;
                        }
                        String[] f = line.split(",", -1);
                        int t = targetColumn.equals("last") ? f.length - 1 : Integer.parseInt(targetColumn.strip());
                        if (t < 0 || t >= f.length) {
                            throw new MlopsClientException("BaselineTargetColumn " + targetColumn + " is outside the "
                                    + f.length + " columns of " + file.getFileName(), null, Map.of("file", file.getFileName().toString()));
                        }
                        StringBuilder sb = new StringBuilder(f[t]);
                        for (int i = 0; i < f.length; i++) {
                            if (i != t) {
                                sb.append(',').append(f[i]);
                            }
                        }
                        w.write(sb.toString());
                        w.write('\n');
                        rows++;
                    }
                }
            }
        }
        log.line("training data of model version " + v.version() + ": " + uris.size() + " file(s), " + rows + " rows");
        return out;
    }

    /**
     * Deploys the monitors of one environment (the original {@code model-monitor-template.yml}), each with its
     * baseline: data quality and explainability when enabled; model quality and bias when enabled and
     * GroundTruthInput is given. Disabled monitors' schedules are removed.
     */
    private String monitorDeploy(ProjectRecord project, Stage stage, Executions.Row row, StageLog log) throws Exception {
        String env = stage.environment().orElseThrow();
        String export = row.outputs.get("monitor." + env);
        if (export == null) {
            throw new MlopsClientException("Stage " + stage.name() + " has no exported monitoring configuration for " + env
                    + ": a MONITOR_CONFIG stage must come before it", null, Map.of("stage", stage.name()));
        }
        Map<String, String> p = new LinkedHashMap<>();
        Json.tree(export).get("Parameters").fields().forEachRemaining(e -> p.put(e.getKey(), e.getValue().asText()));
        String endpoint = project.endpointName(env);
        dev.mlops.monitor.ScheduleExpression when = dev.mlops.monitor.ScheduleExpression.parse(
                p.getOrDefault("ScheduleExpression", "cron(0 * ? * * *)"), p.get("DataAnalysisStartTime"), p.get("DataAnalysisEndTime"));
        List<String> deployed = new ArrayList<>();
        for (dev.mlops.monitor.MonitoringType type : dev.mlops.monitor.MonitoringType.values()) {
            String name = endpoint + "-" + type.nameSuffix();
            boolean enabled = "yes".equalsIgnoreCase(p.getOrDefault("Enable" + type.name() + "Monitor", "no").strip());
            boolean groundTruth = !p.getOrDefault("GroundTruthInput", "").isBlank();
            String skip = null;
            if (!enabled) {
                skip = "disabled";
            } else if ((type == dev.mlops.monitor.MonitoringType.ModelQuality || type == dev.mlops.monitor.MonitoringType.ModelBias)
                    && !groundTruth) {
                skip = "GroundTruthInput is empty";
            } else if (type == dev.mlops.monitor.MonitoringType.ModelQuality && !p.containsKey("ModelQualityBaseline")) {
                log.line("ModelQuality monitor on " + endpoint + " has no baseline (ProblemType " + p.get("ProblemType")
                        + " is not Regression): it reports metrics without checking constraints");
            }
            if (skip != null) {
                monitors.delete(project, name);
                log.line(type + " monitor not deployed on " + endpoint + ": " + skip);
                continue;
            }
            dev.mlops.monitor.MonitoringSchedule.Builder b = dev.mlops.monitor.MonitoringSchedule.builder(name, endpoint)
                    .type(type).expression(when);
            for (String k : List.of("ProblemType", "GroundTruthInput", "InferenceAttribute", "ProbabilityAttribute",
                    "ProbabilityThresholdAttribute", "ModelPackageName", "BiasFacetName", "BiasFacetValues",
                    "BiasFacetThreshold", "BiasLabelThreshold", "BiasPredictedLabelThreshold", "BiasGroupVariable")) {
                if (p.containsKey(k) && !p.get(k).isBlank()) {
                    b.setting(k, p.get(k));
                }
            }
            String baselineKey = type.name() + "Baseline";
            Path baseline = p.containsKey(baselineKey) ? Path.of(p.get(baselineKey)) : null;
            monitors.put(project, env, b.build(), baseline);
            deployed.add(name);
            log.line("deployed " + type + " schedule " + name + " (" + when.text() + ")"
                    + (baseline != null ? " with the baseline of " + p.get("ModelPackageName") : ""));
        }
        return deployed.isEmpty() ? "no monitor enabled for " + endpoint : "schedules " + deployed + " on " + endpoint;
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
            long seen = StateSignal.generation();
            List<String[]> st = ctx.db().read(tx -> tx.query("SELECT status, decided_by, comment FROM approvals WHERE token=?",
                    rs -> new String[] {rs.getString(1), rs.getString(2), rs.getString(3)}, token));
            String status = st.get(0)[0];
            if (status.equals("Approved")) {
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
            StateSignal.awaitChange(seen, ctx.pollInterval().toMillis());
        }
    }
}
