package dev.mlops.examples;

import dev.mlops.Execution;
import dev.mlops.ExecutionStatus;
import dev.mlops.Gate;
import dev.mlops.MlopsProjects;
import dev.mlops.ModelApprovalStatus;
import dev.mlops.ModelVersion;
import dev.mlops.Pipeline;
import dev.mlops.Project;
import dev.mlops.event.ProjectEvent;
import dev.mlops.event.ProjectEventType;
import dev.mlops.local.LocalBackend;
import dev.mlops.template.Templates;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The quickstart: the "model building, training, and deployment" template end to end on the embedded backend.
 * It creates (or reuses) the project, lets the seed commit (or, on a later run, a new pipeline run) build and
 * train a model, approves the registered version, waits for staging and its tests, approves the manual gate,
 * waits for prod, sends real rows to prod, and prints a summary with timings.
 */
public final class Quickstart {
    private static final Duration WAIT = Duration.ofMinutes(5);
    private static final List<String> MODEL_STEPS = List.of("PreprocessAbaloneData", "TrainAbaloneModel", "EvaluateAbaloneModel");

    private Quickstart() {
    }

    /**
     * Runs the quickstart.
     *
     * @param name the project's name
     * @param home the embedded backend's home, or {@code null} for the default
     * @param out where to print
     * @return the summary's figures: total, model compute and other milliseconds
     * @throws Exception if a step of the flow fails: an {@link dev.mlops.exception.MlopsException} from the SDK
     *     (a failed build, a timed-out wait), an {@link InterruptedException} when the thread is interrupted
     */
    public static Map<String, Long> run(String name, Path home, PrintStream out) throws Exception {
        long t0 = System.nanoTime();
        List<ProjectEvent> events = new CopyOnWriteArrayList<>();
        Map<String, Long> phases = new LinkedHashMap<>();
        LocalBackend.Builder backendBuilder = LocalBackend.builder();
        if (home != null) {
            backendBuilder.home(home);
        }
        try (LocalBackend backend = backendBuilder.build();
             Project project = MlopsProjects.builder()
                     .name(name)
                     .template(Templates.modelBuildTrainDeploy())
                     .backend(backend)
                     .listener(new ConsoleProgress(out, true))
                     .listener(events::add)
                     .create()) {
            long created = System.nanoTime();
            phases.put("create or reattach", ms(t0, created));
            out.printf("Project %s (%s) on the %s backend, home %s%n", project.name(), project.id(), project.backend(), backend.home());
            Map<String, Long> figures = deliver(project, events, phases, t0, out);
            out.printf("%nThe project stays in %s; run again to build, approve and deploy a new version,%n", backend.home());
            out.printf("or serve prod on a port with:  %s%n", serveCommand(name, backend.home()));
            return figures;
        }
    }

