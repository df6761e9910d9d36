package dev.mlops.local.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.ModelApprovalStatus;
import dev.mlops.event.ProjectEventType;
import dev.mlops.exception.MlopsClientException;
import dev.mlops.exception.UnsupportedByBackendException;
import dev.mlops.internal.RepositoryCode;
import dev.mlops.pipeline.Condition;
import dev.mlops.pipeline.ConditionStep;
import dev.mlops.pipeline.ExecutionVariable;
import dev.mlops.pipeline.Join;
import dev.mlops.pipeline.JsonGet;
import dev.mlops.pipeline.MlPipeline;
import dev.mlops.pipeline.Parameter;
import dev.mlops.pipeline.PipelineValue;
import dev.mlops.pipeline.ProcessingStep;
import dev.mlops.pipeline.RegisterModelStep;
import dev.mlops.pipeline.Step;
import dev.mlops.pipeline.StepOutput;
import dev.mlops.pipeline.StepVisitor;
import dev.mlops.pipeline.TrainingStep;
import dev.mlops.local.internal.child.ChildProtocol;
import dev.mlops.local.internal.child.PipelineCodec;
import dev.mlops.spi.ArtifactRef;
import dev.mlops.spi.ModelVersionInfo;
import dev.mlops.spi.ProjectRecord;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The embedded ML pipeline executor: what the original build stage's {@code run-pipeline} does against
 * SageMaker Pipelines. It compiles the model-build repository, asks its factory for the pipeline, stores the
 * definition ("upsert"; the embedded backend's own shape, {@link PipelineCodec}'s), runs the steps in data-flow order, and records each step. The processing and training
 * steps run in the run's child JVM (see {@link ChildJvm}), as SageMaker runs them in job containers: their
 * inputs are copied into its sandbox, their outputs back into the run's work directory.
 */
final class MlPipelineRunner {
    /** How long a processing or training step may run when the pipeline sets no timeout for it. */
    static final Duration DEFAULT_STEP_TIMEOUT = Duration.ofMinutes(30);
    /** How long the repository's pipeline factory may take to build the pipeline. */
    static final Duration FACTORY_TIMEOUT = Duration.ofMinutes(5);

    private final LocalContext ctx;
    private final RegistryPort registry;
    private final LocalArtifactStore artifacts;
    private final SourceCompiler compiler;

    MlPipelineRunner(LocalContext ctx, RegistryPort registry, LocalArtifactStore artifacts, SourceCompiler compiler) {
        this.ctx = ctx;
        this.registry = registry;
        this.artifacts = artifacts;
        this.compiler = compiler;
    }

    /** Per-run state: where step outputs are and what steps produced. */
    private final class Run {
        final ProjectRecord project;
        final String executionId;
        final Path source;
        final Path work;
        final PrintStream log;
        final MlPipeline pipeline;
        final Map<String, String> parameters = new LinkedHashMap<>();
        final Map<String, Path> outputs = new LinkedHashMap<>();
        final Map<String, String> lineage = new LinkedHashMap<>();
        final Set<String> done = new HashSet<>();
        final Path classesInSandbox;
        final ChildJvm.Slot child;
        final long seed;
        final java.time.Instant startedAt = java.time.Instant.now();
        String registered;

        Run(ProjectRecord project, String executionId, Path source, Path work, PrintStream log, MlPipeline pipeline,
                Path classesInSandbox, ChildJvm.Slot child) {
            this.project = project;
            this.executionId = executionId;
            this.source = source;
            this.work = work;
            this.log = log;
            this.pipeline = pipeline;
            this.classesInSandbox = classesInSandbox;
            this.child = child;
            this.seed = contentSeed(source);
        }

    }

