package dev.mlops.testkit.memory;

import dev.mlops.event.ProjectEventType;
import dev.mlops.exception.MlopsClientException;
import dev.mlops.exception.NotFoundException;
import dev.mlops.exception.ValidationException;
import dev.mlops.spi.EndpointHost;
import dev.mlops.spi.EndpointInfo;
import dev.mlops.spi.ProjectRecord;
import dev.mlops.spi.WaitPolicy;
import dev.mlops.template.Capability;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * In-memory endpoints, deployed by the in-memory orchestrator's deploy stages. An endpoint answers CSV rows with one
 * number per row, a deterministic stand-in for a prediction: a function of the served model version's ARN and the
 * row (between 1 and 30), so the same request to the same version gets the same answer and another version answers
 * differently. It is not a trained model. Descriptions lag deployments by the backend's read lag.
 */
public final class InMemoryEndpointHost implements EndpointHost {
    /** What the in-memory orchestrator needs from its endpoint host: endpoints it deploys itself. */
    public static final Capability MEMORY_SERVING = Capability.of("endpoints.memory-serving");

    private final MemoryState state;
    private final WaitPolicy policy;
    /** Project id → endpoint name → endpoint. */
    private final Map<String, Map<String, Lagged<EndpointInfo>>> byProject = new HashMap<>();
    private final List<String> inferenceIds = new ArrayList<>();

    InMemoryEndpointHost(MemoryState state, WaitPolicy policy) {
        this.state = state;
        this.policy = policy;
    }

    @Override
    public String backend() {
        return MemoryState.BACKEND;
    }

    @Override
    public Set<Capability> capabilities() {
        return Set.of(Capability.ENDPOINTS, MEMORY_SERVING);
    }

    @Override
    public WaitPolicy waitPolicy() {
        return policy;
    }

    @Override
    public Optional<EndpointInfo> describe(ProjectRecord project, String endpointName) {
        return state.call("endpoints.describe", () -> Optional.ofNullable(cell(project, endpointName))
                .map(c -> c.visible(state.now())));
    }

    @Override
    public byte[] invoke(ProjectRecord project, String endpointName, String contentType, String accept, byte[] body) {
        return state.call("endpoints.invoke", () -> answer(project, endpointName, contentType, body));
    }

    @Override
    public byte[] invoke(ProjectRecord project, String endpointName, String contentType, String accept, byte[] body,
            String inferenceId) {
        return state.call("endpoints.invoke", () -> {
            byte[] out = answer(project, endpointName, contentType, body);
            inferenceIds.add(inferenceId);
            return out;
        });
    }

    @Override
    public boolean undeploy(ProjectRecord project, String endpointName) {
        return state.call("endpoints.undeploy", () -> {
            Lagged<EndpointInfo> c = cell(project, endpointName);
            if (c == null || c.latest() == null) {
                return false;
            }
            long now = state.now();
            String env = c.latest().environment();
            c.set(null, state.visibleAt(now));
            state.append(project.name(), now, ProjectEventType.EndpointDeleted, endpointName, "Endpoint " + endpointName
                    + " undeployed by " + state.identity, Map.of("endpoint", endpointName, "environment", env,
                            "user", state.identity));
            return true;
        });
    }

    @Override
    public void deleteProject(ProjectRecord project) {
        state.call("endpoints.deleteProject", () -> byProject.remove(project.id()));
    }

    // ---------------------------------------------------------------- for the orchestrator (under the lock)

    /** Deploys a model version to an environment's endpoint, in service at once; emits EndpointInService. */
    EndpointInfo deployNow(ProjectRecord project, String environment, String endpointName, String modelArn, long at) {
        EndpointInfo info = new EndpointInfo(endpointName, environment, "InService", Optional.of(modelArn),
                Optional.of(URI.create("memory://endpoints/" + endpointName)), state.instant(at));
        byProject.computeIfAbsent(project.id(), k -> new LinkedHashMap<>()).computeIfAbsent(endpointName, k -> new Lagged<>())
                .set(info, state.visibleAt(at));
        state.append(project.name(), at, ProjectEventType.EndpointInService, endpointName, "Endpoint " + endpointName
                + " serves " + modelArn, Map.of("endpoint", endpointName, "environment", environment, "modelArn", modelArn));
        return info;
    }

    /** The endpoint as the host itself has it. */
    Optional<EndpointInfo> current(ProjectRecord project, String endpointName) {
        return Optional.ofNullable(cell(project, endpointName)).map(Lagged::latest);
    }

    /** Answers a request as {@link #invoke} does, without counting a call. */
    byte[] answer(ProjectRecord project, String endpointName, String contentType, byte[] body) {
        EndpointInfo info = current(project, endpointName).orElseThrow(() -> new NotFoundException("endpoint",
                endpointName, "nothing has been deployed to it yet; approve a model version so the deploy pipeline creates it"));
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("text/csv")) {
            throw new MlopsClientException("Endpoint " + endpointName + " refused the request (HTTP 415): the memory"
                    + " backend's endpoints take text/csv only, not " + contentType, null,
                    Map.of("endpoint", endpointName, "status", "415"));
        }
        if (body == null) {
            throw new ValidationException("Endpoint.invoke.body", null, "CSV rows");
        }
        String arn = info.modelArn().orElseThrow();
        StringBuilder out = new StringBuilder();
        for (String row : new String(body, StandardCharsets.UTF_8).split("\r?\n")) {
            if (!row.isBlank()) {
                out.append(prediction(arn, row.strip())).append('\n');
            }
        }
        if (out.length() == 0) {
            throw new MlopsClientException("Endpoint " + endpointName + " refused the request (HTTP 400): no CSV row in"
                    + " the body", null, Map.of("endpoint", endpointName, "status", "400"));
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Every endpoint deployed now, of every project, as the host itself has it (without read lag): what a test
     * checks to see that an endpoint is gone.
     *
     * @return the endpoints
     */
    public List<EndpointInfo> deployed() {
        return state.locked(() -> byProject.values().stream().flatMap(m -> m.values().stream()).map(Lagged::latest)
                .filter(java.util.Objects::nonNull).toList());
    }

    /** The inference ids requests carried, in order (what capture would have recorded). */
    List<String> inferenceIds() {
        return List.copyOf(inferenceIds);
    }

    private Lagged<EndpointInfo> cell(ProjectRecord project, String endpointName) {
        return byProject.getOrDefault(project.id(), Map.of()).get(endpointName);
    }

    /** A number in [1, 30) that depends only on the model version and the row. */
    static String prediction(String modelArn, String row) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest((modelArn + "\n" + row).getBytes(StandardCharsets.UTF_8));
            long bits = ByteBuffer.wrap(h).getLong() >>> 11;
            double unit = bits / (double) (1L << 53);
            return String.format(Locale.ROOT, "%.4f", 1.0 + 29.0 * unit);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return "InMemoryEndpointHost";
    }
}
