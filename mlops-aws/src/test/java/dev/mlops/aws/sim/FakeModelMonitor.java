package dev.mlops.aws.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import dev.mlops.aws.fixtures.AwsWire;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * SageMaker's monitoring schedules for the simulation, which moto lacks ({@code CreateMonitoringSchedule},
 * {@code DescribeMonitoringSchedule}, {@code ListMonitoringSchedules}, {@code ListMonitoringExecutions},
 * {@code DeleteMonitoringSchedule}), on WireMock; every answer is checked against botocore's output shape. Job
 * definitions are moto's. An execution happens when the simulation says SageMaker ran one ({@link #executed}).
 */
final class FakeModelMonitor implements ResponseDefinitionTransformerV2 {
    /** The operations it answers. */
    static final Set<String> OPERATIONS = Set.of("CreateMonitoringSchedule", "DescribeMonitoringSchedule",
            "ListMonitoringSchedules", "ListMonitoringExecutions", "DeleteMonitoringSchedule");
    private static final ObjectMapper JSON = new ObjectMapper();

    private record Schedule(String name, String endpoint, JsonNode config, Instant created) {
    }

    private record Run(Instant scheduled, Instant created, String status, String processingJobArn, String failure) {
    }

    private final Map<String, Schedule> schedules = new ConcurrentHashMap<>();
    private final Map<String, List<Run>> runs = new ConcurrentHashMap<>();
    private volatile java.util.function.BiConsumer<String, String> onNow = (schedule, endpoint) -> {
    };

    /** What SageMaker does with a one-off ({@code NOW}) schedule at once: runs it (schedule, endpoint). */
    void onNow(java.util.function.BiConsumer<String, String> run) {
        this.onNow = run;
    }

    @Override
    public String getName() {
        return "fake-model-monitor";
    }

    /** Records a schedule a monitor stack made. */
    void create(String name, String endpoint, JsonNode config) {
        if (schedules.putIfAbsent(name, new Schedule(name, endpoint, config, Instant.now())) != null) {
            throw new IllegalStateException("monitoring schedule " + name + " exists");
        }
    }

    /** The schedule's names. */
    Set<String> names() {
        return new TreeMap<>(schedules).keySet();
    }

    /** The job definition a schedule runs. */
    String jobDefinition(String schedule) {
        return schedules.get(schedule).config().path("MonitoringJobDefinitionName").asText();
    }

    /** SageMaker ran a schedule: one execution with its Processing job. */
    void executed(String schedule, Instant scheduled, String status, String processingJobArn) {
        runs.computeIfAbsent(schedule, k -> new java.util.concurrent.CopyOnWriteArrayList<>())
                .add(new Run(scheduled, Instant.now(), status, processingJobArn, null));
    }

