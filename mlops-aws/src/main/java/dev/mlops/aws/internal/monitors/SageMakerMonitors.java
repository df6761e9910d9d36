package dev.mlops.aws.internal.monitors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlops.aws.cfn.MonitorMode;
import dev.mlops.aws.cfn.internal.MonitorKind;
import dev.mlops.aws.cfn.internal.ScheduledProcessingRenderer;
import dev.mlops.aws.internal.AwsCalls;
import dev.mlops.aws.internal.AwsComponent;
import dev.mlops.aws.internal.AwsErrors;
import dev.mlops.aws.AwsService;
import dev.mlops.exception.MlopsBackendException;
import dev.mlops.exception.NotFoundException;
import dev.mlops.exception.UnsupportedByBackendException;
import dev.mlops.exception.ValidationException;
import dev.mlops.monitor.MonitoringExecution;
import dev.mlops.monitor.MonitoringExecutionStatus;
import dev.mlops.monitor.MonitoringSchedule;
import dev.mlops.monitor.MonitoringType;
import dev.mlops.monitor.ScheduleExpression;
import dev.mlops.monitor.capture.GroundTruthRecord;
import dev.mlops.spi.MonitorRunner;
import dev.mlops.spi.ProjectRecord;
import dev.mlops.spi.WaitPolicy;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.cloudformation.model.Stack;
import software.amazon.awssdk.services.sagemaker.model.DescribeMonitoringScheduleResponse;
import software.amazon.awssdk.services.sagemaker.model.DescribeProcessingJobResponse;
import software.amazon.awssdk.services.sagemaker.model.ListMonitoringExecutionsResponse;
import software.amazon.awssdk.services.sagemaker.model.ListMonitoringSchedulesResponse;
import software.amazon.awssdk.services.sagemaker.model.ListProcessingJobsResponse;
import software.amazon.awssdk.services.sagemaker.model.MonitoringExecutionSummary;
import software.amazon.awssdk.services.sagemaker.model.MonitoringScheduleSummary;
import software.amazon.awssdk.services.sagemaker.model.ProcessingJobSummary;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The monitors of a project on AWS, deployed by the Model Monitor template's monitor stacks
 * {@code sagemaker-<name>-<id>-modelmonitor-<environment>}, read through the calls the embedded backend answers:
 * <ul>
 *   <li>schedules: in the Model Monitor modes {@code ListMonitoringSchedules} filtered by each of the project's
 *       endpoints {@code <name>-<environment>} and {@code DescribeMonitoringSchedule}; in
 *       {@link MonitorMode#SCHEDULED_PROCESSING} the monitor stacks' Scheduler schedules and parameters
 *       (CloudFormation), since the Scheduler schedules carry no endpoint;</li>
 *   <li>executions: {@code ListMonitoringExecutions}, or the Processing jobs named after the schedule, each with
 *       {@code DescribeProcessingJob} for its exit message, window and report prefix;</li>
 *   <li>reports: the files under the execution's report prefix in S3, as SageMaker writes them
 *       ({@code statistics.json}, {@code constraint_violations.json}, Clarify's {@code analysis.json}); the violation
 *       count is the exit message's, else the length of {@code constraint_violations.json}'s {@code violations};</li>
 *   <li>ground truth: JSON Lines under the monitor stack's {@code GroundTruthInput}, in SageMaker's
 *       {@code yyyy/MM/dd/HH/} layout.</li>
 * </ul>
 * The mode is the project template's {@code MonitorMode} parameter ({@link MonitorMode#MODEL_MONITOR_MANAGED} when
 * it has none).
 */
public final class SageMakerMonitors extends AwsComponent implements MonitorRunner {
    private static final Logger LOG = LoggerFactory.getLogger(SageMakerMonitors.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern VIOLATIONS = Pattern.compile("with (\\d+) violations?");
    private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("yyyy/MM/dd/HH").withZone(ZoneOffset.UTC);

    /**
     * Creates the component.
     *
     * @param calls the backend's calls
     * @param waits its wait policy
     */
    public SageMakerMonitors(AwsCalls calls, WaitPolicy waits) {
        super(calls, waits);
    }

    @Override
    public java.util.Set<dev.mlops.template.Capability> capabilities() {
        // the monitor stacks the Model Monitor template's pipeline deploys, read and operated here
        return java.util.Set.of(dev.mlops.template.Capability.MODEL_MONITOR);
    }

    private static MonitorMode mode(ProjectRecord project) {
        String v = project.template().parameterValues().get(MonitorMode.PARAMETER);
        return v == null || v.isEmpty() ? MonitorMode.MODEL_MONITOR_MANAGED
                : MonitorMode.parse("Template.parameters." + MonitorMode.PARAMETER, v);
    }

    private static List<String> endpoints(ProjectRecord project) {
        return project.template().environments().stream().map(e -> project.name() + "-" + e).toList();
    }

    @Override
    public List<MonitoringSchedule> schedules(ProjectRecord project) {
        List<MonitoringSchedule> out = new ArrayList<>();
        if (mode(project) == MonitorMode.SCHEDULED_PROCESSING) {
            for (String env : project.template().environments()) {
                monitorStack(project, env).ifPresent(stack -> out.addAll(scheduled(project, env, stack)));
            }
        } else {
            for (String endpoint : endpoints(project)) {
                for (MonitoringScheduleSummary s : listSchedules(endpoint)) {
                    out.add(schedule(describe(s.monitoringScheduleName())));
                }
            }
        }
        out.sort(Comparator.comparing(MonitoringSchedule::name));
        return out;
    }

    private List<MonitoringScheduleSummary> listSchedules(String endpoint) {
        List<MonitoringScheduleSummary> all = new ArrayList<>();
        String next = null;
        do {
            String token = next;
            ListMonitoringSchedulesResponse r = calls.call(AwsService.SAGEMAKER, "list the monitoring schedules of"
                    + " endpoint " + endpoint, Map.of("endpoint", endpoint), () -> clients().sageMaker()
                    .listMonitoringSchedules(b -> b.endpointName(endpoint).maxResults(100).nextToken(token)));
            all.addAll(r.monitoringScheduleSummaries());
            next = r.nextToken();
        } while (next != null && !next.isEmpty());
        return all;
    }

    private DescribeMonitoringScheduleResponse describe(String name) {
        return calls.call(AwsService.SAGEMAKER, "describe monitoring schedule " + name, Map.of("schedule", name), () -> {
            try {
                return clients().sageMaker().describeMonitoringSchedule(b -> b.monitoringScheduleName(name));
            } catch (SdkException e) {
                if (AwsErrors.isNotFound(e)) {
                    throw new NotFoundException("monitoring schedule", name, "SageMaker has no such schedule; the"
                            + " monitor pipeline's stacks make them");
                }
                throw e;
            }
        });
    }

    private static MonitoringSchedule schedule(DescribeMonitoringScheduleResponse d) {
        MonitoringType type = type(d.monitoringTypeAsString(), d.monitoringScheduleName());
        MonitoringSchedule.Builder b = MonitoringSchedule.builder(d.monitoringScheduleName(), d.endpointName()).type(type);
        var config = d.monitoringScheduleConfig();
        if (config != null && config.scheduleConfig() != null) {
            var sc = config.scheduleConfig();
            b.expression(sc.dataAnalysisStartTime() != null
                    ? ScheduleExpression.parse(sc.scheduleExpression(), sc.dataAnalysisStartTime(), sc.dataAnalysisEndTime())
                    : ScheduleExpression.parse(sc.scheduleExpression()));
        }
        if (config != null && config.monitoringJobDefinitionName() != null) {
            b.setting("MonitoringJobDefinitionName", config.monitoringJobDefinitionName());
        }
        b.setting("MonitoringScheduleStatus", d.monitoringScheduleStatusAsString());
        return b.build();
    }

    private static MonitoringType type(String monitoringType, String where) {
        for (MonitoringType t : MonitoringType.values()) {
            if (t.name().equals(monitoringType)) {
                return t;
            }
        }
        throw new MlopsBackendException("Monitoring schedule " + where + " has type " + monitoringType
                + ", which the SDK does not read (one of DataQuality, ModelQuality, ModelBias, ModelExplainability)",
                null, Map.of("schedule", where), false);
    }

    private Optional<Stack> monitorStack(ProjectRecord project, String env) {
        String name = "sagemaker-" + project.nameId() + "-modelmonitor-" + env;
        return calls.call(AwsService.CLOUDFORMATION, "describe monitor stack " + name, Map.of("stack", name), () -> {
            try {
                return clients().cloudFormation().describeStacks(b -> b.stackName(name)).stacks().stream()
                        .filter(s -> !s.stackStatusAsString().startsWith("DELETE")).findFirst();
            } catch (SdkException e) {
                if (AwsErrors.isNotFound(e)) {
                    return Optional.empty();
                }
                throw e;
            }
        });
    }

    private static Map<String, String> parameters(Stack stack) {
        Map<String, String> p = new LinkedHashMap<>();
        stack.parameters().forEach(x -> p.put(x.parameterKey(), x.parameterValue()));
        return p;
    }

    /**
     * The Scheduler schedules of a monitor stack, from its parameters: the stack's conditions deploy a monitor when
     * its switch is {@code yes} and, for model quality and bias, {@code GroundTruthInput} is set.
     */
    private static List<MonitoringSchedule> scheduled(ProjectRecord project, String env, Stack stack) {
        Map<String, String> p = parameters(stack);
        String endpoint = p.getOrDefault("EndpointName", project.name() + "-" + env);
        boolean groundTruth = !p.getOrDefault("GroundTruthInput", "").isEmpty();
        List<MonitoringSchedule> out = new ArrayList<>();
        for (MonitorKind kind : MonitorKind.ALL) {
            if (!"yes".equals(p.get(kind.enableKey())) || kind.needsGroundTruth() && !groundTruth) {
                continue;
            }
            out.add(MonitoringSchedule.builder(kind.scheduleName(endpoint), endpoint)
                    .type(MonitoringType.valueOf(kind.type()))
                    .expression(ScheduleExpression.parse(p.getOrDefault("ScheduleExpression", "cron(0 * ? * * *)")))
                    .setting("MonitorStack", stack.stackName())
                    .setting("JobNamePrefix", p.getOrDefault("JobNamePrefix", ScheduledProcessingRenderer.jobPrefix(endpoint))
                            + "-" + ScheduledProcessingRenderer.code(kind) + "-")
                    .build());
        }
        return out;
    }

    private MonitoringSchedule find(ProjectRecord project, String schedule) {
        if (schedule == null || schedule.isBlank()) {
            throw new ValidationException("MonitorRunner.schedule", schedule, "a schedule name of project " + project.name());
        }
        return schedules(project).stream().filter(s -> s.name().equals(schedule)).findFirst()
                .orElseThrow(() -> new NotFoundException("monitoring schedule", schedule, "project " + project.name()
                        + " has no such schedule on endpoints " + endpoints(project)));
    }

    @Override
    public List<MonitoringExecution> executions(ProjectRecord project, String schedule) {
        MonitoringSchedule s = find(project, schedule);
        List<MonitoringExecution> out = new ArrayList<>();
        if (mode(project) == MonitorMode.SCHEDULED_PROCESSING) {
            String prefix = s.settings().get("JobNamePrefix");
            for (ProcessingJobSummary j : processingJobs(prefix)) {
                DescribeProcessingJobResponse d = processingJob(j.processingJobName());
                String status = j.processingJobStatusAsString();
                out.add(execution(s, d, d.processingJobName(), d.creationTime(), d.creationTime(), status, d.failureReason()));
            }
        } else {
            String next = null;
            do {
                String token = next;
                ListMonitoringExecutionsResponse r = calls.call(AwsService.SAGEMAKER, "list the executions of " + schedule,
                        Map.of("schedule", schedule), () -> clients().sageMaker().listMonitoringExecutions(b -> b
                                .monitoringScheduleName(schedule).sortBy("ScheduledTime").sortOrder("Descending")
                                .maxResults(100).nextToken(token)));
                for (MonitoringExecutionSummary e : r.monitoringExecutionSummaries()) {
                    DescribeProcessingJobResponse d = e.processingJobArn() == null ? null
                            : processingJob(e.processingJobArn().substring(e.processingJobArn().lastIndexOf('/') + 1));
                    String id = e.processingJobArn() != null ? e.processingJobArn()
                            : schedule + "@" + e.scheduledTime();
                    out.add(execution(s, d, id, e.scheduledTime(), e.creationTime(),
                            e.monitoringExecutionStatusAsString(), e.failureReason()));
                }
                next = r.nextToken();
            } while (next != null && !next.isEmpty());
        }
        out.sort(Comparator.comparing(MonitoringExecution::scheduledTime).reversed());
        return out;
    }

    private List<ProcessingJobSummary> processingJobs(String prefix) {
        List<ProcessingJobSummary> all = new ArrayList<>();
        String next = null;
        do {
            String token = next;
            ListProcessingJobsResponse r = calls.call(AwsService.SAGEMAKER, "list the Processing jobs " + prefix + "*",
                    Map.of("prefix", prefix), () -> clients().sageMaker().listProcessingJobs(b -> b.nameContains(prefix)
                            .sortBy("CreationTime").sortOrder("Descending").maxResults(100).nextToken(token)));
            r.processingJobSummaries().stream().filter(j -> j.processingJobName().startsWith(prefix)).forEach(all::add);
            next = r.nextToken();
        } while (next != null && !next.isEmpty());
        return all;
    }

    private DescribeProcessingJobResponse processingJob(String name) {
        return calls.call(AwsService.SAGEMAKER, "describe Processing job " + name, Map.of("job", name),
                () -> clients().sageMaker().describeProcessingJob(b -> b.processingJobName(name)));
    }

    private MonitoringExecution execution(MonitoringSchedule s, DescribeProcessingJobResponse d, String id,
            Instant scheduled, Instant created, String status, String failure) {
        Optional<String> exit = d == null ? Optional.empty() : Optional.ofNullable(d.exitMessage()).filter(m -> !m.isBlank());
        Optional<String> report = d == null || d.processingOutputConfig() == null
                || d.processingOutputConfig().outputs().isEmpty() ? Optional.empty()
                : Optional.ofNullable(d.processingOutputConfig().outputs().get(0).s3Output().s3Uri());
        MonitoringExecutionStatus st = status(status, exit);
        boolean done = st == MonitoringExecutionStatus.Completed || st == MonitoringExecutionStatus.CompletedWithViolations;
        Map<String, String> env = d == null || d.environment() == null ? Map.of() : d.environment();
        Instant end = instant(env.get("end_time")).orElse(scheduled);
        Instant start = instant(env.get("start_time")).orElse(end.minus(Duration.ofHours(1)));
        int violations = 0;
        long records = 0;
        if (report.isPresent() && done) {
            Matcher m = exit.map(VIOLATIONS::matcher).filter(Matcher::find).orElse(null);
            // a Processing job (Scheduler mode) is Completed with or without violations: without a count in its exit
            // message, the report says
            violations = m != null ? Integer.parseInt(m.group(1)) : countViolations(report.get());
            if (violations > 0) {
                st = MonitoringExecutionStatus.CompletedWithViolations;
            }
            records = readJson(report.get(), "statistics.json").map(j -> j.path("dataset").path("item_count").asLong(0)).orElse(0L);
        }
        Optional<Instant> ended = d == null ? Optional.empty() : Optional.ofNullable(d.processingEndTime());
        return new MonitoringExecution(id, s.name(), s.endpoint(), s.type(), scheduled, start, end, st,
                Optional.ofNullable(failure).filter(f -> !f.isBlank()), exit, violations, records, Map.of(),
                report.map(u -> u.endsWith("/") ? u : u + "/"), created, ended);
    }

    private static MonitoringExecutionStatus status(String status, Optional<String> exit) {
        if (status == null) {
            return MonitoringExecutionStatus.Pending;
        }
        if (status.equals("Completed") && exit.filter(m -> m.startsWith("CompletedWithViolations")).isPresent()) {
            return MonitoringExecutionStatus.CompletedWithViolations;
        }
        for (MonitoringExecutionStatus s : MonitoringExecutionStatus.values()) {
            if (s.name().equals(status)) {
                return s;
            }
        }
        return MonitoringExecutionStatus.InProgress;
    }

    private static Optional<Instant> instant(String text) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.parse(text.replace(" ", "")));
        } catch (java.time.format.DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private int countViolations(String reportUri) {
        return readJson(reportUri, "constraint_violations.json").map(j -> j.path("violations").size()).orElse(0);
    }

    private Optional<JsonNode> readJson(String reportUri, String file) {
        S3Uri u = S3Uri.of(reportUri);
        return readBytes(u.bucket(), u.key(file)).map(b -> {
            try {
                return JSON.readTree(b);
            } catch (IOException e) {
                throw new MlopsBackendException("The report " + reportUri + file + " is not JSON: " + e.getMessage(),
                        e, Map.of("report", reportUri), false);
            }
        });
    }

    private Optional<byte[]> readBytes(String bucket, String key) {
        return calls.call(AwsService.S3, "read s3://" + bucket + "/" + key, Map.of("bucket", bucket, "key", key), () -> {
            try {
                return Optional.of(clients().s3().getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray());
            } catch (SdkException e) {
                if (AwsErrors.isNotFound(e)) {
                    return Optional.empty();
                }
                throw e;
            }
        });
    }

    /**
     * Runs a schedule once, over the hour ending now: in the Model Monitor modes a one-off schedule
     * ({@code ScheduleExpression NOW}, {@code DataAnalysisStartTime -PT1H}, {@code DataAnalysisEndTime -PT0H}) of the
     * same job definition, named {@code <schedule>-now-<8 hex>}, awaited and deleted; the execution is returned under
     * the schedule's name (it is not among {@link #executions} afterwards, which lists the schedule's own runs).
     */
    @Override
    public MonitoringExecution runNow(ProjectRecord project, String schedule) {
        MonitoringSchedule s = find(project, schedule);
        if (mode(project) == MonitorMode.SCHEDULED_PROCESSING) {
            throw new UnsupportedByBackendException(BACKEND, "run monitoring schedule " + schedule + " at once in mode "
                    + MonitorMode.SCHEDULED_PROCESSING, "wait for the Scheduler schedule's next run, or run it from the"
                    + " EventBridge Scheduler console; modes " + MonitorMode.MODEL_MONITOR_MANAGED + " and "
                    + MonitorMode.MODEL_MONITOR_BYOC + " run one at once");
        }
        String definition = s.settings().get("MonitoringJobDefinitionName");
        if (definition == null) {
            throw new UnsupportedByBackendException(BACKEND, "run monitoring schedule " + schedule + " at once",
                    "a schedule with a job definition (MonitoringJobDefinitionName): this one embeds its job");
        }
        String base = schedule.length() > 50 ? schedule.substring(0, 50).replaceAll("-+$", "") : schedule;
        String oneOff = base + "-now-" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, String> ctx = Map.of("schedule", schedule, "oneOff", oneOff);
        calls.call(AwsService.SAGEMAKER, "create the one-off schedule " + oneOff + " of " + schedule, ctx,
                () -> clients().sageMaker().createMonitoringSchedule(b -> b.monitoringScheduleName(oneOff)
                        .monitoringScheduleConfig(c -> c.monitoringJobDefinitionName(definition)
                                .monitoringType(s.type().name())
                                .scheduleConfig(sc -> sc.scheduleExpression("NOW").dataAnalysisStartTime("-PT1H")
                                        .dataAnalysisEndTime("-PT0H")))
                        .tags(t -> t.key("mlops:run-now-of").value(schedule))));
        try {
            MonitoringExecutionSummary done;
            try {
                done = waitPolicy().until(Duration.ofMinutes(60), () -> calls.call(AwsService.SAGEMAKER,
                        "list the executions of " + oneOff, ctx, () -> clients().sageMaker().listMonitoringExecutions(b -> b
                                .monitoringScheduleName(oneOff).maxResults(10))).monitoringExecutionSummaries().stream()
                        .filter(e -> TERMINAL.contains(e.monitoringExecutionStatusAsString())).findFirst())
                        .orElseThrow(() -> new MlopsBackendException("Timed out after 60 minutes waiting for the one-off"
                                + " run " + oneOff + " of " + schedule + "; SageMaker goes on with it", null, ctx, true));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new MlopsBackendException("Interrupted while waiting for " + oneOff, e, ctx, true);
            }
            DescribeProcessingJobResponse d = done.processingJobArn() == null ? null
                    : processingJob(done.processingJobArn().substring(done.processingJobArn().lastIndexOf('/') + 1));
            return execution(s, d, done.processingJobArn() != null ? done.processingJobArn() : oneOff + "@" + done.scheduledTime(),
                    done.scheduledTime(), done.creationTime(), done.monitoringExecutionStatusAsString(), done.failureReason());
        } finally {
            calls.call(AwsService.SAGEMAKER, "delete the one-off schedule " + oneOff, ctx,
                    () -> AwsErrors.ignoringNotFound(() -> clients().sageMaker().deleteMonitoringSchedule(b -> b
                            .monitoringScheduleName(oneOff))));
        }
    }

    private static final java.util.Set<String> TERMINAL = java.util.Set.of("Completed", "CompletedWithViolations",
            "Failed", "Stopped");

    @Override
    public List<String> reportFiles(ProjectRecord project, MonitoringExecution execution) {
        if (execution.reportUri().isEmpty()) {
            return List.of();
        }
        S3Uri u = S3Uri.of(execution.reportUri().get());
        List<String> names = new ArrayList<>();
        String prefix = u.key("");
        String next = null;
        do {
            String token = next;
            var r = calls.call(AwsService.S3, "list the report files " + execution.reportUri().get(),
                    Map.of("report", execution.reportUri().get()), () -> clients().s3().listObjectsV2(b -> b
                            .bucket(u.bucket()).prefix(prefix).continuationToken(token)));
            for (S3Object o : r.contents()) {
                String rest = o.key().substring(prefix.length());
                if (!rest.isEmpty() && !rest.contains("/")) {
                    names.add(rest);
                }
            }
            next = Boolean.TRUE.equals(r.isTruncated()) ? r.nextContinuationToken() : null;
        } while (next != null);
        names.sort(null);
        return names;
    }

    @Override
    public byte[] readReportFile(ProjectRecord project, MonitoringExecution execution, String fileName) {
        if (fileName == null || fileName.isBlank() || fileName.contains("/") || fileName.contains("..")) {
            throw new ValidationException("Monitors.reportFile.fileName", fileName, "a file name from reportFiles(execution)");
        }
        String uri = execution.reportUri().orElseThrow(() -> new NotFoundException("report file", fileName,
                "execution " + execution.id() + " wrote no report"));
        S3Uri u = S3Uri.of(uri);
        return readBytes(u.bucket(), u.key(fileName)).orElseThrow(() -> new NotFoundException("report file", fileName,
                "execution " + execution.id() + " wrote no such file under " + uri));
    }

    @Override
    public String addGroundTruth(ProjectRecord project, String endpoint, List<GroundTruthRecord> records) {
        if (records == null || records.isEmpty()) {
            throw new ValidationException("GroundTruth.records", records, "at least one record");
        }
        String env = project.template().environments().stream().filter(e -> (project.name() + "-" + e).equals(endpoint))
                .findFirst().orElseThrow(() -> new NotFoundException("endpoint", endpoint, "project " + project.name()
                        + " has endpoints " + endpoints(project)));
        Stack stack = monitorStack(project, env).orElseThrow(() -> new NotFoundException("monitor stack",
                "sagemaker-" + project.nameId() + "-modelmonitor-" + env, "the monitor pipeline deploys it; ground truth"
                        + " goes to its GroundTruthInput"));
        String prefix = parameters(stack).getOrDefault("GroundTruthInput", "");
        if (prefix.isEmpty()) {
            throw new ValidationException("GroundTruthInput", "", "an s3:// prefix in " + env
                    + "-monitoring-schedule-config.json of the model-monitor repository, where the model-quality and"
                    + " bias monitors read ground truth (stack " + stack.stackName() + " has none)");
        }
        StringBuilder lines = new StringBuilder();
        records.forEach(r -> lines.append(r.toJsonLine()).append('\n'));
        S3Uri u = S3Uri.of(prefix);
        String key = u.key(HOUR.format(Instant.now()) + "/" + UUID.randomUUID() + ".jsonl");
        calls.call(AwsService.S3, "write ground truth for " + endpoint, Map.of("endpoint", endpoint, "key", key),
                () -> clients().s3().putObject(b -> b.bucket(u.bucket()).key(key).contentType("application/jsonlines"),
                        RequestBody.fromString(lines.toString(), StandardCharsets.UTF_8)));
        LOG.debug("Wrote {} ground-truth records for {} to s3://{}/{}", records.size(), endpoint, u.bucket(), key);
        return "s3://" + u.bucket() + "/" + key;
    }

    /** A bucket and a key prefix. */
    private record S3Uri(String bucket, String prefix) {
        static S3Uri of(String uri) {
            if (uri == null || !uri.startsWith("s3://") || uri.length() <= 5) {
                throw new ValidationException("S3Uri", uri, "s3://<bucket>/<prefix>");
            }
            String rest = uri.substring(5);
            int slash = rest.indexOf('/');
            String bucket = slash < 0 ? rest : rest.substring(0, slash);
            String prefix = slash < 0 ? "" : rest.substring(slash + 1);
            return new S3Uri(bucket, prefix.isEmpty() || prefix.endsWith("/") ? prefix : prefix + "/");
        }

        String key(String name) {
            return prefix + name;
        }
    }
}
