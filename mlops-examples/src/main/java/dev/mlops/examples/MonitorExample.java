package dev.mlops.examples;

import dev.mlops.Execution;
import dev.mlops.ExecutionStatus;
import dev.mlops.Gate;
import dev.mlops.GroundTruth;
import dev.mlops.MlopsProjects;
import dev.mlops.ModelVersion;
import dev.mlops.Project;
import dev.mlops.event.ProjectEventType;
import dev.mlops.local.LocalBackend;
import dev.mlops.monitor.MonitoringExecution;
import dev.mlops.monitor.MonitoringSchedule;
import dev.mlops.monitor.MonitoringType;
import dev.mlops.template.Templates;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.IntStream;

/**
 * Model Monitor on the local backend, end to end: creates a project from the build + train + deploy + Model
 * Monitor template, sets {@code GroundTruthInput} in the prod monitoring configuration so that model quality and
 * bias deploy too, approves the model through staging to prod (and the monitors with it), sends normal abalone
 * traffic to the prod endpoint with inference ids, uploads the true rings as ground truth, and runs the four
 * schedules (data quality, model quality, bias drift, feature-attribution drift); then sends shifted traffic
 * (lengths tripled, an unseen sex category, text in a numeric column) and runs data quality and explainability
 * again, printing what each run found.
 *
 * <pre>
 * mvn -q -B -DskipTests package &amp;&amp; java -jar mlops-examples/target/mlops-examples.jar monitor [--home DIR]
 * </pre>
 *
 * <p>With no argument the project lives in a new temporary directory.
 */
public final class MonitorExample {
    private static final Duration STEP = Duration.ofMinutes(5);

    /** The seed's prod monitoring configuration with GroundTruthInput set. */
    private static final String PROD_CONFIG = "{\"Parameters\": {\"StageName\": \"prod\","
            + " \"EnableDataQualityMonitor\": \"yes\", \"EnableModelQualityMonitor\": \"yes\","
            + " \"EnableModelBiasMonitor\": \"yes\", \"EnableModelExplainabilityMonitor\": \"yes\","
            + " \"ScheduleExpression\": \"cron(0 * ? * * *)\", \"GroundTruthInput\": \"groundtruth\","
            + " \"ProblemType\": \"Regression\", \"BiasFacetName\": \"sex\", \"BiasFacetValues\": \"F\","
            + " \"BiasLabelThreshold\": \"10\", \"BiasPredictedLabelThreshold\": \"10\"}}\n";

    private MonitorExample() {
    }

    /**
     * Runs the example.
     *
     * @param args optional: the backend's home directory
     * @throws Exception if a step fails
     */
    public static void main(String[] args) throws Exception {
        Path home = args.length > 0 ? Path.of(args[0]) : Files.createTempDirectory("mlops-monitor-example");
        System.out.println("home: " + home);
        try (LocalBackend backend = LocalBackend.builder().home(home).build();
             Project project = MlopsProjects.builder().name("abalone").template(Templates.modelBuildTrainDeployMonitor())
                     .backend(backend)
                     .listener(e -> {
                         if (e.type() == ProjectEventType.MonitorViolations) {
                             System.out.println("  [event] " + e.message());
                         }
                     })
                     .create()) {
            project.repositories().named(Templates.MODEL_MONITOR).commit("Ground truth for prod",
                    java.util.Map.of("prod-monitoring-schedule-config.json", PROD_CONFIG));
            Execution build = project.pipelines().build().awaitLatest(STEP);
            if (build.status() != ExecutionStatus.Succeeded) {
                throw new IllegalStateException("the build pipeline ended " + build.status() + ": " + build.stages());
            }
            ModelVersion version = project.models().pendingApproval().first().orElseThrow();
            System.out.println("model version " + version.version() + " registered, mse " + version.metrics().get("mse"));
            version.approve("monitor example");
            project.environments().staging().awaitDeployed(version, STEP);
            System.out.println("staging endpoint in service; the monitor pipeline now suggests baselines and deploys"
                    + " the staging monitors");

            // Two gates: the deploy pipeline's (prod endpoint) and then the monitor pipeline's (prod monitors).
            approve(project, Templates.MODEL_DEPLOY);
            project.environments().prod().awaitDeployed(version, STEP);
            approve(project, Templates.MODEL_MONITOR);
            String prod = project.environments().prod().endpointName();
            String schedule = prod + "-data-quality";
            awaitSchedule(project, prod + "-model-explainability");
            awaitSchedule(project, schedule);
            for (MonitoringSchedule s : project.monitors().schedules()) {
                System.out.println("schedule " + s.name() + ": " + s.type() + " " + s.expression().text());
            }

            URI url = project.environments().prod().endpoint().url();
            List<String> rows = abaloneRows();
            List<String> rings = abaloneLabels();
            List<Integer> order = trafficOrder(rows.size());
            System.out.println();
            System.out.println("sending 1000 normal rows (a random sample of the training data) to " + url);
            send(url, pick(rows, order.subList(0, 1000)), false, "normal-");
            report(project, project.monitors().runNow(schedule));
            GroundTruth labels = project.monitors().groundTruth(prod);
            List<String> normalRings = pick(rings, order.subList(0, 1000));
            for (int i = 0; i < 1000; i++) {
                labels.add("normal-" + i, normalRings.get(i));
            }
            System.out.println("uploaded " + labels.size() + " labels to " + labels.upload());
            report(project, project.monitors().runNow(prod + "-model-quality"));
            report(project, project.monitors().runNow(prod + "-model-bias"));
            report(project, project.monitors().runNow(prod + "-model-explainability"));

            System.out.println();
            System.out.println("sending 1000 shifted rows (lengths x3, sex 'U', text in whole_weight every 10th row)");
            send(url, pick(rows, order.subList(1000, 2000)), true, "shifted-");
            report(project, project.monitors().runNow(schedule));
            report(project, project.monitors().runNow(prod + "-model-explainability"));
        }
    }

