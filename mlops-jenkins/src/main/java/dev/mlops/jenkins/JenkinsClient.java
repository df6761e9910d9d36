package dev.mlops.jenkins;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlops.Secret;
import dev.mlops.exception.ConflictException;
import dev.mlops.exception.MlopsBackendException;
import dev.mlops.exception.ValidationException;
import dev.mlops.jenkins.internal.ConfigXml;
import dev.mlops.jenkins.internal.JenkinsHttp;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A client for Jenkins' remote-access API: folders and pipeline jobs made or updated from {@code config.xml},
 * builds triggered and followed from queue item to build, build status read.
 *
 * <pre>{@code
 * JenkinsClient jenkins = JenkinsClient.builder()
 *     .url("https://jenkins.example.com/")
 *     .user("mlops-bot")
 *     .apiToken(Secret.of(System.getenv("JENKINS_TOKEN")))
 *     .build();
 * JobPath job = JobPath.of("churn/model-build");
 * jenkins.ensurePipelineJob(job, spec);
 * BuildRef build = jenkins.awaitBuild(jenkins.trigger(job, Map.of("MODEL_VERSION", "3")), Duration.ofMinutes(5));
 * BuildStatus status = jenkins.buildStatus(build);
 * }</pre>
 *
 * <p>Thread-safe. The API token is sent only to the configured Jenkins root and never appears in logs, messages
 * or {@link #toString()}.
 */
public final class JenkinsClient {
    private static final Logger LOG = LoggerFactory.getLogger(JenkinsClient.class);
    private static final Pattern QUEUE_ITEM = Pattern.compile("/queue/item/(\\d+)/?$");
    private static final String XML = "application/xml";

    private final JenkinsHttp http;
    private final Duration pollInterval;

    private JenkinsClient(Builder b) {
        HttpClient client = b.httpClient != null ? b.httpClient
                : HttpClient.newBuilder().connectTimeout(b.timeout).cookieHandler(new CookieManager())
                        .followRedirects(HttpClient.Redirect.NEVER).build();
        this.http = new JenkinsHttp(b.url, client, b.user, b.apiToken, b.timeout, b.maxAttempts, b.backoff,
                b.breakerOpen);
        this.pollInterval = b.pollInterval;
    }

    /**
     * Starts a client.
     *
     * @return a builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Makes sure a folder exists, making its parent folders first.
     *
     * @param folder the folder's path
     * @param description the description a new folder gets
     * @return {@link EnsureOutcome#CREATED} or {@link EnsureOutcome#ADOPTED}
     * @throws ConflictException if an item of another kind has that name
     */
    public EnsureOutcome ensureFolder(JobPath folder, String description) {
        if (folder.parent() != null) {
            ensureFolder(folder.parent(), "");
        }
        String kind = itemClass(folder);
        if (kind != null) {
            requireKind(folder, kind, ConfigXml.FOLDER_CLASS);
            return EnsureOutcome.ADOPTED;
        }
        return create(folder, ConfigXml.folder(description == null ? "" : description), ConfigXml.FOLDER_CLASS);
    }

    /**
     * Makes or updates a pipeline job from an inline script; its parent folders are made if missing.
     *
     * @param job the job's path
     * @param spec the job's definition
     * @return {@link EnsureOutcome#CREATED}, {@link EnsureOutcome#UPDATED}, or {@link EnsureOutcome#ADOPTED} when its
     *     {@code config.xml} already says the same
     * @throws ConflictException if an item of another kind has that name
     */
    public EnsureOutcome ensurePipelineJob(JobPath job, PipelineJobSpec spec) {
        if (job.parent() != null) {
            ensureFolder(job.parent(), "");
        }
        String xml = ConfigXml.pipeline(spec);
        String kind = itemClass(job);
        if (kind == null) {
            return create(job, xml, ConfigXml.PIPELINE_CLASS);
        }
        requireKind(job, kind, ConfigXml.PIPELINE_CLASS);
        HttpResponse<String> current = http.get(job.urlPath() + "config.xml");
        if (current.statusCode() == 200 && ConfigXml.sameDefinition(current.body(), xml)) {
            return EnsureOutcome.ADOPTED;
        }
        update(job, xml);
        return EnsureOutcome.UPDATED;
    }

    /**
     * Queues a build; Jenkins answers 201 with the queue item's {@code Location}.
     *
     * @param job the job
     * @param parameters the build's parameters; absent ones take their defaults. Empty: a plain {@code build}
     *     (use it only for a job without parameters)
     * @return the queue item
     */
    public QueueItemRef trigger(JobPath job, Map<String, String> parameters) {
        String path = job.urlPath() + (parameters.isEmpty() ? "build" : "buildWithParameters");
        String form = parameters.entrySet().stream()
                .map(e -> enc(e.getKey()) + "=" + enc(e.getValue()))
                .collect(Collectors.joining("&"));
        HttpResponse<String> r = http.post(path, "application/x-www-form-urlencoded", form);
        if (r.statusCode() == 404) {
            throw new dev.mlops.exception.NotFoundException("Jenkins job", job.toString(),
                    "call ensurePipelineJob first");
        }
        http.expect(r, "POST", path, 201);
        String location = r.headers().firstValue("Location").orElseThrow(() -> new MlopsBackendException(
                "Jenkins answered POST " + path + " with 201 but no Location header; it needs Jenkins 1.519 or"
                        + " later to report the queue item", null, Map.of("backend", "jenkins", "job", job.toString()),
                false));
        URI queueUrl = http.resolve(location);
        Matcher m = QUEUE_ITEM.matcher(queueUrl.getPath());
        if (!m.find()) {
            throw new MlopsBackendException("Jenkins answered POST " + path + " with Location " + location
                    + ", which is not a queue item URL (…/queue/item/<id>/)", null,
                    Map.of("backend", "jenkins", "job", job.toString()), false);
        }
        QueueItemRef item = new QueueItemRef(job, Long.parseLong(m.group(1)));
        LOG.debug("queued {} as queue item {}", job, item.id());
        return item;
    }

    /**
     * Follows a queue item until it has become a build.
     *
     * @param item the queue item from {@link #trigger}
     * @param timeout how long to wait for the build to start
     * @return the build
     * @throws MlopsBackendException if the item was cancelled, vanished without a build, or is still waiting at
     *     the timeout (then {@link MlopsBackendException#retryable()} is true and the message says why it waits)
     */
    public BuildRef awaitBuild(QueueItemRef item, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        String path = "queue/item/" + item.id() + "/api/json";
        Map<String, String> ctx = Map.of("backend", "jenkins", "job", item.job().toString(),
                "queueItem", Long.toString(item.id()));
        String why = "";
        while (true) {
            JsonNode n = http.getJsonOrNull(path);
            if (n == null) {
                // Left items stay about five minutes; after that the build itself records its queueId.
                return buildByQueueId(item).orElseThrow(() -> new MlopsBackendException("queue item " + item.id()
                        + " of " + item.job() + " vanished from the Jenkins queue and no build of the job has that"
                        + " queueId: it was deleted or Jenkins restarted before it started; trigger the job again",
                        null, ctx, false));
            }
            if (n.path("cancelled").asBoolean(false)) {
                throw new MlopsBackendException("queue item " + item.id() + " of " + item.job()
                        + " was cancelled in Jenkins before it started; trigger the job again", null, ctx, false);
            }
            JsonNode exe = n.path("executable");
            if (exe.hasNonNull("number")) {
                return new BuildRef(item.job(), exe.get("number").asInt());
            }
            why = n.path("why").asText("");
            if (System.nanoTime() >= deadline) {
                throw new MlopsBackendException("queue item " + item.id() + " of " + item.job()
                        + " did not start within " + timeout + (why.isEmpty() ? "" : "; Jenkins says: " + why),
                        null, ctx, true);
            }
            sleep();
        }
    }

    private Optional<BuildRef> buildByQueueId(QueueItemRef item) {
        JsonNode n = http.getJsonOrNull(item.job().urlPath() + "api/json?tree=builds%5Bnumber,queueId%5D");
        if (n == null) {
            return Optional.empty();
        }
        for (JsonNode b : n.path("builds")) {
            if (b.path("queueId").asLong(-1) == item.id()) {
                return Optional.of(new BuildRef(item.job(), b.path("number").asInt()));
            }
        }
        return Optional.empty();
    }

    /**
     * Reads a build's state.
     *
     * @param build the build
     * @return its status
     * @throws dev.mlops.exception.NotFoundException if Jenkins has no such build
     */
    public BuildStatus buildStatus(BuildRef build) {
        String path = build.job().urlPath() + build.number()
                + "/api/json?tree=number,building,result,timestamp,duration";
        JsonNode n = http.getJsonOrNull(path);
        if (n == null) {
            throw new dev.mlops.exception.NotFoundException("Jenkins build", build.toString(),
                    "it was deleted or discarded by the job's build retention");
        }
        JsonNode result = n.path("result");
        return new BuildStatus(build, n.path("building").asBoolean(false),
                result.isTextual() ? Optional.of(BuildResult.parse(result.asText())) : Optional.empty(),
                n.path("timestamp").asLong(0), n.path("duration").asLong(0));
    }

    /**
     * The stages of a pipeline run from the Stage View API ({@code wfapi/describe}; plugin pipeline-rest-api).
     *
     * @param build the build
     * @return its stages in order; empty before the first stage starts
     * @throws dev.mlops.exception.NotFoundException if Jenkins has no such build or no stage view plugin
     */
    public List<StageInfo> stages(BuildRef build) {
        JsonNode n = http.getJsonOrNull(build.job().urlPath() + build.number() + "/wfapi/describe");
        if (n == null) {
            throw new dev.mlops.exception.NotFoundException("Jenkins stage view of build", build.toString(),
                    "the build is gone, or Jenkins lacks the pipeline-stage-view (pipeline-rest-api) plugin");
        }
        List<StageInfo> stages = new java.util.ArrayList<>();
        for (JsonNode s : n.path("stages")) {
            stages.add(new StageInfo(s.path("id").asText(), s.path("name").asText(),
                    StageStatus.parse(s.path("status").asText(null)), s.path("startTimeMillis").asLong(0),
                    s.path("durationMillis").asLong(0)));
        }
        return List.copyOf(stages);
    }

    /**
     * The {@code input} steps a run waits on: the approval gates to approve or reject.
     *
     * @param build the build
     * @return the pending inputs; empty when the run is not paused
     */
    public List<PendingInput> pendingInputs(BuildRef build) {
        JsonNode n = http.getJsonOrNull(build.job().urlPath() + build.number() + "/wfapi/pendingInputActions");
        if (n == null) {
            throw new dev.mlops.exception.NotFoundException("Jenkins build", build.toString(),
                    "the build is gone, or Jenkins lacks the pipeline-stage-view (pipeline-rest-api) plugin");
        }
        List<PendingInput> inputs = new java.util.ArrayList<>();
        for (JsonNode i : n) {
            inputs.add(new PendingInput(build, inputId(i.path("id").asText("")), i.path("message").asText(""),
                    i.path("proceedText").asText("Proceed")));
        }
        return List.copyOf(inputs);
    }

    /**
     * Approves a pending {@code input} step without parameters ({@code input/<id>/proceedEmpty}).
     *
     * @param input the input from {@link #pendingInputs}
     * @throws ConflictException if the input was already approved or rejected
     */
    public void approve(PendingInput input) {
        settle(input, "proceedEmpty");
    }

    /**
     * Rejects a pending {@code input} step ({@code input/<id>/abort}); the build ends {@link BuildResult#ABORTED}.
     *
     * @param input the input from {@link #pendingInputs}
     * @throws ConflictException if the input was already approved or rejected
     */
    public void reject(PendingInput input) {
        settle(input, "abort");
    }

    private void settle(PendingInput input, String action) {
        String path = input.build().job().urlPath() + input.build().number() + "/input/" + inputId(input.id()) + "/"
                + action;
        HttpResponse<String> r = http.post(path, "application/x-www-form-urlencoded", "");
        if (r.statusCode() == 404 || (r.statusCode() == 400 && r.body() != null
                && r.body().contains("already given"))) {
            throw new ConflictException("input '" + input.id() + "' of " + input.build()
                    + " is no longer pending; it was settled already or the build ended",
                    List.of("wanted: " + action), Map.of("backend", "jenkins", "build", input.build().toString(),
                            "input", input.id()));
        }
        // proceedEmpty/abort answer 200; some cores redirect (302) to the build page.
        http.expect(r, "POST", path, 200, 302);
    }

    private static String inputId(String id) {
        // The id goes into a URL path: accept what Jenkins makes (capitalised names, MD5 hex), nothing else.
        if (!id.matches("[A-Za-z0-9_.-]{1,128}")) {
            throw new MlopsBackendException("Jenkins reported an input id '" + id + "' this client will not put in a"
                    + " URL", null, Map.of("backend", "jenkins", "input", id), false);
        }
        return id;
    }

    /**
     * Reads a build's console log from a byte offset ({@code logText/progressiveText}); call again with
     * {@link ConsoleChunk#nextOffset()} while {@link ConsoleChunk#more()} holds to follow it.
     *
     * @param build the build
     * @param offset the byte offset to start at, 0 for the beginning
     * @return the text and where to go on
     */
    public ConsoleChunk log(BuildRef build, long offset) {
        if (offset < 0) {
            throw new ValidationException("JenkinsClient.log.offset", offset, "0 or more");
        }
        String path = build.job().urlPath() + build.number() + "/logText/progressiveText?start=" + offset;
        HttpResponse<String> r = http.get(path);
        if (r.statusCode() == 404) {
            throw new dev.mlops.exception.NotFoundException("Jenkins build", build.toString(),
                    "it was deleted or discarded by the job's build retention");
        }
        http.expect(r, "GET", path, 200);
        long next = r.headers().firstValue("X-Text-Size").map(Long::parseLong).orElse(offset);
        boolean more = r.headers().firstValue("X-More-Data").map(Boolean::parseBoolean).orElse(false);
        return new ConsoleChunk(r.body(), next, more);
    }

    /**
     * Deletes a job or a folder with everything in it ({@code doDelete}).
     *
     * @param item the item
     * @return {@code true} if it was deleted, {@code false} if it did not exist
     */
    public boolean delete(JobPath item) {
        String path = item.urlPath() + "doDelete";
        HttpResponse<String> r = http.post(path, "application/x-www-form-urlencoded", "", true);
        if (r.statusCode() == 404) {
            return false;
        }
        // Jenkins redirects (302) to the parent after deleting; newer cores may answer 200 or 204.
        http.expect(r, "POST", path, 200, 204, 302);
        LOG.debug("deleted Jenkins item {}", item);
        return true;
    }

    private String itemClass(JobPath item) {
        JsonNode n = http.getJsonOrNull(item.urlPath() + "api/json?tree=_class");
        return n == null ? null : n.path("_class").asText("");
    }

    private static void requireKind(JobPath item, String actual, String wanted) {
        if (!wanted.equals(actual)) {
            throw new ConflictException("Jenkins item " + item + " exists but is not of the kind this project needs",
                    List.of("kind: " + actual + ", wanted " + wanted),
                    Map.of("backend", "jenkins", "item", item.toString()));
        }
    }

    private EnsureOutcome create(JobPath item, String xml, String kind) {
        String parent = item.parent() == null ? "" : item.parent().urlPath();
        String path = parent + "createItem?name=" + enc(item.name());
        HttpResponse<String> r = http.post(path, XML, xml, true);
        if (r.statusCode() == 400 && r.body() != null && r.body().contains("already exists")) {
            // Another caller (or our own earlier attempt whose answer was lost) made it meanwhile.
            requireKind(item, itemClass(item), kind);
            if (ConfigXml.PIPELINE_CLASS.equals(kind)) {
                update(item, xml);
                return EnsureOutcome.UPDATED;
            }
            return EnsureOutcome.ADOPTED;
        }
        http.expect(r, "POST", path, 200);
        LOG.debug("created Jenkins item {}", item);
        return EnsureOutcome.CREATED;
    }

    private void update(JobPath item, String xml) {
        String path = item.urlPath() + "config.xml";
        http.expect(http.post(path, XML, xml, true), "POST", path, 200);
        LOG.debug("updated Jenkins item {}", item);
    }

    private void sleep() {
        try {
            Thread.sleep(pollInterval.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MlopsBackendException("interrupted while waiting on the Jenkins queue", e, Map.of(), true);
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /**
     * The job's builds, newest first, with their parameters and descriptions; empty if the job does not exist.
     *
     * @param job the job
     * @return the builds Jenkins keeps (its build retention decides how many)
     */
    public List<BuildDetails> builds(JobPath job) {
        JsonNode n = http.getJsonOrNull(job.urlPath() + "api/json?tree=" + enc(BUILD_TREE_LIST));
        if (n == null) {
            return List.of();
        }
        List<BuildDetails> out = new java.util.ArrayList<>();
        for (JsonNode b : n.path("builds")) {
            out.add(details(job, b));
        }
        return List.copyOf(out);
    }

    /**
     * One build with its parameters and description.
     *
     * @param build the build
     * @return the build, or empty if Jenkins has no such build
     */
    public Optional<BuildDetails> build(BuildRef build) {
        JsonNode n = http.getJsonOrNull(build.job().urlPath() + build.number() + "/api/json?tree=" + enc(BUILD_TREE));
        return n == null ? Optional.empty() : Optional.of(details(build.job(), n));
    }

    // causes[shortDescription] must be named: InterruptedBuildAction.getCauses is @Exported with visibility 1, which the
    // default depth leaves out of an action (ParametersAction.getParameters has visibility 2). It also brings
    // CauseAction's start causes, told apart by the action's _class.
    private static final String BUILD_TREE = "number,queueId,building,result,timestamp,duration,description,"
            + "actions[parameters[name,value],causes[shortDescription]]";
    private static final String INTERRUPTED_BUILD_ACTION = "jenkins.model.InterruptedBuildAction";
    private static final String BUILD_TREE_LIST = "builds[" + BUILD_TREE + "]";

    private static BuildDetails details(JobPath job, JsonNode b) {
        Map<String, String> params = new java.util.LinkedHashMap<>();
        List<Interruption> interruptions = new java.util.ArrayList<>();
        for (JsonNode a : b.path("actions")) {
            for (JsonNode p : a.path("parameters")) {
                if (p.hasNonNull("name") && p.path("value").isValueNode()) {
                    params.put(p.get("name").asText(), p.get("value").asText());
                }
            }
            if (INTERRUPTED_BUILD_ACTION.equals(a.path("_class").asText())) {
                for (JsonNode c : a.path("causes")) {
                    interruptions.add(new Interruption(c.path("_class").asText(""), c.path("shortDescription").asText("")));
                }
            }
        }
        JsonNode result = b.path("result");
        BuildStatus status = new BuildStatus(new BuildRef(job, b.path("number").asInt()), b.path("building").asBoolean(false),
                result.isTextual() ? Optional.of(BuildResult.parse(result.asText())) : Optional.empty(),
                b.path("timestamp").asLong(0), b.path("duration").asLong(0));
        String description = b.path("description").isTextual() ? b.get("description").asText() : null;
        return new BuildDetails(status, b.path("queueId").asLong(-1), params,
                Optional.ofNullable(description).filter(d -> !d.isEmpty()), interruptions);
    }

    /**
     * The job's items waiting in the queue whose parameter has a value, e.g. an execution id
     * ({@code queue/api/json}).
     *
     * @param job the job
     * @param parameter the parameter's name
     * @param value its value
     * @return the waiting items, oldest first
     */
    public List<QueueItemRef> queued(JobPath job, String parameter, String value) {
        JsonNode n = http.getJsonOrNull("queue/api/json?tree=" + enc("items[id,task[url],actions[parameters[name,value]]]"));
        if (n == null) {
            return List.of();
        }
        String jobUrl = http.resolve(job.urlPath()).toString();
        List<QueueItemRef> out = new java.util.ArrayList<>();
        for (JsonNode item : n.path("items")) {
            if (!jobUrl.equals(item.path("task").path("url").asText())) {
                continue;
            }
            for (JsonNode a : item.path("actions")) {
                for (JsonNode p : a.path("parameters")) {
                    if (parameter.equals(p.path("name").asText()) && value.equals(p.path("value").asText())) {
                        out.add(new QueueItemRef(job, item.path("id").asLong()));
                    }
                }
            }
        }
        out.sort(java.util.Comparator.comparingLong(QueueItemRef::id));
        return List.copyOf(out);
    }

    /**
     * Aborts a running build ({@code stop}); a pipeline ends {@link BuildResult#ABORTED}.
     *
     * @param build the build
     * @throws dev.mlops.exception.NotFoundException if Jenkins has no such build
     */
    public void stop(BuildRef build) {
        String path = build.job().urlPath() + build.number() + "/stop";
        HttpResponse<String> r = http.post(path, "application/x-www-form-urlencoded", "", true);
        if (r.statusCode() == 404) {
            throw new dev.mlops.exception.NotFoundException("Jenkins build", build.toString(),
                    "it was deleted or discarded by the job's build retention");
        }
        http.expect(r, "POST", path, 200, 302);
    }

    /**
     * Sets a build's description ({@code submitDescription}); Jenkins keeps it with the build.
     *
     * @param build the build
     * @param description the text
     */
    public void describe(BuildRef build, String description) {
        String path = build.job().urlPath() + build.number() + "/submitDescription";
        http.expect(http.post(path, "application/x-www-form-urlencoded", "description=" + enc(description), true),
                "POST", path, 200, 302);
    }

    /**
     * Reads the build's pending input steps, as {@link #pendingInputs} does, or empty if the build is gone.
     *
     * @param build the build
     * @return its pending inputs
     */
    public List<PendingInput> pendingInputsIfAny(BuildRef build) {
        try {
            return pendingInputs(build);
        } catch (dev.mlops.exception.NotFoundException gone) {
            return List.of();
        }
    }

    /**
     * The Jenkins root URL.
     *
     * @return the root, ending in a slash
     */
    public URI root() {
        return http.root();
    }

    /**
     * Names the Jenkins root; never the credentials.
     *
     * @return e.g. {@code JenkinsClient[https://jenkins.example.com/]}
     */
    @Override
    public String toString() {
        return "JenkinsClient[" + http.root() + "]";
    }

    /** Builds a {@link JenkinsClient}; validated in {@link #build()}. */
    public static final class Builder {
        private URI url;
        private String user;
        private Secret apiToken;
        private Duration timeout = Duration.ofSeconds(30);
        private Duration pollInterval = Duration.ofSeconds(2);
        private HttpClient httpClient;
        private int maxAttempts = 4;
        private Duration backoff = Duration.ofMillis(250);
        private Duration breakerOpen = Duration.ofSeconds(5);

        private Builder() {
        }

        /**
         * Sets how often a repeatable call (a GET, creating or updating an item, deleting) is tried in all after
         * connection failures and 429/502/503/504 answers (default 4).
         *
         * @param maxAttempts 1 or more
         * @return this builder
         */
        public Builder maxAttempts(int maxAttempts) {
            this.maxAttempts = maxAttempts;
            return this;
        }

        /**
         * Sets the first pause before a retry (default 250 ms); each later one doubles, jittered by half.
         *
         * @param backoff positive
         * @return this builder
         */
        public Builder backoff(Duration backoff) {
            this.backoff = backoff;
            return this;
        }

        /**
         * Sets how long the host's circuit breaker stays open after ten failing calls in a row (default 5 s).
         *
         * @param breakerOpen positive
         * @return this builder
         */
        public Builder breakerOpen(Duration breakerOpen) {
            this.breakerOpen = breakerOpen;
            return this;
        }

        /**
         * Sets the Jenkins root URL.
         *
         * @param url e.g. {@code https://jenkins.example.com/} or {@code http://127.0.0.1:8080/jenkins/}
         * @return this builder
         */
        public Builder url(String url) {
            try {
                URI u = URI.create(url);
                this.url = u.getPath() == null || u.getPath().endsWith("/") ? u : URI.create(url + "/");
            } catch (IllegalArgumentException | NullPointerException e) {
                throw new ValidationException("JenkinsClient.url", url, "an absolute http or https URL");
            }
            return this;
        }

        /**
         * Sets the user the API token belongs to.
         *
         * @param user the user id
         * @return this builder
         */
        public Builder user(String user) {
            this.user = user;
            return this;
        }

        /**
         * Sets the user's API token (user &gt; Configure &gt; API Token).
         *
         * @param apiToken the token
         * @return this builder
         */
        public Builder apiToken(Secret apiToken) {
            this.apiToken = apiToken;
            return this;
        }

        /**
         * Sets the per-request timeout (default 30 s).
         *
         * @param timeout positive
         * @return this builder
         */
        public Builder timeout(Duration timeout) {
            this.timeout = timeout;
            return this;
        }

        /**
         * Sets how often the queue is polled (default 2 s).
         *
         * @param pollInterval not negative
         * @return this builder
         */
        public Builder pollInterval(Duration pollInterval) {
            this.pollInterval = pollInterval;
            return this;
        }

        /**
         * Uses this HTTP client instead of a new one (give it a cookie handler: crumbs may be session-bound).
         *
         * @param httpClient the client
         * @return this builder
         */
        public Builder httpClient(HttpClient httpClient) {
            this.httpClient = httpClient;
            return this;
        }

        /**
         * Builds the client.
         *
         * @return the client
         * @throws ValidationException naming the field that is missing or wrong
         */
        public JenkinsClient build() {
            if (url == null || url.getScheme() == null
                    || !(url.getScheme().equals("http") || url.getScheme().equals("https")) || url.getHost() == null) {
                throw new ValidationException("JenkinsClient.url", url, "an absolute http or https URL");
            }
            if (user == null || user.isBlank()) {
                throw new ValidationException("JenkinsClient.user", user, "a non-blank Jenkins user id");
            }
            if (apiToken == null) {
                throw new ValidationException("JenkinsClient.apiToken", null, "a Secret holding the user's API token");
            }
            if (timeout == null || timeout.isNegative() || timeout.isZero()) {
                throw new ValidationException("JenkinsClient.timeout", timeout, "a positive duration");
            }
            if (maxAttempts < 1) {
                throw new ValidationException("JenkinsClient.maxAttempts", maxAttempts, "1 or more");
            }
            if (backoff == null || backoff.isNegative() || backoff.isZero()) {
                throw new ValidationException("JenkinsClient.backoff", backoff, "a positive duration");
            }
            if (breakerOpen == null || breakerOpen.isNegative() || breakerOpen.isZero()) {
                throw new ValidationException("JenkinsClient.breakerOpen", breakerOpen, "a positive duration");
            }
            if (pollInterval == null || pollInterval.isNegative()) {
                throw new ValidationException("JenkinsClient.pollInterval", pollInterval, "a duration of 0 or more");
            }
            return new JenkinsClient(this);
        }
    }
}
