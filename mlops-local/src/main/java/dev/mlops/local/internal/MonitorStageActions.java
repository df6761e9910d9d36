package dev.mlops.local.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.exception.MlopsClientException;
import dev.mlops.monitor.MonitorJob;
import dev.mlops.monitor.MonitorJobResult;
import dev.mlops.monitor.MonitoringExecutionStatus;
import dev.mlops.monitor.MonitoringType;
import dev.mlops.monitor.bias.BiasConfig;
import dev.mlops.monitor.bias.BiasReport;
import dev.mlops.monitor.dataquality.Baseline;
import dev.mlops.monitor.dataquality.DataQualityOptions;
import dev.mlops.monitor.explain.ExplainabilityReport;
import dev.mlops.monitor.quality.ModelQuality;
import dev.mlops.monitor.quality.ModelQualityReport;
import dev.mlops.spi.ModelVersionInfo;
import dev.mlops.spi.ProjectRecord;
import dev.mlops.template.PipelineSpec;
import dev.mlops.template.Stage;
import dev.mlops.template.StageType;
import java.io.BufferedReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Model Monitor template's stages on the embedded backend: reading the served version's baselines and
 * exporting schedule configuration (MONITOR_CONFIG), and deploying the schedules (MONITOR_DEPLOY).
 */
final class MonitorStageActions {
    private final LocalContext ctx;
    private final RegistryPort registry;
    private final EndpointManager endpoints;
    private final LocalMonitors monitors;
    private final LocalArtifactStore artifacts;

    MonitorStageActions(LocalContext ctx, RegistryPort registry, EndpointManager endpoints, LocalMonitors monitors,
            LocalArtifactStore artifacts) {
        this.ctx = ctx;
        this.registry = registry;
        this.endpoints = endpoints;
        this.monitors = monitors;
        this.artifacts = artifacts;
    }