    @Override
    public ResponseDefinition transform(ServeEvent event) {
        String target = String.valueOf(event.getRequest().getHeader("X-Amz-Target"));
        String op = target.substring(target.indexOf('.') + 1);
        if (!target.startsWith("SageMaker.") || !OPERATIONS.contains(op)) {
            return event.getResponseDefinition();
        }
        try {
            JsonNode in = JSON.readTree(event.getRequest().getBodyAsString());
            ObjectNode out = JSON.createObjectNode();
            switch (op) {
                case "CreateMonitoringSchedule" -> {
                    String name = in.path("MonitoringScheduleName").asText();
                    if (schedules.containsKey(name)) {
                        return error("ResourceInUse", "Monitoring schedule " + name + " already exists");
                    }
                    JsonNode config = in.path("MonitoringScheduleConfig");
                    // the endpoint is the job definition's: that of the stack's schedule running the same definition
                    String definition = config.path("MonitoringJobDefinitionName").asText();
                    String endpoint = schedules.values().stream()
                            .filter(x -> x.config().path("MonitoringJobDefinitionName").asText().equals(definition))
                            .map(Schedule::endpoint).findFirst().orElse("");
                    create(name, endpoint, config);
                    out.put("MonitoringScheduleArn", arn(name));
                    if (config.at("/ScheduleConfig/ScheduleExpression").asText().equals("NOW")) {
                        onNow.accept(name, endpoint);
                    }
                }
                case "DeleteMonitoringSchedule" -> {
                    if (schedules.remove(in.path("MonitoringScheduleName").asText()) == null) {
                        return notFound(in.path("MonitoringScheduleName").asText());
                    }
                }
                case "DescribeMonitoringSchedule" -> {
                    Schedule s = schedules.get(in.path("MonitoringScheduleName").asText());
                    if (s == null) {
                        return notFound(in.path("MonitoringScheduleName").asText());
                    }
                    out.put("MonitoringScheduleArn", arn(s.name())).put("MonitoringScheduleName", s.name())
                            .put("MonitoringScheduleStatus", "Scheduled")
                            .put("MonitoringType", s.config().path("MonitoringType").asText())
                            .put("CreationTime", seconds(s.created())).put("LastModifiedTime", seconds(s.created()))
                            .put("EndpointName", s.endpoint());
                    out.set("MonitoringScheduleConfig", s.config());
                    List<Run> r = runs.getOrDefault(s.name(), List.of());
                    if (!r.isEmpty()) {
                        out.set("LastMonitoringExecutionSummary", summary(s, r.get(r.size() - 1)));
                    }
                }
                case "ListMonitoringSchedules" -> {
                    ArrayNode list = out.putArray("MonitoringScheduleSummaries");
                    String endpoint = in.path("EndpointName").asText(null);
                    new TreeMap<>(schedules).values().stream()
                            .filter(s -> endpoint == null || endpoint.equals(s.endpoint()))
                            .forEach(s -> list.addObject().put("MonitoringScheduleName", s.name())
                                    .put("MonitoringScheduleArn", arn(s.name())).put("CreationTime", seconds(s.created()))
                                    .put("LastModifiedTime", seconds(s.created())).put("MonitoringScheduleStatus", "Scheduled")
                                    .put("EndpointName", s.endpoint())
                                    .put("MonitoringJobDefinitionName", s.config().path("MonitoringJobDefinitionName").asText())
                                    .put("MonitoringType", s.config().path("MonitoringType").asText()));
                }
                case "ListMonitoringExecutions" -> {
                    String name = in.path("MonitoringScheduleName").asText();
                    Schedule s = schedules.get(name);
                    ArrayNode list = out.putArray("MonitoringExecutionSummaries");
                    if (s != null) {
                        List<Run> r = new ArrayList<>(runs.getOrDefault(name, List.of()));
                        r.sort((a, b) -> b.scheduled().compareTo(a.scheduled()));
                        r.forEach(x -> list.add(summary(s, x)));
                    }
                }
                default -> throw new IllegalStateException(op);
            }
            return AwsWire.awsJsonResponse("sagemaker", op, out.toString()).build();
        } catch (IOException e) {
            return error("ValidationException", "not JSON: " + e.getMessage());
        }
    }

    /** The endpoint of a schedule the stack made, set when it was played. */
    void endpoint(String schedule, String endpoint) {
        Schedule s = schedules.get(schedule);
        schedules.put(schedule, new Schedule(s.name(), endpoint, s.config(), s.created()));
    }

    private static ObjectNode summary(Schedule s, Run r) {
        ObjectNode o = JSON.createObjectNode().put("MonitoringScheduleName", s.name())
                .put("ScheduledTime", seconds(r.scheduled())).put("CreationTime", seconds(r.created()))
                .put("LastModifiedTime", seconds(r.created())).put("MonitoringExecutionStatus", r.status())
                .put("EndpointName", s.endpoint())
                .put("MonitoringJobDefinitionName", s.config().path("MonitoringJobDefinitionName").asText())
                .put("MonitoringType", s.config().path("MonitoringType").asText());
        if (r.processingJobArn() != null) {
            o.put("ProcessingJobArn", r.processingJobArn());
        }
        return o;
    }

    private static double seconds(Instant t) {
        return t.toEpochMilli() / 1000.0;
    }

    private static String arn(String name) {
        return "arn:aws:sagemaker:" + StackTemplate.REGION + ":" + StackTemplate.ACCOUNT + ":monitoring-schedule/" + name;
    }

    private static ResponseDefinition notFound(String name) {
        return error("ResourceNotFound", "Monitoring schedule " + name + " not found");
    }

    private static ResponseDefinition error(String code, String message) {
        return AwsWire.awsJsonError("sagemaker", 400, code, message).build();
    }
}