    /**
     * The flow every quickstart shares, whichever components the project is composed of: lets the seed commit (or,
     * on a later run, a new pipeline run) build and train a model, approves the registered version, waits for
     * staging and its tests, approves the manual gate, waits for prod, sends real rows to prod, and prints the
     * summary.
     *
     * @param project the created (or reattached) project, with a build and a deploy pipeline and a manual gate
     * @param events the project's events so far and from now on (a listener's list), for the model compute time
     * @param phases the phases timed before this call, in order; this call adds its own
     * @param t0 when the run started ({@link System#nanoTime()})
     * @param out where to print
     * @return the summary's figures: total, model compute and other milliseconds, and the deployed model version
     * @throws IllegalStateException if the build does not succeed or its version was already decided
     * @throws dev.mlops.exception.MlopsException if a wait times out or a component fails for good
     */
    public static Map<String, Long> deliver(Project project, List<ProjectEvent> events, Map<String, Long> phases, long t0,
            PrintStream out) {
        project.repositories().all().forEach(r -> out.printf("  repository %s  %s%n", r.name(), r.cloneUri()));
        long created = System.nanoTime();

        // 1. Build and train: the seed commit starts the build pipeline; on a later run, start a new run.
        Pipeline build = project.pipelines().build();
        Optional<Execution> latest = build.latestExecution();
        Execution run;
        if (latest.isEmpty()) {
            // A new project: its seed commit starts the first build (from another backend's repositories, at
            // the engine's next poll of them), so starting one here would build twice.
            run = build.awaitLatest(WAIT);
        } else if (!latest.get().status().isTerminal() || awaitsApproval(project, latest.get())) {
            run = latest.get().await(WAIT);
        } else {
            run = build.start().await(WAIT);
        }
        long built = System.nanoTime();
        phases.put("build pipeline (" + run.id() + ")", ms(created, built));
        if (run.status() != ExecutionStatus.Succeeded) {
            throw new IllegalStateException("The build pipeline ended " + run.status() + ": " + run.stages());
        }
        ModelVersion candidate = project.models().versions().stream()
                .filter(v -> run.id().equals(v.lineage().get("pipelineExecution"))).findFirst()
                .orElseThrow(() -> new IllegalStateException("Build " + run.id() + " registered no model version; its"
                        + " stages: " + run.stages()));
        if (candidate.status() != ModelApprovalStatus.PendingManualApproval) {
            throw new IllegalStateException("Model version " + candidate.version() + " of build " + run.id()
                    + " was already decided (" + candidate.status() + candidate.decision().map(d -> " by " + d).orElse("")
                    + "): another process is running the quickstart on this home; let it finish, or use another --home");
        }
        out.printf("%nRegistered model version %d of %s: mse %.3f (threshold 6.0), source commit %s%n", candidate.version(),
                candidate.group(), candidate.metrics().get("mse"), candidate.lineage().get("sourceCommit").substring(0, 7));

        // 2. Approve it: the deploy pipeline deploys to staging and runs the endpoint tests.
        candidate = candidate.approve("MSE below 6.0 on the test split");
        project.environments().staging().awaitDeployed(candidate, WAIT);
        long staged = System.nanoTime();
        phases.put("approve → staging in service", ms(built, staged));
        Gate gate = project.gates().awaitPending(candidate, WAIT);
        long tested = System.nanoTime();
        phases.put("staging endpoint tests", ms(staged, tested));

        // 3. The manual gate: nothing reaches prod without it.
        gate.approve("staging tests passed");
        project.environments().prod().awaitDeployed(candidate, WAIT);
        long prod = System.nanoTime();
        phases.put("gate → prod in service", ms(tested, prod));

        // 4. Real rows to prod.
        List<String[]> rows = sampleRows(10);
        StringBuilder body = new StringBuilder();
        rows.forEach(r -> body.append(String.join(",", java.util.Arrays.copyOf(r, 8))).append('\n'));
        String[] answers = project.environments().prod().endpoint().invoke(body.toString()).strip().split("\n");
        long invoked = System.nanoTime();
        phases.put("10 rows to prod", ms(prod, invoked));

        out.printf("%nProd endpoint %s at %s serves version %d:%n", project.environments().prod().endpointName(),
                project.environments().prod().endpoint().url(), candidate.version());
        out.println("  sex length diameter height whole   shucked viscera shell  | rings  predicted");
        for (int i = 0; i < rows.size(); i++) {
            String[] r = rows.get(i);
            out.printf(Locale.ROOT, "  %-3s %-6s %-8s %-6s %-7s %-7s %-7s %-6s | %-6s %.2f%n", r[0], r[1], r[2], r[3], r[4], r[5],
                    r[6], r[7], r[8], Double.parseDouble(answers[i]));
        }

        long modelCompute = modelComputeMillis(events);
        long total = ms(t0, invoked);
        out.printf("%nSummary%n");
        phases.forEach((k, v) -> out.printf(Locale.ROOT, "  %-40s %7.2f s%n", k, v / 1000.0));
        out.printf(Locale.ROOT, "  %-40s %7.2f s%n", "total (from main; bench/quickstart.sh adds JVM start)", total / 1000.0);
        out.printf(Locale.ROOT, "  %-40s %7.2f s%n", "  of which model compute (preprocess, train, evaluate)", modelCompute / 1000.0);
        out.printf(Locale.ROOT, "  %-40s %7.2f s%n", "  everything else", (total - modelCompute) / 1000.0);
        Map<String, Long> figures = new LinkedHashMap<>();
        figures.put("totalMillis", total);
        figures.put("modelComputeMillis", modelCompute);
        figures.put("otherMillis", total - modelCompute);
        figures.put("modelVersion", (long) candidate.version());
        return figures;
    }