    /**
     * Runs the repository's pipeline.
     *
     * @return a one-line summary of the outcome
     */
    String run(ProjectRecord project, String executionId, String sourceCommit, Path source, Path work, PrintStream log,
            ChildJvm.Slot child) throws Exception {
        String factoryClass = RepositoryCode.pipelineFactory(source);
        Path classes = compiler.compileToDirectory(source, "pipelines", log);
        // The factory is repository code too: it runs in the child, which sends back the pipeline it built.
        ChildJvm jvm = child.get();
        Path classesInSandbox = jvm.sandbox().resolve("classes").resolve(classes.getFileName().toString());
        MlPipelineRunner.deleteTree(classesInSandbox);
        ChildJvm.copyTree(classes, classesInSandbox);
        ObjectNode request = Json.MAPPER.createObjectNode();
        request.put("kind", ChildProtocol.PIPELINE);
        request.put("classes", classesInSandbox.toString());
        request.put("factory", factoryClass);
        ObjectNode settings = request.putObject("settings");
        settings.put("projectName", project.name());
        settings.put("projectId", project.id());
        settings.put("pipelineName", project.nameId());
        settings.put("modelPackageGroupName", project.nameId());
        settings.put("baseJobPrefix", project.nameId());
        ObjectNode tags = request.putObject("tags");
        project.tags().forEach(tags::put);
        JsonNode answer = jvm.call(request, FACTORY_TIMEOUT, log::println, "pipeline factory " + factoryClass);
        @SuppressWarnings("unchecked")
        Map<String, Object> encoded = Json.MAPPER.convertValue(answer.get("pipeline"), Map.class);
        MlPipeline pipeline = PipelineCodec.decode(encoded);
        // The embedded backend's own definition (PipelineCodec's shape), not SageMaker's: the SageMaker definition is
        // rendered by mlops-aws (dev.mlops.aws.pipelines.PipelineDefinitionRenderer).
        String definition = Json.pretty(Json.MAPPER.valueToTree(encoded));
        ctx.db().write(tx -> tx.update("INSERT INTO ml_pipelines(name, project, definition_json, updated_at) VALUES(?,?,?,?)"
                + " ON CONFLICT(name) DO UPDATE SET definition_json=excluded.definition_json, updated_at=excluded.updated_at",
                pipeline.name(), project.name(), definition, System.currentTimeMillis()));
        Files.writeString(work.resolve("pipeline-local-definition.json"), definition);
        log.println("upserted pipeline " + pipeline.name() + " (" + pipeline.allSteps().size() + " steps)");
        Run run = new Run(project, executionId, source, work, log, pipeline, classesInSandbox, child);
        pipeline.parameters().forEach(par -> run.parameters.put(par.name(), par.defaultValue()));
        run.lineage.put("sourceCommit", sourceCommit);
        run.lineage.put("pipelineExecution", executionId);
        run.lineage.put("pipeline", pipeline.name());
        for (Step s : order(pipeline.steps())) {
            runStep(run, s);
        }
        return run.registered != null ? run.registered : "pipeline " + pipeline.name() + " succeeded; no model version registered";
    }

