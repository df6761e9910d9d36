package dev.mlops.aws.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.Execution;
import dev.mlops.ExecutionStatus;
import dev.mlops.MlopsProjects;
import dev.mlops.ModelVersion;
import dev.mlops.Project;
import dev.mlops.aws.AwsBackend;
import dev.mlops.aws.fixtures.ValidatingInterceptor;
import dev.mlops.exception.UnsupportedByBackendException;
import dev.mlops.exception.ValidationException;
import dev.mlops.monitor.MonitoringExecution;
import dev.mlops.monitor.MonitoringExecutionStatus;
import dev.mlops.monitor.MonitoringSchedule;
import dev.mlops.monitor.MonitoringType;
import dev.mlops.template.Templates;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Model Monitor template on AWS through the same {@code Project} calls as on the embedded backend: the staging
 * endpoint coming into service starts the monitor pipeline ({@code InServiceEndpointEventRule}); its build reads
 * the served version's baselines from the registry and exports the monitor stack; the stack's job definitions
 * (moto) and monitoring schedules (the fake) are made; {@code project.monitors()} lists the schedules, and, once
 * SageMaker ran one, its execution, report files and violations. Every request is validated against botocore.
 */
class AwsMonitorEndToEndTest {
    private static final Duration WAIT = Duration.ofMinutes(1);

    @TempDir
    Path cache;

    private AwsSimulation aws;
    private final ValidatingInterceptor validator = new ValidatingInterceptor();

    @BeforeEach
    void start() throws Exception {
        aws = AwsSimulation.start(0, 1);
    }

    @AfterEach
    void stop() {
        aws.close();
        validator.assertNoViolations();
    }

    @Test
    void modelMonitor_fromTheStagingEndpointToViolations() throws Exception {
        try (AwsBackend backend = aws.backend(cache, validator).build();
                Project project = MlopsProjects.builder().name("abalone").template(Templates.modelBuildTrainDeployMonitor())
                        .backend(backend).create()) {
            String id = project.id();
            assertThat(project.repositories().named("modelmonitor").headCommit()).isNotBlank();
            Execution build = project.pipelines().build().awaitLatest(WAIT);
            assertThat(build.status()).as("%s", build.stages()).isEqualTo(ExecutionStatus.Succeeded);
            ModelVersion candidate = project.models().pendingApproval().first().orElseThrow()
                    .approve("MSE below 6.0 on the test split");
            project.environments().staging().awaitDeployed(candidate, WAIT);

            List<MonitoringSchedule> schedules = awaitSchedules(project, 2);
            assertThat(schedules).as("events %s, monitor builds %s, schedules made %s, monitor pipeline %s", aws.events(),
                    aws.monitors().log(), aws.monitors().schedules(),
                    project.pipelines().named("modelmonitor").latestExecution().map(e -> e.status() + " " + e.stages()).orElse("none"))
                    .extracting(MonitoringSchedule::name)
                    .containsExactly("abalone-staging-data-quality", "abalone-staging-model-explainability");
            assertThat(schedules).extracting(MonitoringSchedule::type)
                    .containsExactly(MonitoringType.DataQuality, MonitoringType.ModelExplainability);
            assertThat(schedules).allSatisfy(s -> assertThat(s.endpoint()).isEqualTo("abalone-staging"));
            assertThat(aws.events()).contains("sagemaker-abalone-" + id + "-ep -> sagemaker-abalone-" + id + "-modelmonitor");
            assertThat(aws.monitors().log()).anyMatch(l -> l.startsWith("Endpoint abalone-staging serves model package "
                    + candidate.arn()));
            assertThat(project.monitors().executions("abalone-staging-data-quality")).isEmpty();

            String report = aws.monitors().execute("abalone-staging-data-quality", "abalone-staging", List.of("_c0", "length"));

            List<MonitoringExecution> runs = project.monitors().executions("abalone-staging-data-quality");
            assertThat(runs).singleElement().satisfies(e -> {
                assertThat(e.status()).isEqualTo(MonitoringExecutionStatus.CompletedWithViolations);
                assertThat(e.violations()).isEqualTo(2);
                assertThat(e.records()).isEqualTo(120);
                assertThat(e.reportUri()).contains(report);
                assertThat(e.endpoint()).isEqualTo("abalone-staging");
            });
            MonitoringExecution run = runs.get(0);
            assertThat(project.monitors().reportFiles(run)).containsExactly("constraint_violations.json", "statistics.json");
            assertThat(project.monitors().reportFile(run, "constraint_violations.json")).contains("baseline_drift_check", "_c0");
            MonitoringExecution now = project.monitors().runNow("abalone-staging-data-quality");
            assertThat(now.status()).isEqualTo(MonitoringExecutionStatus.Completed);
            assertThat(now.schedule()).isEqualTo("abalone-staging-data-quality");
            assertThat(now.reportUri()).hasValueSatisfying(u -> assertThat(u).contains("/abalone-staging-data-quality-now-"));
            assertThat(project.monitors().reportFiles(now)).contains("statistics.json");
            assertThat(project.monitors().schedules()).as("the one-off schedule is deleted").hasSize(2);
            assertThatThrownBy(() -> project.monitors().groundTruth("abalone-staging")
                    .add("e-1", "10").upload())
                    .isInstanceOf(ValidationException.class).hasMessageContaining("GroundTruthInput");
        }
    }