    /**
     * The original {@code get_baselines_and_configs.py}: the model version serving on the staging endpoint, its
     * data-quality baseline (suggested from the training data recorded in its lineage, with the model's prediction
     * in place of the target column and first, as captured rows put the model's output before its inputs), and each
     * environment's exported schedule configuration.
     */
    String config(ProjectRecord project, PipelineSpec pipeline, Executions.Row row, Path source, Path work, StageLog log)
            throws Exception {
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
        Map<String, Map<String, String>> configs = new LinkedHashMap<>();
        String target = "last";
        for (Stage s : pipeline.stages()) {
            if (s.type() != StageType.MONITOR_DEPLOY) {
                continue;
            }
            String env = s.environment().orElseThrow();
            String file = s.configFile().orElse(env + "-monitoring-schedule-config.json");
            Path cfg = ContainedPaths.resolve(source, file, "the configuration of stage " + s.name());
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
        MonitorJobResult dataQuality = MonitorJob.baseline(MonitoringType.DataQuality)
                .dataset(dataset, DataQualityOptions.builder().header(false).build())
                .build().run();
        dataQuality.writeTo(baselineDir);
        Baseline baseline = dataQuality.report(Baseline.class).orElseThrow();
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
            // relative to the run's work directory, so a moved or copied home reads its own baselines
            p.put("DataQualityBaseline", work.relativize(baselineDir).toString());
            for (String type : List.of("ModelQuality", "ModelExplainability")) {
                if (modelBaselines.containsKey(type)) {
                    p.put(type + "Baseline", work.relativize(modelBaselines.get(type)).toString());
                }
            }
            if (modelBaselines.containsKey("ModelBias." + c.getKey())) {
                p.put("ModelBiasBaseline", work.relativize(modelBaselines.get("ModelBias." + c.getKey())).toString());
            }
            String name = c.getKey() + "-monitoring-schedule-config-export.json";
            OwnerOnly.writeString(ContainedPaths.resolve(work, name, "the monitoring export of " + c.getKey()), Json.pretty(export));
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
            MonitorJobResult result = MonitorJob.baseline(MonitoringType.ModelQuality)
                    .modelQuality(ModelQuality.regression().withEvaluationTime(now).withSeed(0))
                    .predictions(ModelAnalyses.predictions(model, test))
                    .build().run();
            Path d = dir.resolve("model-quality");
            result.writeTo(d);
            out.put("ModelQuality", d);
            ModelQualityReport report = result.report(ModelQualityReport.class).orElseThrow();
            log.line("suggested the model-quality baseline of model version " + v.version() + " from its test split: "
                    + report.itemCount() + " rows, mse " + report.value("mse") + ", r2 " + report.value("r2"));
        }
        for (Map.Entry<String, Map<String, String>> c : configs.entrySet()) {
            if (!enabled(c.getValue(), "ModelBias")) {
                continue;
            }
            BiasConfig config = ModelAnalyses.biasConfig(c.getValue(), model.featureNames());
            MonitorJobResult result = MonitorJob.baseline(MonitoringType.ModelBias)
                    .biasConfig(config)
                    .dataset(ModelAnalyses.biasBaseline(model, test))
                    .build().run();
            Path d = dir.resolve("model-bias-" + c.getKey());
            result.writeTo(d);
            out.put("ModelBias." + c.getKey(), d);
            BiasReport report = result.report(BiasReport.class).orElseThrow();
            log.line("computed the bias baseline of model version " + v.version() + " for " + c.getKey() + " on its test"
                    + " split: facet " + config.facet() + ", label > " + config.labelThreshold().orElseThrow()
                    + (report.metric("DPPL").isPresent() ? ", DPPL " + report.metric("DPPL").get().value() : ""));
        }
        if (explain) {
            MonitorJobResult result = MonitorJob.baseline(MonitoringType.ModelExplainability)
                    .model(model)
                    .rows(ModelAnalyses.trainingRows(v, artifacts, target))
                    .build().run();
            if (result.status() == MonitoringExecutionStatus.Failed) {
                throw new MlopsClientException("The training data of model version " + v.version() + " has no row the"
                        + " model can read (" + model.featureNames() + "), so there is no explainability baseline", null,
                        Map.of("modelArn", v.arn()));
            }
            Path d = dir.resolve("model-explainability");
            result.writeTo(d);
            out.put("ModelExplainability", d);
            ExplainabilityReport report = result.report(ExplainabilityReport.class).orElseThrow();
            log.line("computed the explainability baseline of model version " + v.version() + ": Kernel SHAP over "
                    + (result.records() - result.inputIssue("rowsNotExplained")) + " training rows, global SHAP "
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

    /**
     * The training data of a version as the endpoint's captures will show it: one headerless CSV row per training
     * row, the model's output first (its prediction on the row, written as the endpoint writes it), then the input
     * columns, the target column left out. The captured rows of a data-quality run put the endpoint's output before
     * its inputs, so the baseline's first column must be that output too: the label is another quantity (an integer
     * number of rings, where the model predicts a continuous value) whose distance to the predictions is large on
     * any traffic, normal or not. A version without a model this host can load keeps the label there, as before.
     */
    private Path baselineDataset(ModelVersionInfo v, String targetColumn, Path out, StageLog log) throws Exception {
        ModelPredictor model;
        try {
            model = ModelPredictor.load(v, artifacts);
        } catch (MlopsClientException e) {
            model = null;
            log.line("the data-quality baseline's first column is the training label, not the model's output: "
                    + e.getMessage());
        }
        long unreadable = 0;
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
                        String[] inputs = new String[f.length - 1];
                        for (int i = 0, j = 0; i < f.length; i++) {
                            if (i != t) {
                                inputs[j++] = f[i];
                            }
                        }
                        String output = f[t];
                        if (model != null) {
                            double[] encoded = model.encode(inputs);
                            if (encoded == null) {
                                unreadable++; // the endpoint would refuse this row, so no capture holds it
                                continue;
                            }
                            output = Double.toString(model.score(encoded));
                        }
                        StringBuilder sb = new StringBuilder(output);
                        for (String input : inputs) {
                            sb.append(',').append(input);
                        }
                        w.write(sb.toString());
                        w.write('\n');
                        rows++;
                    }
                }
            }
        }
        log.line("training data of model version " + v.version() + ": " + uris.size() + " file(s), " + rows + " rows"
                + (model == null ? "" : " with the model's prediction first")
                + (unreadable == 0 ? "" : ", " + unreadable + " row(s) the model cannot read left out"));
        return out;
    }

    /**
     * Deploys the monitors of one environment (the original {@code model-monitor-template.yml}), each with its
     * baseline: data quality and explainability when enabled; model quality and bias when enabled and
     * GroundTruthInput is given. Disabled monitors' schedules are removed.
     */
    String deploy(ProjectRecord project, Stage stage, Executions.Row row, Path work, StageLog log) throws Exception {
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
        for (MonitoringType type : MonitoringType.values()) {
            String name = endpoint + "-" + type.nameSuffix();
            boolean enabled = "yes".equalsIgnoreCase(p.getOrDefault("Enable" + type.name() + "Monitor", "no").strip());
            boolean groundTruth = !p.getOrDefault("GroundTruthInput", "").isBlank();
            String skip = null;
            if (!enabled) {
                skip = "disabled";
            } else if ((type == MonitoringType.ModelQuality || type == MonitoringType.ModelBias) && !groundTruth) {
                skip = "GroundTruthInput is empty";
            } else if (type == MonitoringType.ModelQuality && !p.containsKey("ModelQualityBaseline")) {
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
            Path baseline = p.containsKey(baselineKey) ? work.resolve(p.get(baselineKey)).normalize() : null;
            if (baseline != null && !baseline.startsWith(work) && !Path.of(p.get(baselineKey)).isAbsolute()) {
                throw new MlopsClientException(baselineKey + " " + p.get(baselineKey) + " leaves the run's work directory "
                        + work, null, Map.of("stage", stage.name()));
            }
            monitors.put(project, env, b.build(), baseline);
            deployed.add(name);
            log.line("deployed " + type + " schedule " + name + " (" + when.text() + ")"
                    + (baseline != null ? " with the baseline of " + p.get("ModelPackageName") : ""));
        }
        return deployed.isEmpty() ? "no monitor enabled for " + endpoint : "schedules " + deployed + " on " + endpoint;
    }
}