    /**
     * The command line, to print for copying, that serves the project's prod endpoint on port 8080 from the same
     * home as this run. It names the home with {@code --home} (absolute, quoted for a POSIX shell if need be)
     * unless it is {@code ~/.mlops} and nothing overrides that default, so that the command works from any
     * directory and shell: also when the home came from {@code --home}, {@code -Dmlops.home} or
     * {@code MLOPS_HOME}.
     *
     * @param name the project
     * @param home the home the quickstart ran in
     * @return the command
     */
    static String serveCommand(String name, Path home) {
        StringBuilder b = new StringBuilder("java -jar mlops-examples/target/mlops-examples.jar serve --project ")
                .append(shellQuote(name)).append(" --port 8080");
        Path builtIn = Path.of(System.getProperty("user.home"), ".mlops").toAbsolutePath().normalize();
        Path absolute = home.toAbsolutePath().normalize();
        if (!absolute.equals(builtIn) || !LocalBackend.defaultHome().toAbsolutePath().normalize().equals(builtIn)) {
            b.append(" --home ").append(shellQuote(absolute.toString()));
        }
        return b.toString();
    }

    /**
     * Quotes a word for a POSIX shell: as it is if it holds only characters no shell treats specially, otherwise
     * in single quotes (a single quote inside becomes {@code '\''}).
     *
     * @param word the word
     * @return the word as a shell reads it back
     */
    static String shellQuote(String word) {
        if (!word.isEmpty() && word.matches("[A-Za-z0-9_@%+:,./-]+")) {
            return word;
        }
        return "'" + word.replace("'", "'\\''") + "'";
    }

    /** Whether a finished build registered a version that is still waiting for approval (an interrupted earlier run). */
    private static boolean awaitsApproval(Project project, Execution e) {
        return project.models().pendingApproval().stream().anyMatch(v -> e.id().equals(v.lineage().get("pipelineExecution")));
    }

    /** Sums the durations of the preprocess, train and evaluate steps of the newest build, from step events. */
    static long modelComputeMillis(List<ProjectEvent> events) {
        Map<String, Long> started = new ConcurrentHashMap<>();
        Map<String, Long> took = new LinkedHashMap<>();
        for (ProjectEvent e : events) {
            if (e.type() != ProjectEventType.StepProgress || !MODEL_STEPS.contains(e.detail().get("step"))) {
                continue;
            }
            String key = e.detail().get("step");
            if ("Executing".equals(e.detail().get("status"))) {
                started.put(key, e.time().toEpochMilli());
            } else if ("Succeeded".equals(e.detail().get("status")) && started.containsKey(key)) {
                took.put(key, e.time().toEpochMilli() - started.get(key));
            }
        }
        return took.values().stream().mapToLong(Long::longValue).sum();
    }

    private static List<String[]> sampleRows(int n) {
        List<String[]> out = new ArrayList<>();
        try (InputStream in = Quickstart.class.getClassLoader().getResourceAsStream("dev/mlops/seed/data/abalone.csv");
             BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            int i = 0;
            while ((line = r.readLine()) != null && out.size() < n) {
                if (i++ % 397 == 0) {
                    out.add(line.split(","));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the seed's abalone.csv from the class path", e);
        }
        return out;
    }

    private static long ms(long from, long to) {
        return (to - from) / 1_000_000;
    }
}