    private static void approve(Project project, String pipeline) {
        long deadline = System.nanoTime() + STEP.toNanos();
        while (System.nanoTime() < deadline) {
            for (Gate g : project.gates().pending()) {
                if (g.pipeline().equals(pipeline)) {
                    g.approve("monitor example");
                    System.out.println("approved gate " + g.name() + " of " + pipeline);
                    return;
                }
            }
            pause();
        }
        throw new IllegalStateException("no gate of " + pipeline + " became pending within " + STEP);
    }

    private static void awaitSchedule(Project project, String name) {
        long deadline = System.nanoTime() + STEP.toNanos();
        while (project.monitors().schedules().stream().noneMatch(s -> s.name().equals(name))) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("schedule " + name + " was not deployed within " + STEP);
            }
            pause();
        }
    }

    private static void pause() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /**
     * The order in which the example sends the abalone rows: a shuffle with a fixed seed. The file is in the order
     * the abalone were collected, not a random one (the mean rings of its blocks of 500 rows run from 8.7 to 11.5),
     * so its first rows are not a sample of the training data: their rings alone lie at an L-infinity distance of
     * 0.15 from those of the whole file, three times the 95% sampling bound. Normal traffic must be a sample of what
     * the baseline saw, or the data-quality monitor rightly reports drift on it.
     *
     * @param rows the number of rows
     * @return a permutation of {@code 0 … rows - 1}
     */
    static List<Integer> trafficOrder(int rows) {
        List<Integer> order = new ArrayList<>(IntStream.range(0, rows).boxed().toList());
        Collections.shuffle(order, new Random(20_240_901L));
        return List.copyOf(order);
    }

    static <T> List<T> pick(List<T> values, List<Integer> indices) {
        return indices.stream().map(values::get).toList();
    }

    /** The abalone inputs (sex and 7 measurements), without the rings label. */
    static List<String> abaloneRows() throws IOException {
        try (InputStream in = MonitorExample.class.getClassLoader().getResourceAsStream("dev/mlops/seed/data/abalone.csv")) {
            if (in == null) {
                throw new IOException("dev/mlops/seed/data/abalone.csv is not on the class path (it comes with mlops-core)");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank())
                    .map(l -> l.substring(0, l.lastIndexOf(','))).toList();
        }
    }

    /** The rings label of each abalone row. */
    static List<String> abaloneLabels() throws IOException {
        try (InputStream in = MonitorExample.class.getClassLoader().getResourceAsStream("dev/mlops/seed/data/abalone.csv")) {
            if (in == null) {
                throw new IOException("dev/mlops/seed/data/abalone.csv is not on the class path (it comes with mlops-core)");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank())
                    .map(l -> l.substring(l.lastIndexOf(',') + 1)).toList();
        }
    }

    private static void send(URI url, List<String> rows, boolean shift, String idPrefix) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        int ok = 0;
        int rejected = 0;
        String firstRejection = null;
        for (int i = 0; i < rows.size(); i++) {
            String row = shift ? shifted(rows.get(i), i) : rows.get(i);
            HttpRequest request = HttpRequest.newBuilder(url.resolve("/invocations"))
                    .header("Content-Type", "text/csv")
                    .header("X-Amzn-SageMaker-Inference-Id", idPrefix + i)
                    .POST(HttpRequest.BodyPublishers.ofString(row)).build();
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 200) {
                ok++;
            } else {
                rejected++;
                if (firstRejection == null) {
                    firstRejection = response.statusCode() + " " + response.body().strip();
                }
            }
        }
        System.out.println("  " + ok + " answered, " + rejected + " rejected"
                + (firstRejection == null ? "" : " (first: " + firstRejection + ")"));
    }

    private static String shifted(String row, int i) {
        String[] f = row.split(",");
        f[0] = "U";
        for (int c = 1; c <= 2; c++) {
            f[c] = String.format(Locale.ROOT, "%.4f", Double.parseDouble(f[c]) * 3);
        }
        if (i % 10 == 0) {
            f[4] = "heavy";
        }
        return String.join(",", f);
    }

    private static void report(Project project, MonitoringExecution e) {
        System.out.println("  execution " + e.id() + ": " + e.status() + ", " + e.records() + " rows in ["
                + e.windowStart() + ", " + e.windowEnd() + ")");
        e.exitMessage().ifPresent(m -> System.out.println("  " + m));
        e.failureReason().ifPresent(m -> System.out.println("  failure: " + m));
        if (!e.inputIssues().isEmpty()) {
            System.out.println("  input issues: " + e.inputIssues());
        }
        e.reportUri().ifPresent(u -> System.out.println("  report: " + u));
        if (e.type() == MonitoringType.ModelExplainability && e.reportUri().isPresent()) {
            String analysis = project.monitors().reportFile(e, "analysis.json");
            int at = analysis.indexOf("\"global_shap_values\"");
            System.out.println("  " + analysis.substring(at, analysis.indexOf('}', at) + 1).replaceAll("\\s+", " "));
        }
        if (e.violations() > 0) {
            System.out.println(project.monitors().reportFile(e, "constraint_violations.json"));
        }
    }
}
