package dev.mlops.local;

import static dev.mlops.local.Flows.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.Execution;
import dev.mlops.ExecutionStatus;
import dev.mlops.Gate;
import dev.mlops.MlopsProjects;
import dev.mlops.ModelVersion;
import dev.mlops.Project;
import dev.mlops.event.ProjectEvent;
import dev.mlops.event.ProjectEventType;
import dev.mlops.local.internal.MutableClock;
import dev.mlops.monitor.MonitoringExecution;
import dev.mlops.monitor.MonitoringExecutionStatus;
import dev.mlops.monitor.MonitoringSchedule;
import dev.mlops.monitor.capture.CaptureFiles;
import dev.mlops.template.Templates;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The build + train + deploy + Model Monitor template on the local backend, from creation to violations. */
class MonitorTemplateFlowTest {
    private static final Duration STEP = Duration.ofMinutes(4);

    @TempDir
    Path home;


    private static void approve(Project project, String pipeline) throws InterruptedException {
        await("a gate of " + pipeline, () -> project.gates().pending().stream().anyMatch(g -> g.pipeline().equals(pipeline)));
        Gate g = project.gates().pending().stream().filter(x -> x.pipeline().equals(pipeline)).findFirst().orElseThrow();
        g.approve("ok");
    }

    @Test
    void baselinesFromTrainingDataSchedulesOnStagingAndProdAndViolationsOnShiftedTraffic() throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2026-01-10T09:20:00Z"));
        List<ProjectEvent> violations = new CopyOnWriteArrayList<>();
        List<String> rows;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("dev/mlops/seed/data/abalone.csv")) {
            rows = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank())
                    .map(l -> l.substring(0, l.lastIndexOf(','))).toList();
        }
        try (LocalBackend backend = LocalBackend.builder().home(home).clock(clock).build();
             Project project = MlopsProjects.builder().name("abalone").template(Templates.modelBuildTrainDeployMonitor())
                     .backend(backend).listener(e -> {
                         if (e.type() == ProjectEventType.MonitorViolations) {
                             violations.add(e);
                         }
                     }).create()) {
            Execution build = project.pipelines().build().awaitLatest(STEP);
            assertThat(build.status()).isEqualTo(ExecutionStatus.Succeeded);
            ModelVersion v = project.models().pendingApproval().get(0);
            v.approve("good");
            project.environments().staging().awaitDeployed(v, STEP);
            await("the staging data-quality schedule", () -> project.monitors().schedules().stream()
                    .anyMatch(s -> s.name().equals("abalone-staging-data-quality")));
            approve(project, Templates.MODEL_DEPLOY);
            project.environments().prod().awaitDeployed(v, STEP);
            approve(project, Templates.MODEL_MONITOR);
            // The monitor stage deploys the schedules one at a time: wait for the last of them, not the first.
            await("the prod schedules", () -> project.monitors().schedules().stream()
                    .filter(s -> s.name().startsWith("abalone-prod-")).count() == 2);
            // the seed enables all four monitors; without GroundTruthInput, model quality and bias do not deploy
            assertThat(project.monitors().schedules()).extracting(MonitoringSchedule::name)
                    .containsExactly("abalone-prod-data-quality", "abalone-prod-model-explainability",
                            "abalone-staging-data-quality", "abalone-staging-model-explainability");
            assertThat(project.monitors().schedule("abalone-prod-data-quality").expression().text()).isEqualTo("cron(0 * ? * * *)");

            // normal traffic: a random sample of the training rows (the file is in collection order, not a random one)
            List<String> shuffled = new ArrayList<>(rows);
            Collections.shuffle(shuffled, new Random(7));
            for (String row : shuffled.subList(0, 1000)) {
                project.environments().staging().endpoint().invoke(row);
            }
            MonitoringExecution normal = project.monitors().runNow("abalone-staging-data-quality");
            // the 1000 rows plus the rows TestStaging sent: every request is analysed
            assertThat(normal.records()).isGreaterThanOrEqualTo(1000);
            // the baseline's first column is the model's output, as in the captures: normal traffic raises nothing
            // (with the training label there, _c0 drifted at 0.11 on these rows: integer rings against predictions)
            assertThat(normal.status()).as(normal.exitMessage().orElse("")).isEqualTo(MonitoringExecutionStatus.Completed);
            assertThat(normal.violations()).isZero();
            int normalViolations = normal.violations();
            // staging samples 100 %: every request is in the capture, in SageMaker's layout
            assertThat(CaptureFiles.in(home.resolve("projects/abalone/datacapture/abalone-staging/AllTraffic/2026/01/10/09"))
                    .readAll()).hasSize(1001); // 1000 one-row requests and TestStaging's one multi-row request

            for (int i = 0; i < 400; i++) {
                String[] f = shuffled.get(1000 + i).split(",");
                f[1] = Double.toString(Double.parseDouble(f[1]) * 3);
                f[2] = Double.toString(Double.parseDouble(f[2]) * 3);
                f[0] = "I".equals(f[0]) ? "M" : f[0];
                project.environments().staging().endpoint().invoke(String.join(",", f));
            }
            clock.set(Instant.parse("2026-01-10T09:40:00Z"));
            MonitoringExecution shifted = project.monitors().runNow("abalone-staging-data-quality");
            assertThat(shifted.status()).isEqualTo(MonitoringExecutionStatus.CompletedWithViolations);
            assertThat(shifted.violations()).isGreaterThan(normalViolations);
            String report = project.monitors().reportFile(shifted, "constraint_violations.json");
            assertThat(report).contains("baseline_drift_check").contains("\"feature_name\" : \"_c2\"");
            await("the MonitorViolations event", () -> violations.stream().anyMatch(e -> e.detail().get("execution")
                    .equals(shifted.id())));

            // the hourly schedule runs by itself once the clock passes 10:00
            clock.set(Instant.parse("2026-01-10T10:00:30Z"));
            await("the 10:00 run", () -> project.monitors().executions("abalone-prod-data-quality").stream()
                    .anyMatch(e -> e.scheduledTime().equals(Instant.parse("2026-01-10T10:00:00Z")) && e.status().isTerminal()));
            MonitoringExecution scheduled = project.monitors().executions("abalone-prod-data-quality").get(0);
            assertThat(scheduled.windowStart()).isEqualTo(Instant.parse("2026-01-10T09:00:00Z"));
            assertThat(scheduled.reportUri().orElseThrow())
                    .endsWith("reports/abalone-prod/abalone-prod-data-quality/2026/01/10/10");

            // each baseline row is the endpoint's answer to the row's inputs, then those inputs
            Path baselineRows;
            try (Stream<Path> files = Files.walk(home.resolve("projects/abalone/work"))) {
                baselineRows = files.filter(f -> f.getFileName().toString().equals("train-output-first.csv")).findFirst().orElseThrow();
            }
            for (String line : Files.readAllLines(baselineRows).subList(0, 3)) {
                String inputs = line.substring(line.indexOf(',') + 1);
                assertThat(rows).contains(inputs);
                assertThat(line.substring(0, line.indexOf(',')))
                        .isEqualTo(project.environments().staging().endpoint().invoke(inputs).strip());
            }
        }
    }
}
