package dev.mlops.aws.fakes;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import dev.mlops.aws.fixtures.ModelViolationError;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A stateful simulation of AWS CodePipeline, CodeBuild and CloudWatch Logs on one WireMock server bound to 127.0.0.1:
 * point the three services' endpoints at {@link #endpoint()}.
 *
 * <p>It knows the pipelines a test {@link #declare declares} (or a resolver {@link #declareOnDemand makes on first
 * use}, as a project's stack would have), and runs their executions stage by stage as time passes: every action
 * takes {@link #actionDuration} unless {@link #onAction its handler} says otherwise, actions of a stage start by run
 * order, a failing action fails its stage and execution, a manual approval waits for {@code PutApprovalResult} with a
 * fresh UUID token, and each stage holds one execution at a time: an execution that reaches an occupied stage waits
 * at its inbound transition, and supersedes an older one waiting there (the V1 {@code SUPERSEDED} mode). CodeBuild
 * actions start a build (id {@code <project>:<uuid>}) whose log stream in {@code /aws/codebuild/<project>} receives
 * the handler's lines. State advances lazily on each request, with no threads of its own.
 *
 * <p>Operations: CodePipeline {@code GetPipeline}, {@code StartPipelineExecution} (idempotent on
 * {@code clientRequestToken}), {@code GetPipelineExecution}, {@code ListPipelineExecutions}, {@code GetPipelineState},
 * {@code ListActionExecutions}, {@code PutApprovalResult}, {@code StopPipelineExecution}; CodeBuild
 * {@code BatchGetBuilds}; CloudWatch Logs {@code GetLogEvents}. Answers and errors have the services' shapes.
 *
 * <p>Failure injection: {@link #onAction} (fail an action with a message), {@link #throttleNext}/{@link #throttleAll}
 * (400 {@code ThrottlingException}), {@link #failNext} (503), {@link #expireApproval}, and {@link #stopServer()} /
 * {@link #startServer()} for a network cut.
 */
public final class FakeCodePipeline implements AutoCloseable {
    private static final String CODEPIPELINE = "CodePipeline_20150709.";
    private static final String CODEBUILD = "CodeBuild_20161006.";
    private static final String LOGS = "Logs_20140328.";
    private static final String ACCOUNT = "123456789012";
    private static final String REGION = "us-east-1";

    private final Map<String, FakePipeline> pipelines = new LinkedHashMap<>();
    private final Map<String, List<Exec>> executions = new HashMap<>();
    private final Map<String, ActionHandler> handlers = new HashMap<>();
    private final Map<String, Duration> durations = new HashMap<>();
    private final Map<String, Build> builds = new HashMap<>();
    private final Map<String, String> clientTokens = new HashMap<>();
    private final Map<String, AtomicInteger> requests = new ConcurrentHashMap<>();
    private final Map<String, Runnable> before = new ConcurrentHashMap<>();
    private volatile Function<String, Optional<FakePipeline>> resolver = n -> Optional.empty();
    private volatile Duration actionDuration = Duration.ofMillis(50);
    private volatile String caller = "arn:aws:sts::" + ACCOUNT + ":assumed-role/mlops-test/session";
    private final List<String> violations = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final AtomicInteger throttled = new AtomicInteger();
    private final AtomicInteger failing = new AtomicInteger();
    private volatile boolean throttleAll;
    private int port;
    private WireMockServer server;

    private FakeCodePipeline(int port) {
        this.port = port;
    }

    /**
     * Starts a fake on a free port of 127.0.0.1.
     *
     * @return the running fake
     */
    public static FakeCodePipeline start() {
        FakeCodePipeline f = new FakeCodePipeline(0);
        f.startServer();
        return f;
    }

    /** @return the URL to point CodePipeline, CodeBuild and CloudWatch Logs at */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port());
    }

    private synchronized int port() {
        return port;
    }

    /** Starts the server again after {@link #stopServer()}, on the same port, with the same state. */
    public synchronized void startServer() {
        if (server != null && server.isRunning()) {
            return;
        }
        server = new WireMockServer(wireMockConfig().bindAddress("127.0.0.1").port(port).containerThreads(20)
                .disableRequestJournal().extensions(new Transformer()));
        server.start();
        port = server.port();
        server.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(500)));
    }

    /** Stops the server (a network cut): requests are refused until {@link #startServer()}. */
    public synchronized void stopServer() {
        server.stop();
    }

    @Override
    public synchronized void close() {
        server.stop();
    }

    // ---------------------------------------------------------------- declarations and hooks

    /**
     * Makes a pipeline known, as its stack would create it.
     *
     * @param pipeline the declaration
     * @return this
     */
    public synchronized FakeCodePipeline declare(FakePipeline pipeline) {
        pipelines.put(pipeline.name(), pipeline);
        executions.putIfAbsent(pipeline.name(), new ArrayList<>());
        return this;
    }

    /**
     * Makes pipelines on first use: the resolver is asked for a name no test declared.
     *
     * @param resolver a pipeline's declaration by name, or empty if there is no such pipeline
     * @return this
     */
    public FakeCodePipeline declareOnDemand(Function<String, Optional<FakePipeline>> resolver) {
        this.resolver = resolver;
        return this;
    }

    /**
     * What an action does when its time is up (default: it succeeds).
     *
     * @param pipeline the pipeline's name
     * @param action the action's name
     * @param handler what it does
     * @return this
     */
    public synchronized FakeCodePipeline onAction(String pipeline, String action, ActionHandler handler) {
        handlers.put(pipeline + "/" + action, handler);
        return this;
    }

    /**
     * Makes an action fail with a message.
     *
     * @param pipeline the pipeline's name
     * @param action the action's name
     * @param message the error details' message
     * @return this
     */
    public FakeCodePipeline failAction(String pipeline, String action, String message) {
        return onAction(pipeline, action, c -> ActionOutcome.failed(message).withLog(List.of(message)));
    }

    /**
     * How long every action takes (default 50 ms).
     *
     * @param duration the time
     * @return this
     */
    public FakeCodePipeline actionDuration(Duration duration) {
        this.actionDuration = duration;
        return this;
    }

    /**
     * How long one action takes.
     *
     * @param pipeline the pipeline's name
     * @param action the action's name
     * @param duration the time
     * @return this
     */
    public synchronized FakeCodePipeline actionDuration(String pipeline, String action, Duration duration) {
        durations.put(pipeline + "/" + action, duration);
        return this;
    }

    /**
     * Who the caller is, as {@code updatedBy} and the trigger's detail record it.
     *
     * @param arn the caller's ARN
     * @return this
     */
    public FakeCodePipeline caller(String arn) {
        this.caller = arn;
        return this;
    }

    /**
     * Answers the next requests with 400 {@code ThrottlingException}.
     *
     * @param count how many
     */
    public void throttleNext(int count) {
        throttled.set(count);
    }

    /**
     * Answers every request with 400 {@code ThrottlingException} until called with {@code false}.
     *
     * @param on whether to throttle
     */
    public void throttleAll(boolean on) {
        throttleAll = on;
    }

    /**
     * Answers the next requests with 503 {@code ServiceUnavailableException}.
     *
     * @param count how many
     */
    public void failNext(int count) {
        failing.set(count);
    }

    /**
     * Lets the waiting approval of an action time out: it fails, with nobody as its decider, and so does its
     * execution; its token is no longer valid.
     *
     * @param pipeline the pipeline's name
     * @param action the approval's name
     */
    public synchronized void expireApproval(String pipeline, String action) {
        Instant now = Instant.now();
        advance(now);
        for (Exec e : executions.getOrDefault(pipeline, List.of())) {
            for (ActExec a : e.actions) {
                if (a.decl.name().equals(action) && a.status.equals("InProgress")) {
                    a.status = "Failed";
                    a.errorCode = "JobFailed";
                    a.errorMessage = "The approval request timed out";
                    a.update = now;
                    settle(e, now);
                }
            }
        }
    }

    /**
     * Runs something inside the fake just before it answers the next request of an operation (e.g. let an approval
     * expire between a client's read and its decision).
     *
     * @param operation e.g. {@code PutApprovalResult}
     * @param action what to do; it may call this fake
     */
    public void beforeNext(String operation, Runnable action) {
        before.put(operation, action);
    }

    /**
     * Decides a waiting approval as someone else would, outside the client under test.
     *
     * @param pipeline the pipeline's name
     * @param action the approval's name
     * @param approve approve or reject
     * @param summary the decision's summary
     * @param who the decider's ARN
     */
    public synchronized void decideAs(String pipeline, String action, boolean approve, String summary, String who) {
        Instant now = Instant.now();
        advance(now);
        for (Exec e : executions.getOrDefault(pipeline, List.of())) {
            for (ActExec a : e.actions) {
                if (a.decl.name().equals(action) && a.status.equals("InProgress")) {
                    a.status = approve ? "Succeeded" : "Failed";
                    a.summary = summary;
                    a.updatedBy = who;
                    a.update = now;
                    settle(e, now);
                }
            }
        }
    }

    /**
     * The requests an operation had.
     *
     * @param operation e.g. {@code GetPipelineExecution}
     * @return how many, injected faults included
     */
    public int requests(String operation) {
        AtomicInteger n = requests.get(operation);
        return n == null ? 0 : n.get();
    }

    /**
     * The answers of this fake that broke their operation's output shape (each was sent as a 500 instead).
     *
     * @return the violations, empty when every answer had its shape
     */
    public List<String> outputViolations() {
        return List.copyOf(violations);
    }

    /**
     * The approval token of a waiting approval, as {@code GetPipelineState} would report it.
     *
     * @param pipeline the pipeline's name
     * @param action the approval's name
     * @return the token, if the action waits
     */
    public synchronized Optional<String> pendingToken(String pipeline, String action) {
        advance(Instant.now());
        return executions.getOrDefault(pipeline, List.of()).stream().flatMap(e -> e.actions.stream())
                .filter(a -> a.decl.name().equals(action) && a.status.equals("InProgress") && a.token != null)
                .map(a -> a.token).findFirst();
    }

    // ---------------------------------------------------------------- state

    private static final class Exec {
        final String id = UUID.randomUUID().toString();
        final FakePipeline pipeline;
        final Instant start;
        final Map<String, String> variables;
        final List<ActExec> actions = new ArrayList<>();
        String status = "InProgress";
        int stage = 0;
        boolean inStage;
        Instant update;
        String stopReason;
        boolean stopping;
        String revision;
        Instant revisionAt;

        Exec(FakePipeline pipeline, Instant start, Map<String, String> variables) {
            this.pipeline = pipeline;
            this.start = start;
            this.update = start;
            this.variables = variables;
        }

        boolean active() {
            return status.equals("InProgress") || status.equals("Stopping");
        }

        String stageName() {
            return pipeline.stageNames().get(stage);
        }
    }

    private static final class ActExec {
        final String id = UUID.randomUUID().toString();
        final Exec exec;
        final String stage;
        final FakeAction decl;
        final Instant start;
        Instant update;
        Instant plannedEnd;
        String status = "InProgress";
        String summary;
        String errorCode;
        String errorMessage;
        String token;
        String updatedBy;
        String buildId;
        Map<String, String> outputVariables = Map.of();

        ActExec(Exec exec, String stage, FakeAction decl, Instant start) {
            this.exec = exec;
            this.stage = stage;
            this.decl = decl;
            this.start = start;
            this.update = start;
        }
    }

    private static final class Build {
        final String id;
        final String project;
        final String stream;
        final Instant start;
        Instant end;
        String status = "IN_PROGRESS";
        final List<long[]> times = new ArrayList<>();
        final List<String> lines = new ArrayList<>();

        Build(String project, Instant start) {
            String uuid = UUID.randomUUID().toString();
            this.id = project + ":" + uuid;
            this.project = project;
            this.stream = uuid;
            this.start = start;
        }

        void log(Instant at, String line) {
            times.add(new long[] {at.toEpochMilli()});
            lines.add(line);
        }
    }

    private Optional<FakePipeline> pipeline(String name) {
        FakePipeline p = pipelines.get(name);
        if (p == null && name != null) {
            Optional<FakePipeline> made = resolver.apply(name);
            made.ifPresent(this::declare);
            return made;
        }
        return Optional.ofNullable(p);
    }

    /** Runs every execution up to {@code now}: each due action ends, in time order. */
    private void advance(Instant now) {
        while (true) {
            ActExec due = null;
            for (List<Exec> list : executions.values()) {
                for (Exec e : list) {
                    if (!e.active() || !e.inStage) {
                        continue;
                    }
                    for (ActExec a : e.actions) {
                        if (a.status.equals("InProgress") && a.plannedEnd != null && !a.plannedEnd.isAfter(now)
                                && (due == null || a.plannedEnd.isBefore(due.plannedEnd))) {
                            due = a;
                        }
                    }
                }
            }
            if (due == null) {
                return;
            }
            complete(due, due.plannedEnd);
            settle(due.exec, due.plannedEnd);
        }
    }

    private void complete(ActExec a, Instant t) {
        Exec e = a.exec;
        ActionHandler h = handlers.get(e.pipeline.name() + "/" + a.decl.name());
        ActionOutcome outcome;
        try {
            outcome = h == null ? defaultOutcome(a) : h.run(new ActionContext(e.pipeline.name(), e.id, a.stage,
                    a.decl.name(), a.decl.configuration(), Map.copyOf(e.variables), Optional.ofNullable(e.revision)));
        } catch (RuntimeException ex) {
            outcome = ActionOutcome.failed(String.valueOf(ex.getMessage()));
        }
        a.update = t;
        a.summary = outcome.summary();
        a.outputVariables = outcome.outputVariables();
        if (outcome.succeeded()) {
            a.status = "Succeeded";
        } else {
            a.status = "Failed";
            a.errorCode = "JobFailed";
            a.errorMessage = outcome.summary();
        }
        if (a.decl.isSource()) {
            e.revision = outcome.revision().orElseGet(FakeCodePipeline::randomCommit);
            e.revisionAt = t;
        }
        if (a.buildId != null) {
            Build b = builds.get(a.buildId);
            for (String line : outcome.log()) {
                b.log(t, line);
            }
            b.log(t, "[Container] Phase complete: BUILD State: " + (outcome.succeeded() ? "SUCCEEDED" : "FAILED"));
            b.status = outcome.succeeded() ? "SUCCEEDED" : "FAILED";
            b.end = t;
        }
    }

    private static ActionOutcome defaultOutcome(ActExec a) {
        if (a.decl.isSource()) {
            return ActionOutcome.succeeded("Source read");
        }
        return ActionOutcome.succeeded(a.decl.name() + " succeeded");
    }

    private static String randomCommit() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 40; i++) {
            sb.append(Character.forDigit(ThreadLocalRandom.current().nextInt(16), 16));
        }
        return sb.toString();
    }

    /** After an action of {@code e} changed at {@code t}: the stage goes on, ends, or the execution ends. */
    private void settle(Exec e, Instant t) {
        if (!e.active() || !e.inStage) {
            return;
        }
        String stage = e.stageName();
        List<ActExec> mine = e.actions.stream().filter(a -> a.stage.equals(stage)).toList();
        boolean running = mine.stream().anyMatch(a -> a.status.equals("InProgress"));
        if (mine.stream().anyMatch(a -> a.status.equals("Failed"))) {
            if (running) {
                return;
            }
            end(e, "Failed", t);
            return;
        }
        if (e.stopping) {
            if (!running) {
                end(e, "Stopped", t);
            }
            return;
        }
        if (running) {
            return;
        }
        int done = mine.stream().mapToInt(a -> a.decl.runOrder()).max().orElse(0);
        List<FakeAction> next = e.pipeline.actions(stage).stream().filter(a -> a.runOrder() > done).toList();
        if (!next.isEmpty()) {
            int order = next.stream().mapToInt(FakeAction::runOrder).min().orElseThrow();
            next.stream().filter(a -> a.runOrder() == order).forEach(a -> startAction(e, stage, a, t));
            return;
        }
        // The stage is done: leave it, let a waiting execution in, and go on to the next one.
        int left = e.stage;
        e.inStage = false;
        e.update = t;
        if (left + 1 >= e.pipeline.stageNames().size()) {
            e.status = "Succeeded";
            admit(e.pipeline, left, t);
            return;
        }
        arrive(e, left + 1, t);
        admit(e.pipeline, left, t);
    }

    private void end(Exec e, String status, Instant t) {
        boolean held = e.inStage;
        e.status = status;
        e.update = t;
        e.inStage = false;
        if (held) {
            admit(e.pipeline, e.stage, t);
        }
    }

    private Exec occupant(FakePipeline p, int stage) {
        return executions.get(p.name()).stream().filter(x -> x.active() && x.inStage && x.stage == stage).findFirst()
                .orElse(null);
    }

    private Exec waiting(FakePipeline p, int stage, Exec except) {
        return executions.get(p.name()).stream().filter(x -> x != except && x.active() && !x.inStage
                && x.stage == stage).findFirst().orElse(null);
    }

    private void arrive(Exec e, int stage, Instant t) {
        e.stage = stage;
        e.inStage = false;
        e.update = t;
        Exec older = waiting(e.pipeline, stage, e);
        if (older != null) {
            older.status = "Superseded";
            older.update = t;
        }
        if (occupant(e.pipeline, stage) == null) {
            enter(e, stage, t);
        }
    }

    private void admit(FakePipeline p, int stage, Instant t) {
        Exec w = waiting(p, stage, null);
        if (w != null && occupant(p, stage) == null) {
            enter(w, stage, t);
        }
    }

    private void enter(Exec e, int stage, Instant t) {
        e.stage = stage;
        e.inStage = true;
        e.update = t;
        String name = e.stageName();
        List<FakeAction> actions = e.pipeline.actions(name);
        int order = actions.stream().mapToInt(FakeAction::runOrder).min().orElse(1);
        actions.stream().filter(a -> a.runOrder() == order).forEach(a -> startAction(e, name, a, t));
        if (actions.isEmpty()) {
            settle(e, t);
        }
    }

    private void startAction(Exec e, String stage, FakeAction decl, Instant t) {
        ActExec a = new ActExec(e, stage, decl, t);
        e.actions.add(a);
        if (decl.isApproval()) {
            a.token = UUID.randomUUID().toString();
            return;
        }
        a.plannedEnd = t.plus(durations.getOrDefault(e.pipeline.name() + "/" + decl.name(), actionDuration));
        if (decl.isCodeBuild()) {
            Build b = new Build(decl.configuration().getOrDefault("ProjectName", "unnamed"), t);
            builds.put(b.id, b);
            a.buildId = b.id;
            b.log(t, "[Container] " + t + " Running on CodeBuild, build " + b.id);
            b.log(t, "[Container] Entering phase BUILD");
        }
    }

    private List<Exec> newestFirst(String pipeline) {
        List<Exec> list = new ArrayList<>(executions.getOrDefault(pipeline, List.of()));
        list.sort(Comparator.comparing((Exec x) -> x.start).reversed());
        return list;
    }

    // ---------------------------------------------------------------- wire

    private final class Transformer implements ResponseDefinitionTransformerV2 {
        @Override
        public ResponseDefinition transform(ServeEvent event) {
            String target = event.getRequest().getHeader("X-Amz-Target");
            String op = target == null ? "" : target.substring(target.indexOf('.') + 1);
            requests.computeIfAbsent(op, k -> new AtomicInteger()).incrementAndGet();
            if (throttleAll || throttled.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                return AwsJson.error(400, "ThrottlingException", "Rate exceeded");
            }
            if (failing.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                return AwsJson.error(503, "ServiceUnavailableException", "Service unavailable, try again");
            }
            JsonNode body;
            try {
                String text = event.getRequest().getBodyAsString();
                body = AwsJson.JSON.readTree(text == null || text.isEmpty() ? "{}" : text);
            } catch (IOException e) {
                return AwsJson.error(400, "SerializationException", "The request body is not JSON");
            }
            synchronized (FakeCodePipeline.this) {
                Runnable first = before.remove(op);
                if (first != null) {
                    first.run();
                }
                advance(Instant.now());
                try {
                    if (target == null) {
                        return AwsJson.error(400, "UnknownOperationException", "No X-Amz-Target");
                    } else if (target.startsWith(CODEPIPELINE)) {
                        return codePipeline(op, body);
                    } else if (target.startsWith(CODEBUILD) && op.equals("BatchGetBuilds")) {
                        return batchGetBuilds(body);
                    } else if (target.startsWith(LOGS) && op.equals("GetLogEvents")) {
                        return getLogEvents(body);
                    }
                    return AwsJson.error(400, "UnknownOperationException", "The fake does not do " + target);
                } catch (Refusal r) {
                    return AwsJson.error(r.status, r.code, r.getMessage());
                } catch (ModelViolationError e) {
                    violations.add(target + ": " + e.getMessage());
                    return AwsJson.error(500, "FakeAnswerBreaksTheModel", e.getMessage());
                }
            }
        }

        @Override
        public String getName() {
            return "fake-codepipeline";
        }

        @Override
        public boolean applyGlobally() {
            return true;
        }
    }

    /** An error answer. */
    private static final class Refusal extends RuntimeException {
        final int status;
        final String code;

        Refusal(String code, String message) {
            this(400, code, message);
        }

        Refusal(int status, String code, String message) {
            super(message, null, false, false);
            this.status = status;
            this.code = code;
        }
    }

    private ResponseDefinition codePipeline(String op, JsonNode in) {
        return switch (op) {
            case "GetPipeline" -> getPipeline(in);
            case "StartPipelineExecution" -> startExecution(in);
            case "GetPipelineExecution" -> getExecution(in);
            case "ListPipelineExecutions" -> listExecutions(in);
            case "GetPipelineState" -> getState(in);
            case "ListActionExecutions" -> listActions(in);
            case "PutApprovalResult" -> putApproval(in);
            case "StopPipelineExecution" -> stopExecution(in);
            default -> AwsJson.error(400, "UnknownOperationException", "The fake does not do CodePipeline " + op);
        };
    }

    private static String text(JsonNode in, String field) {
        JsonNode n = in.get(field);
        if (n == null || n.isNull() || n.asText().isEmpty()) {
            throw new Refusal("ValidationException", "1 validation error detected: Value null at '" + field
                    + "' failed to satisfy constraint: Member must not be null");
        }
        return n.asText();
    }

    private FakePipeline known(String name) {
        return pipeline(name).orElseThrow(() -> new Refusal("PipelineNotFoundException", "Account '" + ACCOUNT
                + "' does not have a pipeline with name '" + name + "'"));
    }

    private Exec exec(FakePipeline p, String id) {
        return executions.get(p.name()).stream().filter(e -> e.id.equals(id)).findFirst()
                .orElseThrow(() -> new Refusal("PipelineExecutionNotFoundException", "Pipeline execution with id '"
                        + id + "' does not exist in pipeline with name '" + p.name() + "'"));
    }

    private ResponseDefinition getPipeline(JsonNode in) {
        FakePipeline p = known(text(in, "name"));
        ObjectNode out = AwsJson.object();
        ObjectNode pipe = out.putObject("pipeline");
        pipe.put("name", p.name());
        pipe.put("roleArn", "arn:aws:iam::" + ACCOUNT + ":role/service-role/AmazonSageMakerServiceCatalogProductsUseRole");
        pipe.putObject("artifactStore").put("type", "S3").put("location", "sagemaker-project-artifacts");
        ArrayNode stages = pipe.putArray("stages");
        for (String s : p.stageNames()) {
            ObjectNode st = stages.addObject().put("name", s);
            ArrayNode actions = st.putArray("actions");
            for (FakeAction a : p.actions(s)) {
                ObjectNode an = actions.addObject().put("name", a.name()).put("runOrder", a.runOrder());
                an.putObject("actionTypeId").put("category", a.category()).put("owner", "AWS")
                        .put("provider", a.provider()).put("version", "1");
                ObjectNode conf = an.putObject("configuration");
                a.configuration().forEach(conf::put);
            }
        }
        pipe.put("version", 1);
        pipe.put("executionMode", "SUPERSEDED");
        pipe.put("pipelineType", p.variables().isEmpty() ? "V1" : "V2");
        ArrayNode vars = pipe.putArray("variables");
        p.variables().forEach(v -> vars.addObject().put("name", v));
        ObjectNode meta = out.putObject("metadata");
        meta.put("pipelineArn", "arn:aws:codepipeline:" + REGION + ":" + ACCOUNT + ":" + p.name());
        meta.put("created", AwsJson.seconds(Instant.now()));
        meta.put("updated", AwsJson.seconds(Instant.now()));
        return AwsJson.ok("codepipeline", "GetPipeline", out);
    }

    private ResponseDefinition startExecution(JsonNode in) {
        FakePipeline p = known(text(in, "name"));
        String token = in.hasNonNull("clientRequestToken") ? in.get("clientRequestToken").asText() : null;
        if (token != null) {
            String seen = clientTokens.get(p.name() + "/" + token);
            if (seen != null) {
                return AwsJson.ok("codepipeline", "StartPipelineExecution", AwsJson.object().put("pipelineExecutionId", seen));
            }
        }
        Map<String, String> variables = new LinkedHashMap<>();
        for (JsonNode v : in.path("variables")) {
            String name = text(v, "name");
            if (!p.variables().contains(name)) {
                throw new Refusal("ValidationException", "Variable '" + name + "' is not declared in pipeline '"
                        + p.name() + "'");
            }
            variables.put(name, text(v, "value"));
        }
        Instant now = Instant.now();
        Exec e = new Exec(p, now, variables);
        executions.get(p.name()).add(e);
        if (token != null) {
            clientTokens.put(p.name() + "/" + token, e.id);
        }
        arrive(e, 0, now);
        return AwsJson.ok("codepipeline", "StartPipelineExecution", AwsJson.object().put("pipelineExecutionId", e.id));
    }

    private void trigger(ObjectNode parent) {
        parent.putObject("trigger").put("triggerType", "StartPipelineExecution").put("triggerDetail", caller);
    }

    private ResponseDefinition getExecution(JsonNode in) {
        FakePipeline p = known(text(in, "pipelineName"));
        Exec e = exec(p, text(in, "pipelineExecutionId"));
        ObjectNode out = AwsJson.object();
        ObjectNode x = out.putObject("pipelineExecution");
        x.put("pipelineName", p.name());
        x.put("pipelineVersion", 1);
        x.put("pipelineExecutionId", e.id);
        x.put("status", e.status);
        if (e.stopReason != null) {
            x.put("statusSummary", e.stopReason);
        }
        ArrayNode revisions = x.putArray("artifactRevisions");
        if (e.revision != null) {
            revisions.addObject().put("name", "SourceArtifact").put("revisionId", e.revision)
                    .put("revisionSummary", "commit " + e.revision).put("created", AwsJson.seconds(e.revisionAt));
        }
        ArrayNode vars = x.putArray("variables");
        e.variables.forEach((k, v) -> vars.addObject().put("name", k).put("resolvedValue", v));
        trigger(x);
        x.put("executionMode", "SUPERSEDED");
        x.put("executionType", "STANDARD");
        return AwsJson.ok("codepipeline", "GetPipelineExecution", out);
    }

    private static int limit(JsonNode in) {
        int max = in.hasNonNull("maxResults") ? in.get("maxResults").asInt() : 100;
        if (max < 1 || max > 100) {
            throw new Refusal("ValidationException", "1 validation error detected: Value '" + max
                    + "' at 'maxResults' failed to satisfy constraint: Member must have value between 1 and 100");
        }
        return max;
    }

    /** A page of a newest-first list: the service's tokens name the last item returned. */
    private static <T> List<T> page(List<T> all, Function<T, String> id, JsonNode in, ObjectNode out) {
        int from = 0;
        if (in.hasNonNull("nextToken")) {
            String after;
            try {
                after = new String(Base64.getDecoder().decode(in.get("nextToken").asText()), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw new Refusal("InvalidNextTokenException", "The next token is not valid");
            }
            from = -1;
            for (int i = 0; i < all.size(); i++) {
                if (id.apply(all.get(i)).equals(after)) {
                    from = i + 1;
                }
            }
            if (from < 0) {
                throw new Refusal("InvalidNextTokenException", "The next token is not valid");
            }
        }
        int to = Math.min(all.size(), from + limit(in));
        List<T> page = all.subList(from, to);
        if (to < all.size()) {
            out.put("nextToken", Base64.getEncoder().encodeToString(id.apply(all.get(to - 1))
                    .getBytes(StandardCharsets.UTF_8)));
        }
        return page;
    }

    private ResponseDefinition listExecutions(JsonNode in) {
        FakePipeline p = known(text(in, "pipelineName"));
        ObjectNode out = AwsJson.object();
        ArrayNode items = out.putArray("pipelineExecutionSummaries");
        for (Exec e : page(newestFirst(p.name()), x -> x.id, in, out)) {
            ObjectNode s = items.addObject();
            s.put("pipelineExecutionId", e.id);
            s.put("status", e.status);
            s.put("startTime", AwsJson.seconds(e.start));
            s.put("lastUpdateTime", AwsJson.seconds(e.update));
            ArrayNode revisions = s.putArray("sourceRevisions");
            if (e.revision != null) {
                String action = p.actions(p.stageNames().get(0)).get(0).name();
                revisions.addObject().put("actionName", action).put("revisionId", e.revision)
                        .put("revisionSummary", "commit " + e.revision);
            }
            trigger(s);
            if (e.stopReason != null) {
                s.putObject("stopTrigger").put("reason", e.stopReason);
            }
            s.put("executionMode", "SUPERSEDED");
            s.put("executionType", "STANDARD");
        }
        return AwsJson.ok("codepipeline", "ListPipelineExecutions", out);
    }

    private ResponseDefinition getState(JsonNode in) {
        FakePipeline p = known(text(in, "name"));
        ObjectNode out = AwsJson.object();
        out.put("pipelineName", p.name());
        out.put("pipelineVersion", 1);
        ArrayNode stages = out.putArray("stageStates");
        List<Exec> all = newestFirst(p.name());
        for (int i = 0; i < p.stageNames().size(); i++) {
            String stage = p.stageNames().get(i);
            int index = i;
            ObjectNode st = stages.addObject();
            st.put("stageName", stage);
            st.putObject("inboundTransitionState").put("enabled", true);
            Exec inbound = waiting(p, index, null);
            if (inbound != null) {
                st.putObject("inboundExecution").put("pipelineExecutionId", inbound.id).put("status", "InProgress")
                        .put("type", "STANDARD");
            }
            ArrayNode actions = st.putArray("actionStates");
            for (FakeAction a : p.actions(stage)) {
                ObjectNode an = actions.addObject().put("actionName", a.name());
                all.stream().flatMap(e -> e.actions.stream()).filter(x -> x.stage.equals(stage)
                        && x.decl.name().equals(a.name())).max(Comparator.comparing(x -> x.start)).ifPresent(x -> {
                            ObjectNode le = an.putObject("latestExecution");
                            le.put("actionExecutionId", x.id);
                            le.put("status", x.status);
                            if (x.summary != null && !x.summary.isEmpty()) {
                                le.put("summary", x.summary);
                            }
                            le.put("lastStatusChange", AwsJson.seconds(x.update));
                            if (x.token != null && x.status.equals("InProgress")) {
                                le.put("token", x.token);
                            }
                            if (x.updatedBy != null) {
                                le.put("lastUpdatedBy", x.updatedBy);
                            }
                            if (x.buildId != null) {
                                le.put("externalExecutionId", x.buildId);
                            }
                            if (x.errorCode != null) {
                                le.putObject("errorDetails").put("code", x.errorCode).put("message", x.errorMessage);
                            }
                        });
            }
            all.stream().filter(e -> e.actions.stream().anyMatch(x -> x.stage.equals(stage))).findFirst()
                    .ifPresent(e -> st.putObject("latestExecution").put("pipelineExecutionId", e.id)
                            .put("status", stageStatus(e, stage)).put("type", "STANDARD"));
        }
        out.put("created", AwsJson.seconds(Instant.now()));
        out.put("updated", AwsJson.seconds(Instant.now()));
        return AwsJson.ok("codepipeline", "GetPipelineState", out);
    }

    private static String stageStatus(Exec e, String stage) {
        List<ActExec> mine = e.actions.stream().filter(a -> a.stage.equals(stage)).toList();
        if (mine.stream().anyMatch(a -> a.status.equals("Failed"))) {
            return "Failed";
        }
        if (mine.stream().anyMatch(a -> a.status.equals("Abandoned"))) {
            return "Stopped";
        }
        if (e.inStage && e.stageName().equals(stage) && e.active()) {
            return e.status.equals("Stopping") ? "Stopping" : "InProgress";
        }
        return mine.stream().anyMatch(a -> a.status.equals("InProgress")) ? "InProgress" : "Succeeded";
    }

    private ResponseDefinition listActions(JsonNode in) {
        FakePipeline p = known(text(in, "pipelineName"));
        String only = in.path("filter").hasNonNull("pipelineExecutionId")
                ? in.path("filter").get("pipelineExecutionId").asText() : null;
        if (only != null) {
            exec(p, only);
        }
        List<ActExec> all = new ArrayList<>();
        for (Exec e : executions.get(p.name())) {
            if (only == null || e.id.equals(only)) {
                all.addAll(e.actions);
            }
        }
        List<ActExec> ordered = new ArrayList<>(all);
        // Newest first; of actions started together, the later declared first.
        ordered.sort(Comparator.comparing((ActExec a) -> a.start).thenComparing(a -> all.indexOf(a)).reversed());
        ObjectNode out = AwsJson.object();
        ArrayNode items = out.putArray("actionExecutionDetails");
        for (ActExec a : page(ordered, x -> x.id, in, out)) {
            ObjectNode d = items.addObject();
            d.put("pipelineExecutionId", a.exec.id);
            d.put("actionExecutionId", a.id);
            d.put("pipelineVersion", 1);
            d.put("stageName", a.stage);
            d.put("actionName", a.decl.name());
            d.put("startTime", AwsJson.seconds(a.start));
            d.put("lastUpdateTime", AwsJson.seconds(a.update));
            if (a.updatedBy != null) {
                d.put("updatedBy", a.updatedBy);
            }
            d.put("status", a.status);
            ObjectNode input = d.putObject("input");
            input.putObject("actionTypeId").put("category", a.decl.category()).put("owner", "AWS")
                    .put("provider", a.decl.provider()).put("version", "1");
            ObjectNode conf = input.putObject("configuration");
            a.decl.configuration().forEach(conf::put);
            ObjectNode resolved = input.putObject("resolvedConfiguration");
            a.decl.configuration().forEach(resolved::put);
            input.put("region", REGION);
            input.putArray("inputArtifacts");
            ObjectNode output = d.putObject("output");
            output.putArray("outputArtifacts");
            ObjectNode result = output.putObject("executionResult");
            if (a.buildId != null) {
                result.put("externalExecutionId", a.buildId);
            } else if (a.token != null) {
                // As the API reference says of approvals: the token is the approval's external execution id.
                result.put("externalExecutionId", a.token);
            }
            if (a.summary != null) {
                result.put("externalExecutionSummary", a.summary);
            }
            if (a.errorCode != null) {
                result.putObject("errorDetails").put("code", a.errorCode).put("message", a.errorMessage);
            }
            ObjectNode vars = output.putObject("outputVariables");
            a.outputVariables.forEach(vars::put);
        }
        return AwsJson.ok("codepipeline", "ListActionExecutions", out);
    }

    private ResponseDefinition putApproval(JsonNode in) {
        FakePipeline p = known(text(in, "pipelineName"));
        String stage = text(in, "stageName");
        String action = text(in, "actionName");
        String token = text(in, "token");
        if (!p.stageNames().contains(stage)) {
            throw new Refusal("StageNotFoundException", "Stage '" + stage + "' not found in pipeline '" + p.name()
                    + "'");
        }
        if (p.actions(stage).stream().noneMatch(a -> a.name().equals(action) && a.isApproval())) {
            throw new Refusal("ActionNotFoundException", "Approval action '" + action + "' not found in stage '"
                    + stage + "'");
        }
        JsonNode result = in.path("result");
        String status = text(result, "status");
        String summary = result.hasNonNull("summary") ? result.get("summary").asText() : "";
        if (summary.length() > 512) {
            throw new Refusal("ValidationException", "1 validation error detected: Value at 'result.summary' failed"
                    + " to satisfy constraint: Member must have length less than or equal to 512");
        }
        ActExec a = executions.get(p.name()).stream().flatMap(e -> e.actions.stream())
                .filter(x -> token.equals(x.token) && x.stage.equals(stage) && x.decl.name().equals(action))
                .findFirst().orElseThrow(() -> new Refusal("InvalidApprovalTokenException",
                        "The approval token is not valid for action '" + action + "'"));
        if (a.updatedBy != null) {
            throw new Refusal("ApprovalAlreadyCompletedException", "The approval request for action '" + action
                    + "' has already been " + (a.status.equals("Succeeded") ? "approved" : "rejected"));
        }
        if (!a.status.equals("InProgress")) {
            throw new Refusal("InvalidApprovalTokenException", "The approval token is not valid for action '"
                    + action + "': the approval request is no longer open");
        }
        Instant now = Instant.now();
        a.status = status.equals("Approved") ? "Succeeded" : "Failed";
        a.summary = summary;
        a.updatedBy = caller;
        a.update = now;
        if (!status.equals("Approved")) {
            a.errorCode = "JobFailed";
            a.errorMessage = "Rejected: " + summary;
        }
        settle(a.exec, now);
        return AwsJson.ok("codepipeline", "PutApprovalResult", AwsJson.object().put("approvedAt", AwsJson.seconds(now)));
    }

    private ResponseDefinition stopExecution(JsonNode in) {
        FakePipeline p = known(text(in, "pipelineName"));
        Exec e = exec(p, text(in, "pipelineExecutionId"));
        if (e.status.equals("Stopping")) {
            throw new Refusal("DuplicatedStopRequestException", "Execution '" + e.id + "' is already stopping");
        }
        if (!e.active()) {
            throw new Refusal("PipelineExecutionNotStoppableException", "Execution '" + e.id + "' is "
                    + e.status + " and cannot be stopped");
        }
        boolean abandon = in.path("abandon").asBoolean(false);
        Instant now = Instant.now();
        e.stopReason = in.hasNonNull("reason") ? in.get("reason").asText() : null;
        e.stopping = true;
        e.status = "Stopping";
        for (ActExec a : e.actions) {
            if (a.status.equals("InProgress") && (abandon || a.decl.isApproval())) {
                a.status = "Abandoned";
                a.update = now;
                if (a.buildId != null) {
                    builds.get(a.buildId).status = "STOPPED";
                    builds.get(a.buildId).end = now;
                }
            }
        }
        if (!e.inStage) {
            end(e, "Stopped", now);
        } else {
            settle(e, now);
        }
        return AwsJson.ok("codepipeline", "StopPipelineExecution", AwsJson.object().put("pipelineExecutionId", e.id));
    }

    private ResponseDefinition batchGetBuilds(JsonNode in) {
        ObjectNode out = AwsJson.object();
        ArrayNode found = out.putArray("builds");
        List<String> missing = new ArrayList<>();
        for (JsonNode idNode : in.path("ids")) {
            Build b = builds.get(idNode.asText());
            if (b == null) {
                missing.add(idNode.asText());
                continue;
            }
            ObjectNode x = found.addObject();
            x.put("id", b.id);
            x.put("arn", "arn:aws:codebuild:" + REGION + ":" + ACCOUNT + ":build/" + b.id);
            x.put("startTime", AwsJson.seconds(b.start));
            if (b.end != null) {
                x.put("endTime", AwsJson.seconds(b.end));
            }
            x.put("currentPhase", b.end == null ? "BUILD" : "COMPLETED");
            x.put("buildStatus", b.status);
            x.put("projectName", b.project);
            x.put("buildComplete", b.end != null);
            x.put("initiator", "codepipeline/" + b.project);
            ObjectNode logs = x.putObject("logs");
            logs.put("groupName", "/aws/codebuild/" + b.project);
            logs.put("streamName", b.stream);
            logs.put("deepLink", "https://console.aws.amazon.com/cloudwatch/home?region=" + REGION
                    + "#logEvent:group=/aws/codebuild/" + b.project + ";stream=" + b.stream);
        }
        if (!missing.isEmpty()) {
            // The model's list has at least one member: the service leaves it out when all were found.
            ArrayNode notFound = out.putArray("buildsNotFound");
            missing.forEach(notFound::add);
        }
        return AwsJson.ok("codebuild", "BatchGetBuilds", out);
    }

    private ResponseDefinition getLogEvents(JsonNode in) {
        String group = text(in, "logGroupName");
        String stream = text(in, "logStreamName");
        Build b = builds.values().stream().filter(x -> ("/aws/codebuild/" + x.project).equals(group)
                && x.stream.equals(stream)).findFirst().orElseThrow(() -> new Refusal("ResourceNotFoundException",
                        "The specified log stream does not exist."));
        int limit = in.hasNonNull("limit") ? in.get("limit").asInt() : 10_000;
        int from = 0;
        String token = in.hasNonNull("nextToken") ? in.get("nextToken").asText() : null;
        if (token != null) {
            if (!token.matches("[fb]/\\d{56}")) {
                throw new Refusal("InvalidParameterException", "The specified nextToken is invalid.");
            }
            from = Integer.parseInt(token.substring(2).replaceFirst("^0+(?=.)", ""));
        }
        from = Math.min(from, b.lines.size());
        int to = Math.min(b.lines.size(), from + limit);
        ObjectNode out = AwsJson.object();
        ArrayNode events = out.putArray("events");
        for (int i = from; i < to; i++) {
            events.addObject().put("timestamp", b.times.get(i)[0]).put("message", b.lines.get(i) + "\n")
                    .put("ingestionTime", b.times.get(i)[0]);
        }
        // At the end of the stream the service returns the token it was given.
        out.put("nextForwardToken", token != null && to == from ? token : String.format("f/%056d", to));
        out.put("nextBackwardToken", String.format("b/%056d", from));
        return AwsJson.ok("logs", "GetLogEvents", out);
    }
}
