package dev.mlops.aws.internal.projects;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.event.EventCursor;
import dev.mlops.event.EventPage;
import dev.mlops.event.ProjectEvent;
import dev.mlops.event.ProjectEventType;
import dev.mlops.exception.MlopsBackendException;
import dev.mlops.exception.ValidationException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * A project's own events, since SageMaker keeps no feed of a project's life: one JSON object per event under
 * {@code mlops-projects/<name>/events/} in the template bucket, named {@code <13-digit epoch millis>-<suffix>.json} so
 * that S3's key order is the events' order. The cursor is the last key read; a read lists the keys after it.
 *
 * <p>{@code ProjectCreated} has the fixed key {@code 0000000000000-created-<id>.json}, written with an S3 conditional
 * write, so that activation happens once even when two processes activate together; it is also the marker that the
 * project is active.
 */
final class ProjectJournal {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern CURSOR = Pattern.compile("\\d{13}-[a-z0-9-]{1,40}");

    private final TemplateBucket bucket;

    ProjectJournal(TemplateBucket bucket) {
        this.bucket = bucket;
    }

    private static String createdId(String projectId) {
        return "0000000000000-created-" + projectId;
    }

    /** Writes ProjectCreated once; false if it was written before. */
    boolean activate(String project, String projectId, Instant now) {
        String id = createdId(projectId);
        ProjectEvent e = new ProjectEvent(id, now, project, ProjectEventType.ProjectCreated, project,
                "Project " + project + " (" + projectId + ") is provisioned", Map.of("projectId", projectId));
        return bucket.create(ProjectKeys.events(project) + id + ".json", toJson(e));
    }

    boolean isActive(String project, String projectId) {
        return bucket.exists(ProjectKeys.events(project) + createdId(projectId) + ".json");
    }

    /** Appends an event; returns it. */
    ProjectEvent append(String project, ProjectEventType type, String subject, String message, Map<String, String> detail,
            Instant now) {
        String id = String.format("%013d", now.toEpochMilli()) + "-"
                + HexFormat.of().formatHex(new byte[] {(byte) ThreadLocalRandom.current().nextInt(),
                        (byte) ThreadLocalRandom.current().nextInt(), (byte) ThreadLocalRandom.current().nextInt(),
                        (byte) ThreadLocalRandom.current().nextInt()});
        ProjectEvent e = new ProjectEvent(id, now, project, type, subject, message, detail);
        bucket.put(ProjectKeys.events(project) + id + ".json", toJson(e));
        return e;
    }

    EventPage read(String project, EventCursor after, int limit) {
        if (limit < 1) {
            throw new ValidationException("limit", limit, "at least 1");
        }
        String prefix = ProjectKeys.events(project);
        String startAfter = null;
        if (!after.value().isEmpty()) {
            if (!CURSOR.matcher(after.value()).matches()) {
                throw new ValidationException("EventCursor", after.value(),
                        "a cursor this project store made (the last event id read, <13 digits>-<suffix>)");
            }
            startAfter = prefix + after.value() + ".json";
        }
        List<String> keys = bucket.keys(prefix, startAfter, Math.min(limit, 1000));
        List<ProjectEvent> events = new ArrayList<>();
        for (String key : keys) {
            bucket.read(key).ifPresent(text -> events.add(fromJson(text, key)));
        }
        if (keys.isEmpty()) {
            return new EventPage(List.of(), after);
        }
        String last = keys.get(keys.size() - 1);
        String cursor = last.substring(prefix.length(), last.length() - ".json".length());
        return new EventPage(events, EventCursor.of(cursor));
    }

    private static byte[] toJson(ProjectEvent e) {
        ObjectNode n = JSON.createObjectNode();
        n.put("id", e.id());
        n.put("time", e.time().toString());
        n.put("project", e.project());
        n.put("type", e.type().name());
        n.put("subject", e.subject());
        n.put("message", e.message());
        ObjectNode d = n.putObject("detail");
        new java.util.TreeMap<>(e.detail()).forEach(d::put);
        try {
            return JSON.writeValueAsString(n).getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException x) {
            throw new MlopsBackendException("Could not write event " + e.id() + " of " + e.project() + ": " + x.getMessage(), x);
        }
    }

    private static ProjectEvent fromJson(String text, String key) {
        try {
            JsonNode n = JSON.readTree(text);
            Map<String, String> detail = new LinkedHashMap<>();
            n.path("detail").fields().forEachRemaining(f -> detail.put(f.getKey(), f.getValue().asText()));
            return new ProjectEvent(n.get("id").asText(), Instant.parse(n.get("time").asText()), n.get("project").asText(),
                    ProjectEventType.valueOf(n.get("type").asText()), n.get("subject").asText(), n.get("message").asText(),
                    detail);
        } catch (JsonProcessingException | RuntimeException x) {
            throw new MlopsBackendException("The event object " + key + " in the template bucket is not the store's JSON: "
                    + x.getMessage(), x);
        }
    }
}