    @Test
    void scheduledProcessing_whereModelMonitorIsClosed_operatesThroughTheSameCalls() throws Exception {
        String image = "123456789012.dkr.ecr.us-east-1.amazonaws.com/mlops-monitor:1.0";
        try (AwsBackend backend = aws.backend(cache, validator).build();
                Project project = MlopsProjects.builder().name("churn")
                        .template(dev.mlops.aws.cfn.MonitorMode.SCHEDULED_PROCESSING.applyTo(
                                Templates.modelBuildTrainDeployMonitor(), image))
                        .backend(backend).create()) {
            project.pipelines().build().awaitLatest(WAIT);
            ModelVersion candidate = project.models().pendingApproval().first().orElseThrow().approve("good");
            project.environments().staging().awaitDeployed(candidate, WAIT);

            List<MonitoringSchedule> schedules = awaitSchedules(project, 2);
            assertThat(schedules).as("monitor builds %s", aws.monitors().log()).extracting(MonitoringSchedule::name)
                    .containsExactly("churn-staging-data-quality", "churn-staging-model-explainability");
            assertThat(aws.monitors().schedules()).as("no Model Monitor schedule in this mode").isEmpty();
            {
                var job = aws.monitors().schedulerSchedules().get("churn-staging-data-quality");
                assertThat(job.at("/AppSpecification/ImageUri").asText()).isEqualTo(image);
                assertThat(job.at("/Environment/dataset_source").asText()).isEqualTo("/opt/ml/processing/input/endpoint");
                assertThat(job.at("/Environment/baseline_statistics").asText())
                        .isEqualTo("/opt/ml/processing/baseline/statistics");
                assertThat(job.at("/ProcessingInputs/0/S3Input/S3Uri").asText()).endsWith("/datacapture-staging/churn-staging");
            }

            String report = aws.monitors().fire("churn-staging-data-quality", List.of("_c0"));

            List<MonitoringExecution> runs = project.monitors().executions("churn-staging-data-quality");
            assertThat(runs).singleElement().satisfies(e -> {
                assertThat(e.status()).isEqualTo(MonitoringExecutionStatus.CompletedWithViolations);
                assertThat(e.violations()).isEqualTo(1);
                assertThat(e.reportUri()).contains(report);
            });
            assertThat(project.monitors().executions("churn-staging-model-explainability")).isEmpty();
            assertThat(project.monitors().reportFile(runs.get(0), "constraint_violations.json")).contains("_c0");
            assertThatThrownBy(() -> project.monitors().runNow("churn-staging-data-quality"))
                    .isInstanceOf(UnsupportedByBackendException.class).hasMessageContaining("SCHEDULED_PROCESSING");
        }
    }

    private static List<MonitoringSchedule> awaitSchedules(Project project, int count) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        List<MonitoringSchedule> s = project.monitors().schedules();
        while (s.size() < count && System.nanoTime() < deadline) {
            Thread.sleep(100);
            s = project.monitors().schedules();
        }
        return s;
    }
}
