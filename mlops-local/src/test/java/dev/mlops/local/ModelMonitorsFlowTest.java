package dev.mlops.local;

import static dev.mlops.local.Flows.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlops.Endpoint;
import dev.mlops.Execution;
import dev.mlops.ExecutionStatus;
import dev.mlops.GroundTruth;
import dev.mlops.MlopsProjects;
import dev.mlops.ModelVersion;
import dev.mlops.Project;
import dev.mlops.local.internal.MutableClock;
import dev.mlops.monitor.MonitoringExecution;
import dev.mlops.monitor.MonitoringExecutionStatus;
import dev.mlops.template.Templates;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Model quality, bias drift and feature-attribution drift on the local backend, end to end through the public
 * API: baselines suggested by the monitor pipeline, inferences sent with inference ids, ground truth uploaded,
 * and bad input (no ground truth, a facet value never seen, an empty window) reported rather than fatal.
 */
class ModelMonitorsFlowTest {
    private static final Duration STEP = Duration.ofMinutes(4);
    private static final String CONFIG = "{\n  \"Parameters\": {\n    \"StageName\": \"staging\",\n"
            + "    \"EnableDataQualityMonitor\": \"no\",\n    \"EnableModelQualityMonitor\": \"yes\",\n"
            + "    \"EnableModelBiasMonitor\": \"yes\",\n    \"EnableModelExplainabilityMonitor\": \"yes\",\n"
            + "    \"ScheduleExpression\": \"cron(0 * ? * * *)\",\n    \"GroundTruthInput\": \"groundtruth\",\n"
            + "    \"ProblemType\": \"Regression\",\n    \"BiasFacetName\": \"sex\",\n    \"BiasFacetValues\": \"F\",\n"
            + "    \"BiasLabelThreshold\": \"10\",\n    \"BiasPredictedLabelThreshold\": \"10\"\n  }\n}\n";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path home;