    /**
     * The run's random seed, from the content of the checked-out repository: the same code and data always split,
     * sample and train the same way and build the same model, whichever run or project builds them.
     */
    static long contentSeed(Path source) {
        try (Stream<Path> walk = Files.walk(source)) {
            java.security.MessageDigest md = java.security.MessageDigest.getInstance("SHA-256");
            for (Path f : (Iterable<Path>) walk.filter(Files::isRegularFile).sorted()::iterator) {
                md.update(source.relativize(f).toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                md.update(Files.readAllBytes(f));
            }
            return java.nio.ByteBuffer.wrap(md.digest()).getLong();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Top-level steps in data-flow order (stable: declaration order among independent steps). */
    private static List<Step> order(List<Step> steps) {
        List<Step> out = new ArrayList<>();
        Set<String> placed = new HashSet<>();
        Set<String> names = new HashSet<>();
        steps.forEach(s -> names.add(s.name()));
        while (out.size() < steps.size()) {
            boolean progress = false;
            for (Step s : steps) {
                if (placed.contains(s.name())) {
                    continue;
                }
                boolean ready = true;
                for (PipelineValue v : s.references()) {
                    String prod = MlPipeline.producer(v);
                    if (prod != null && names.contains(prod) && !placed.contains(prod)) {
                        ready = false;
                    }
                }
                if (ready) {
                    out.add(s);
                    placed.add(s.name());
                    progress = true;
                }
            }
            if (!progress) {
                throw new MlopsClientException("ML pipeline steps reference steps inside condition branches from outside", null, Map.of());
            }
        }
        return out;
    }

    private void runStep(Run run, Step step) throws Exception {
        long started = System.currentTimeMillis();
        stepState(run, step, "Executing", started, null, "");
        run.log.println("[" + step.name() + "] " + step.type() + " step started");
        try {
            String detail = runVisitor(run, step, started);
            if (step instanceof RegisterModelStep) {
                run.done.add(step.name());
                run.log.println("[" + step.name() + "] " + detail);
                return;
            }
            stepState(run, step, "Succeeded", started, System.currentTimeMillis(), detail);
            run.done.add(step.name());
            run.log.println("[" + step.name() + "] succeeded in " + (System.currentTimeMillis() - started) + " ms: " + detail);
        } catch (InterruptedException | StageActions.Superseded e) {
            // The run was stopped, or this process is closing: the step's JVM has been ended; the run's fate is
            // decided elsewhere.
            stepState(run, step, "Stopped", started, System.currentTimeMillis(),
                    e instanceof InterruptedException ? "interrupted" : String.valueOf(e.getMessage()));
            run.log.println("[" + step.name() + "] stopped: its JVM was ended");
            throw e;
        } catch (Exception e) {
            stepState(run, step, "Failed", started, System.currentTimeMillis(), String.valueOf(e.getMessage()));
            run.log.println("[" + step.name() + "] failed: " + e);
            throw new StepFailedException(step, e);
        }
    }

    /** Runs a step by its kind; checked exceptions cross the visitor wrapped, and are unwrapped here. */
    private String runVisitor(Run run, Step step, long started) throws Exception {
        try {
            return step.accept(new StepVisitor<String>() {
                @Override
                public String visitProcessing(ProcessingStep p) {
                    return unchecked(() -> processing(run, p));
                }

                @Override
                public String visitTraining(TrainingStep t) {
                    return unchecked(() -> training(run, t));
                }

                @Override
                public String visitCondition(ConditionStep c) {
                    return unchecked(() -> condition(run, c));
                }

                @Override
                public String visitRegisterModel(RegisterModelStep r) {
                    return unchecked(() -> register(run, r, started));
                }
            });
        } catch (Wrapped w) {
            throw w.cause;
        }
    }

    /** A step's work, which may throw what {@link #runStep} handles. */
    private interface StepWork {
        String run() throws Exception;
    }

    private static String unchecked(StepWork work) {
        try {
            return work.run();
        } catch (Wrapped w) {
            throw w;
        } catch (Exception e) {
            throw new Wrapped(e);
        }
    }

    /** Carries a checked exception through {@link StepVisitor}, whose methods declare none. */
    private static final class Wrapped extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final transient Exception cause;

        Wrapped(Exception cause) {
            super(null, cause, false, false);
            this.cause = cause;
        }
    }

    /** A step failed; the message names the step and keeps the cause's words. */
    static final class StepFailedException extends MlopsClientException {
        private static final long serialVersionUID = 1L;

        StepFailedException(Step step, Exception cause) {
            super("ML pipeline step " + step.name() + " (" + step.type() + ") failed: " + cause.getMessage(), cause,
                    Map.of("step", step.name()));
        }
    }

    private void stepState(Run run, Step step, String status, Long started, Long ended, String detail) {
        ctx.db().write(tx -> {
            tx.update("INSERT INTO ml_steps(execution_id, step, type, status, started_at, ended_at, detail) VALUES(?,?,?,?,?,?,?)"
                    + " ON CONFLICT(execution_id, step) DO UPDATE SET status=excluded.status, ended_at=excluded.ended_at,"
                    + " detail=excluded.detail", run.executionId, step.name(), step.type(), status, started, ended, detail);
            EventLog.append(tx, run.project.name(), ProjectEventType.StepProgress, run.executionId + "/" + step.name(),
                    "Step " + step.name() + " " + status + (detail.isEmpty() ? "" : ": " + detail),
                    Map.of("execution", run.executionId, "step", step.name(), "status", status));
            return null;
        });
    }

    private String processing(Run run, ProcessingStep step) throws Exception {
        if (!step.runsSdkImage()) {
            throw new UnsupportedByBackendException("local", "run processing step " + step.name() + " in image "
                    + step.image().orElseThrow(), "run the script in the SDK image (build the step without image(...))"
                    + " or use the AWS backend");
        }
        Path base = run.work.resolve("steps").resolve(step.name());
        Map<String, Path> inputs = new LinkedHashMap<>();
        for (Map.Entry<String, PipelineValue> in : step.inputs().entrySet()) {
            inputs.put(in.getKey(), inputDir(run, base.resolve("input").resolve(in.getKey()), in.getValue(), "input " + in.getKey()));
        }
        Map<String, Path> outs = new LinkedHashMap<>();
        for (String o : step.outputs()) {
            Path d = base.resolve("output").resolve(o);
            deleteTree(d);
            Files.createDirectories(d);
            outs.put(o, d);
        }
        String className = step.scriptClass();
        ChildJvm jvm = run.child.get();
        Path box = sandboxOf(jvm, step);
        ObjectNode request = Json.MAPPER.createObjectNode();
        request.put("kind", ChildProtocol.PROCESSING);
        request.put("step", step.name());
        request.put("classes", run.classesInSandbox.toString());
        request.put("className", className);
        ObjectNode in = request.putObject("inputs");
        for (Map.Entry<String, Path> e : inputs.entrySet()) {
            Path to = box.resolve("input").resolve(e.getKey());
            ChildJvm.copyTree(e.getValue(), to);
            in.put(e.getKey(), to.toString());
        }
        ObjectNode out = request.putObject("outputs");
        for (String o : outs.keySet()) {
            out.put(o, Files.createDirectories(box.resolve("output").resolve(o)).toString());
        }
        ArrayNode args = request.putArray("arguments");
        for (PipelineValue a : step.arguments()) {
            args.add(resolveText(run, a));
        }
        ObjectNode env = request.putObject("environment");
        run.parameters.forEach(env::put);
        env.put("SAGEMAKER_PROJECT_NAME", run.project.name());
        env.put("SAGEMAKER_PROJECT_ID", run.project.id());
        request.put("seed", run.seed);
        run.log.println("[" + step.name() + "] runs " + className + " in the run's JVM (pid " + jvm.pid() + ")");
        jvm.call(request, step.timeout().orElse(DEFAULT_STEP_TIMEOUT), run.log::println, "script " + className);
        for (Map.Entry<String, Path> e : outs.entrySet()) {
            ChildJvm.copyTree(box.resolve("output").resolve(e.getKey()), e.getValue());
        }
        outs.forEach((k, v) -> run.outputs.put(step.name() + "." + k, v));
        return "outputs " + outs.keySet();
    }

    /** A step's directory in the child's sandbox, empty. */
    private static Path sandboxOf(ChildJvm jvm, Step step) throws IOException {
        Path box = jvm.sandbox().resolve("steps").resolve(step.name());
        deleteTree(box);
        return Files.createDirectories(box);
    }

    private String training(Run run, TrainingStep step) throws Exception {
        Path base = run.work.resolve("steps").resolve(step.name());
        Map<String, Path> channels = new LinkedHashMap<>();
        for (Map.Entry<String, PipelineValue> ch : step.channels().entrySet()) {
            channels.put(ch.getKey(), inputDir(run, base.resolve("input").resolve(ch.getKey()), ch.getValue(), "channel " + ch.getKey()));
        }
        Path out = base.resolve("output").resolve(TrainingStep.MODEL_ARTIFACTS);
        deleteTree(out);
        Map<String, String> hp = new LinkedHashMap<>();
        for (Map.Entry<String, PipelineValue> h : step.hyperparameters().entrySet()) {
            hp.put(h.getKey(), resolveText(run, h.getValue()));
        }
        hp.putIfAbsent("seed", Long.toString(Math.floorMod(run.seed, 100000L)));
        ChildJvm jvm = run.child.get();
        Path box = sandboxOf(jvm, step);
        ObjectNode request = Json.MAPPER.createObjectNode();
        request.put("kind", ChildProtocol.TRAINING);
        ObjectNode ch = request.putObject("channels");
        for (Map.Entry<String, Path> e : channels.entrySet()) {
            Path to = box.resolve("input").resolve(e.getKey());
            ChildJvm.copyTree(e.getValue(), to);
            ch.put(e.getKey(), to.toString());
        }
        ObjectNode hps = request.putObject("hyperparameters");
        hp.forEach(hps::put);
        Path boxOut = box.resolve("output").resolve(TrainingStep.MODEL_ARTIFACTS);
        request.put("output", boxOut.toString());
        run.log.println("[" + step.name() + "] trains " + step.algorithm() + " in the run's JVM (pid " + jvm.pid() + ")");
        JsonNode answer = jvm.call(request, step.timeout().orElse(DEFAULT_STEP_TIMEOUT), run.log::println,
                step.algorithm() + " training");
        ChildJvm.copyTree(boxOut, out);
        Map<String, Double> finalMetrics = new LinkedHashMap<>();
        answer.path("finalMetrics").fields().forEachRemaining(e -> finalMetrics.put(e.getKey(), e.getValue().asDouble()));
        run.outputs.put(step.name() + "." + TrainingStep.MODEL_ARTIFACTS, out);
        return answer.path("rounds").asInt() + " rounds, " + finalMetrics;
    }

    private String condition(Run run, ConditionStep step) throws Exception {
        boolean all = true;
        List<String> parts = new ArrayList<>();
        for (Condition c : step.conditions()) {
            double left = number(run, c.left());
            double right = number(run, c.right());
            boolean ok = c.operator().test(left, right);
            parts.add(left + " " + c.operator().symbol() + " " + right + " is " + ok);
            all &= ok;
        }
        List<Step> branch = all ? step.ifSteps() : step.elseSteps();
        for (Step s : order(branch)) {
            runStep(run, s);
        }
        for (Step s : all ? step.elseSteps() : step.ifSteps()) {
            stepState(run, s, "Skipped", null, null, "condition " + step.name() + " was " + all);
        }
        return String.join("; ", parts) + " → " + (all ? "if" : "else") + " branch " + branch.stream().map(Step::name).toList();
    }

    private String register(Run run, RegisterModelStep step, long started) throws Exception {
        String status = resolveText(run, step.approvalStatus());
        ModelApprovalStatus approval = ModelApprovalStatus.parse(status);
        Map<String, String> containers = new LinkedHashMap<>();
        Map<String, String> lineage = new LinkedHashMap<>(run.lineage);
        for (Map.Entry<String, PipelineValue> c : step.containers().entrySet()) {
            Path file = singleFile(run, c.getValue(), "container " + c.getKey());
            ArtifactRef ref = artifacts.put(run.project, file);
            containers.put(c.getKey(), ref.uri());
            lineage.put("artifact." + c.getKey() + ".sha256", ref.sha256());
        }
        Map<String, Double> metrics = new LinkedHashMap<>();
        if (step.metrics() != null) {
            Path dir = resolveDir(run, step.metrics(), "metrics");
            JsonNode root = Json.MAPPER.readTree(dir.resolve(step.metricsFile()).toFile());
            flatten(root, "", metrics);
            ArtifactRef ref = artifacts.put(run.project, dir.resolve(step.metricsFile()));
            lineage.put("modelStatistics", ref.uri());
            recordEvaluationData(run, step, lineage);
        }
        String group = run.project.nameId();
        ModelVersionInfo v = registry.register(run.project, run.executionId, new String[] {step.name(), step.type()},
                started, group, approval, metrics, lineage, containers);
        run.registered = "registered model version " + v.version() + " in " + group + " as " + v.status() + " " + metrics;
        return run.registered;
    }

    /**
     * Records the data the registered metrics were computed on: every file of the inputs of the processing step
     * that wrote the metrics, except the model containers, as {@code evaluationData.<input>.<file>.uri} and
     * {@code .sha256} (for the seed, the test split: label first, then the transformed features), so that the
     * monitor pipeline can baseline model quality and bias on the very rows the version was evaluated on.
     */
    private void recordEvaluationData(Run run, RegisterModelStep step, Map<String, String> lineage) throws IOException {
        String producer = MlPipeline.producer(step.metrics());
        Step evaluation = producer == null ? null : run.pipeline.allSteps().get(producer);
        if (!(evaluation instanceof ProcessingStep)) {
            return;
        }
        Set<String> containers = new HashSet<>();
        step.containers().values().forEach(v -> containers.add(String.valueOf(v)));
        for (Map.Entry<String, PipelineValue> in : ((ProcessingStep) evaluation).inputs().entrySet()) {
            if (!(in.getValue() instanceof StepOutput) || containers.contains(String.valueOf(in.getValue()))) {
                continue;
            }
            Path dir = run.outputs.get(((StepOutput) in.getValue()).step() + "." + ((StepOutput) in.getValue()).output());
            if (dir == null || !Files.isDirectory(dir)) {
                continue;
            }
            try (Stream<Path> files = Files.list(dir)) {
                for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile).sorted()::iterator) {
                    ArtifactRef ref = artifacts.put(run.project, f);
                    lineage.put("evaluationData." + in.getKey() + "." + f.getFileName() + ".sha256", ref.sha256());
                    lineage.put("evaluationData." + in.getKey() + "." + f.getFileName() + ".uri", ref.uri());
                }
            }
        }
    }