    @Test
    void qualityBiasAndExplainabilityAgainstBaselinesWithGroundTruthByInferenceId() throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2026-02-03T14:05:00Z"));
        List<String> data;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("dev/mlops/seed/data/abalone.csv")) {
            data = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank()).toList();
        }
        try (LocalBackend backend = LocalBackend.builder().home(home).clock(clock).build();
             Project project = MlopsProjects.builder().name("abalone").template(Templates.modelBuildTrainDeployMonitor())
                     .backend(backend).create()) {
            project.repositories().named(Templates.MODEL_MONITOR).commit("Ground truth for staging",
                    Map.of("staging-monitoring-schedule-config.json", CONFIG));
            Execution build = project.pipelines().build().awaitLatest(STEP);
            assertThat(build.status()).isEqualTo(ExecutionStatus.Succeeded);
            ModelVersion v = project.models().pendingApproval().get(0);
            v.approve("good");
            project.environments().staging().awaitDeployed(v, STEP);
            await("the staging model monitors", () -> project.monitors().schedules().stream()
                    .filter(s -> s.name().startsWith("abalone-staging-model-")).count() == 3);

            // the model-quality baseline is the version's own test split, with SageMaker's suggested constraints
            Path qualityBaseline = home.resolve("projects/abalone/monitoring/baselines/abalone-staging-model-quality");
            JsonNode constraints = JSON.readTree(qualityBaseline.resolve("constraints.json").toFile());
            assertThat(constraints.path("regression_constraints").path("mae").path("comparison_operator").asText())
                    .isEqualTo("GreaterThanThreshold");
            double baselineMae = constraints.path("regression_constraints").path("mae").path("threshold").asDouble();
            assertThat(baselineMae).isBetween(0.5, 4.0);

            Endpoint staging = project.environments().staging().endpoint();
            List<String[]> sent = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                String row = data.get(i);
                String features = row.substring(0, row.lastIndexOf(','));
                String prediction = staging.invoke("text/csv", "text/csv", features, "order-" + i);
                assertThat(Double.parseDouble(prediction.strip())).isBetween(1.0, 30.0);
                sent.add(new String[] {"order-" + i, row.substring(0, 1), row.substring(row.lastIndexOf(',') + 1)});
            }

            // no ground truth yet: bias and quality say so and count the captures without a label
            MonitoringExecution noLabels = project.monitors().runNow("abalone-staging-model-bias");
            assertThat(noLabels.status()).isEqualTo(MonitoringExecutionStatus.Failed);
            assertThat(noLabels.failureReason().orElseThrow()).contains("has ground truth");
            assertThat(noLabels.inputIssues().get("capturesWithoutGroundTruth")).isGreaterThanOrEqualTo(300L);

            // labels for males and infants only: the facet value F never occurs in the merged data
            GroundTruth notF = project.monitors().groundTruth("abalone-staging");
            sent.stream().filter(s -> !s[1].equals("F")).forEach(s -> notF.add(s[0], s[2]));
            notF.upload();
            MonitoringExecution noFacet = project.monitors().runNow("abalone-staging-model-bias");
            assertThat(noFacet.status()).isEqualTo(MonitoringExecutionStatus.Failed);
            assertThat(noFacet.failureReason().orElseThrow()).contains("'sex' value F matches none");
            assertThat(noFacet.inputIssues()).containsEntry("biasAnalysisFailed", 1L);

            GroundTruth f = project.monitors().groundTruth("abalone-staging");
            sent.stream().filter(s -> s[1].equals("F")).forEach(s -> f.add(s[0], s[2]));
            f.upload();
            MonitoringExecution quality = project.monitors().runNow("abalone-staging-model-quality");
            assertThat(quality.records()).isEqualTo(300);
            assertThat(project.monitors().reportFiles(quality)).contains("statistics.json", "constraints.json",
                    "constraint_violations.json");
            JsonNode stats = JSON.readTree(project.monitors().reportFile(quality, "statistics.json"));
            double mae = stats.path("regression_metrics").path("mae").path("value").asDouble();
            assertThat(quality.status()).isEqualTo(mae > baselineMae ? MonitoringExecutionStatus.CompletedWithViolations
                    : MonitoringExecutionStatus.Completed);

            MonitoringExecution bias = project.monitors().runNow("abalone-staging-model-bias");
            assertThat(bias.status()).isIn(MonitoringExecutionStatus.Completed,
                    MonitoringExecutionStatus.CompletedWithViolations);
            assertThat(bias.records()).isEqualTo(300);
            JsonNode analysis = JSON.readTree(project.monitors().reportFile(bias, "analysis.json"));
            JsonNode facet = analysis.path("post_training_bias_metrics").path("facets").path("sex").path(0);
            assertThat(facet.path("value_or_threshold").asText()).isEqualTo("F");
            assertThat(facet.path("metrics").findValuesAsText("name")).contains("DPPL", "DI", "AD", "RD");
            JsonNode biasViolations = JSON.readTree(project.monitors().reportFile(bias, "constraint_violations.json"));
            assertThat(biasViolations.path("violations").size()).isEqualTo(bias.violations());

            // labels far above what was predicted: quality breaks its constraints, with SageMaker's wording
            GroundTruth wrong = project.monitors().groundTruth("abalone-staging");
            for (int i = 300; i < 500; i++) {
                String row = data.get(i);
                staging.invoke("text/csv", "text/csv", row.substring(0, row.lastIndexOf(',')), "late-" + i);
                wrong.add("late-" + i, Double.toString(Double.parseDouble(row.substring(row.lastIndexOf(',') + 1)) + 12));
            }
            wrong.upload();
            MonitoringExecution worse = project.monitors().runNow("abalone-staging-model-quality");
            assertThat(worse.status()).isEqualTo(MonitoringExecutionStatus.CompletedWithViolations);
            String qualityViolations = project.monitors().reportFile(worse, "constraint_violations.json");
            assertThat(qualityViolations).contains("\"metric_name\" : \"mae\"").contains("Metric mae with ")
                    .contains("was GreaterThanThreshold '" + baselineMae + "'");
            MonitoringExecution biasWorse = project.monitors().runNow("abalone-staging-model-bias");
            assertThat(biasWorse.status()).isEqualTo(MonitoringExecutionStatus.CompletedWithViolations);
            assertThat(project.monitors().reportFile(biasWorse, "constraint_violations.json"))
                    .contains("\"constraint_check_type\": \"bias_drift_check\"")
                    .contains("doesn't meet the baseline constraint requirement");
            // the drift check is on the model's predictions: post-training metrics only
            assertThat(JSON.readTree(project.monitors().reportFile(biasWorse, "constraint_violations.json"))
                    .path("violations").findValuesAsText("metric_name")).isNotEmpty()
                    .isSubsetOf("AD", "CDDPL", "DAR", "DCA", "DCR", "DI", "DPPL", "DRR", "FT", "GE", "RD", "SD", "TE");

            // explainability: the training-like traffic ranks features as the training data does
            MonitoringExecution explain = project.monitors().runNow("abalone-staging-model-explainability");
            assertThat(explain.status()).as(explain.toString()).isEqualTo(MonitoringExecutionStatus.Completed);
            JsonNode shap = JSON.readTree(project.monitors().reportFile(explain, "analysis.json"))
                    .path("explanations").path("kernel_shap").path("label0").path("global_shap_values");
            List<String> names = new ArrayList<>();
            shap.fieldNames().forEachRemaining(names::add);
            assertThat(names).containsExactly("sex", "length", "diameter", "height", "whole_weight", "shucked_weight",
                    "viscera_weight", "shell_weight");

            // an hour later nothing was captured: the window is empty, said plainly
            clock.set(Instant.parse("2026-02-03T16:30:00Z"));
            MonitoringExecution empty = project.monitors().runNow("abalone-staging-model-explainability");
            assertThat(empty.status()).isEqualTo(MonitoringExecutionStatus.Failed);
            assertThat(empty.failureReason().orElseThrow()).contains("No captured inference of abalone-staging");

            // traffic where only the least important feature moves: the ranking is upside down
            Path explainBaseline = home.resolve("projects/abalone/monitoring/baselines/abalone-staging-model-explainability");
            JsonNode baselineShap = JSON.readTree(explainBaseline.resolve("analysis.json").toFile())
                    .path("explanations").path("kernel_shap").path("label0").path("global_shap_values");
            String least = names.stream().filter(n -> !n.equals("sex"))
                    .min((a, b) -> Double.compare(baselineShap.path(a).asDouble(), baselineShap.path(b).asDouble()))
                    .orElseThrow();
            JsonNode base = JSON.readTree(explainBaseline.resolve("analysis_config.json").toFile())
                    .path("methods").path("shap").path("baseline").path(0);
            String[] sexes = {"F", "I", "M"};
            for (int i = 0; i < 100; i++) {
                StringBuilder row = new StringBuilder(sexes[base.path(0).asInt()]);
                for (int c = 1; c < names.size(); c++) {
                    double value = names.get(c).equals(least) ? 0.01 + i * 0.02 : base.path(c).asDouble();
                    row.append(',').append(value);
                }
                staging.invoke("text/csv", "text/csv", row.toString(), "odd-" + i);
            }
            MonitoringExecution drift = project.monitors().runNow("abalone-staging-model-explainability");
            assertThat(drift.status()).isEqualTo(MonitoringExecutionStatus.CompletedWithViolations);
            assertThat(project.monitors().reportFile(drift, "constraint_violations.json"))
                    .contains("\"constraint_check_type\": \"feature_attribution_drift_check\"")
                    .contains("exceeds threshold 0.9");
            assertThat(Files.isDirectory(home.resolve("projects/abalone/monitoring/reports/abalone-staging/"
                    + "abalone-staging-model-explainability/2026/02/03/16"))).isTrue();
        }
    }
}