    /** Flattens SageMaker model statistics: {@code regression_metrics.mse.value} becomes {@code mse}. */
    private static void flatten(JsonNode node, String prefix, Map<String, Double> out) {
        node.fields().forEachRemaining(e -> {
            JsonNode v = e.getValue();
            if (v.isObject() && v.has("value") && v.get("value").isNumber()) {
                out.put(e.getKey(), v.get("value").asDouble());
                if (v.has("standard_deviation") && v.get("standard_deviation").isNumber()) {
                    out.put(e.getKey() + ".standard_deviation", v.get("standard_deviation").asDouble());
                }
            } else if (v.isObject()) {
                flatten(v, prefix + e.getKey() + ".", out);
            } else if (v.isNumber()) {
                out.put(prefix + e.getKey(), v.asDouble());
            }
        });
    }

    private double number(Run run, PipelineValue v) throws IOException {
        if (v instanceof JsonGet) {
            JsonGet g = (JsonGet) v;
            Path dir = run.outputs.get(g.step() + "." + g.propertyFile().outputName());
            if (dir == null) {
                throw new MlopsClientException("JsonGet reads step " + g.step() + " which has not run", null, Map.of("step", g.step()));
            }
            Path file = dir.resolve(g.propertyFile().path());
            if (!Files.isRegularFile(file)) {
                throw new MlopsClientException("Property file " + g.propertyFile().name() + " (" + g.propertyFile().path()
                        + ") was not written by step " + g.step(), null, Map.of("step", g.step()));
            }
            JsonNode node = Json.MAPPER.readTree(file.toFile());
            for (String part : g.jsonPath().split("\\.")) {
                node = node == null ? null : node.get(part);
            }
            if (node == null || !node.isNumber()) {
                throw new MlopsClientException("Property file " + g.propertyFile().path() + " of step " + g.step()
                        + " has no number at " + g.jsonPath(), null, Map.of("step", g.step(), "path", g.jsonPath()));
            }
            return node.asDouble();
        }
        String text = resolveText(run, v);
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw new MlopsClientException("Value " + v + " = '" + text + "' is not a number", null, Map.of());
        }
    }

    /** A value as text: a step output is its directory, a {@code JsonGet} the number it reads. */
    private String resolveText(Run run, PipelineValue v) throws IOException {
        if (v instanceof Parameter p) {
            return run.parameters.get(p.name());
        }
        if (v instanceof PipelineValue.Literal l) {
            return l.value();
        }
        if (v instanceof ExecutionVariable e) {
            if (e.equals(ExecutionVariable.PIPELINE_EXECUTION_ID)) {
                return run.executionId;
            }
            if (e.equals(ExecutionVariable.PIPELINE_NAME)) {
                return run.pipeline.name();
            }
            return run.startedAt.toString();
        }
        if (v instanceof Join j) {
            List<String> parts = new ArrayList<>();
            for (PipelineValue part : j.values()) {
                parts.add(resolveText(run, part));
            }
            return String.join(j.separator(), parts);
        }
        if (v instanceof StepOutput) {
            return resolveDir(run, v, "value " + v).toString();
        }
        double n = number(run, v);
        return n == Math.rint(n) && !Double.isInfinite(n) ? Long.toString((long) n) : Double.toString(n);
    }

    private Path resolveDir(Run run, PipelineValue v, String what) {
        if (v instanceof StepOutput) {
            StepOutput o = (StepOutput) v;
            Path p = run.outputs.get(o.step() + "." + o.output());
            if (p == null) {
                throw new MlopsClientException(what + " reads output " + o + " of a step that has not run", null, Map.of("step", o.step()));
            }
            return p;
        }
        throw new MlopsClientException(what + " must come from a step output, not " + v, null, Map.of());
    }

    private Path singleFile(Run run, PipelineValue v, String what) throws IOException {
        Path dir = resolveDir(run, v, what);
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> list = files.filter(Files::isRegularFile).toList();
            if (list.size() != 1) {
                throw new MlopsClientException(what + ": output " + v + " must hold exactly one file, it holds " + list.size(), null, Map.of());
            }
            return list.get(0);
        }
    }

    /** Gives a step an input directory: a step's output as it is, or a copy of data named by a path or URL. */
    private Path inputDir(Run run, Path dir, PipelineValue v, String what) throws IOException {
        if (v instanceof StepOutput) {
            return resolveDir(run, v, what);
        }
        String ref = resolveText(run, v);
        deleteTree(dir);
        Files.createDirectories(dir);
        if (ref.startsWith("classpath:")) {
            String res = ref.substring("classpath:".length());
            try (InputStream in = MlPipelineRunner.class.getClassLoader().getResourceAsStream(res)) {
                if (in == null) {
                    throw new MlopsClientException(what + ": resource " + res + " is not on the class path", null, Map.of());
                }
                Files.copy(in, dir.resolve(Path.of(res).getFileName().toString()));
            }
            recordData(run, dir.resolve(Path.of(res).getFileName().toString()));
            return dir;
        }
        Path src = ref.startsWith("file:") ? Path.of(URI.create(ref)) : run.source.resolve(ref).normalize();
        if (!src.startsWith(run.source) && !ref.startsWith("file:") && !Path.of(ref).isAbsolute()) {
            throw new MlopsClientException(what + ": " + ref + " leaves the repository", null, Map.of());
        }
        if (Files.isRegularFile(src)) {
            Files.copy(src, dir.resolve(src.getFileName().toString()), StandardCopyOption.REPLACE_EXISTING);
            recordData(run, src);
        } else if (Files.isDirectory(src)) {
            try (Stream<Path> files = Files.list(src)) {
                for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                    Files.copy(f, dir.resolve(f.getFileName().toString()), StandardCopyOption.REPLACE_EXISTING);
                    recordData(run, f);
                }
            }
        } else {
            throw new MlopsClientException(what + ": data " + ref + " does not exist (looked at " + src + ")", null,
                    Map.of("data", ref));
        }
        return dir;
    }

    /**
     * Records an input data file in the lineage: its digest, and the file itself as an artifact, so that the
     * monitor pipeline can suggest a data-quality baseline from the very data a model version was trained on.
     */
    private void recordData(Run run, Path file) throws IOException {
        ArtifactRef ref = artifacts.put(run.project, file);
        run.lineage.put("data." + file.getFileName() + ".sha256", ref.sha256());
        run.lineage.put("data." + file.getFileName() + ".uri", ref.uri());
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
