package dev.mlops.local.internal;

import dev.mlops.event.ProjectEventType;
import dev.mlops.spi.WaitPolicy;
import dev.mlops.template.Capability;
import java.util.Set;
import dev.mlops.exception.MlopsBackendException;
import dev.mlops.exception.MlopsClientException;
import dev.mlops.exception.NotFoundException;
import dev.mlops.spi.EndpointHost;
import dev.mlops.spi.EndpointInfo;
import dev.mlops.spi.ProjectRecord;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.Proxy;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Endpoints as any process sees them: their state comes from the state store, and requests go over HTTP to
 * whichever process serves them.
 *
 * <p>Requests use {@link HttpURLConnection} (keep-alive, no proxy), not {@code java.net.http.HttpClient}: the
 * latter loads some 160 classes on first use and keeps a selector thread blocked in native code for the rest
 * of the process, which makes the JVM wait 300 ms at exit for that thread to block.
 */
final class LocalEndpointHost implements EndpointHost {
    private static final int CONNECT_TIMEOUT_MILLIS = 5_000;
    private static final int READ_TIMEOUT_MILLIS = 60_000;

    private final LocalContext ctx;

    LocalEndpointHost(LocalContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public String backend() {
        return LocalContext.BACKEND;
    }

    @Override
    public Set<Capability> capabilities() {
        return Set.of(Capability.ENDPOINTS, LocalOrchestrator.EMBEDDED_SERVING);
    }

    @Override
    public WaitPolicy waitPolicy() {
        return ctx.waitPolicy();
    }

    /**
     * Deletes the endpoint's row and records it; the process serving it sees the row gone at its next tick and
     * stops the server.
     */
    @Override
    public boolean undeploy(ProjectRecord project, String endpointName) {
        String user = ctx.user();
        return ctx.db().write(tx -> {
            List<String> env = tx.query("SELECT environment FROM endpoints WHERE name=? AND project=?",
                    rs -> rs.getString(1), endpointName, project.name());
            if (env.isEmpty()) {
                return false;
            }
            tx.update("DELETE FROM endpoints WHERE name=? AND project=?", endpointName, project.name());
            EventLog.append(tx, project.name(), ProjectEventType.EndpointDeleted, endpointName,
                    "Endpoint " + endpointName + " undeployed by " + user, Map.of("endpoint", endpointName,
                            "environment", env.get(0), "user", user));
            return true;
        });
    }

    @Override
    public Optional<EndpointInfo> describe(ProjectRecord project, String endpointName) {
        List<EndpointInfo> rows = ctx.db().read(tx -> tx.query("SELECT name, environment, status, model_arn, url, updated_at"
                + " FROM endpoints WHERE name=? AND project=?",
                rs -> new EndpointInfo(rs.getString(1), rs.getString(2), rs.getString(3), Optional.ofNullable(rs.getString(4)),
                        Optional.ofNullable(rs.getString(5)).map(URI::create), Instant.ofEpochMilli(rs.getLong(6))),
                endpointName, project.name()));
        return rows.stream().findFirst();
    }

    @Override
    public byte[] invoke(ProjectRecord project, String endpointName, String contentType, String accept, byte[] body) {
        return invoke(project, endpointName, contentType, accept, body, null);
    }

    @Override
    public byte[] invoke(ProjectRecord project, String endpointName, String contentType, String accept, byte[] body,
            String inferenceId) {
        EndpointInfo info = describe(project, endpointName).orElseThrow(() -> new NotFoundException("endpoint", endpointName,
                "nothing has been deployed to it yet; approve a model version so the deploy pipeline creates it"));
        URI url = info.url().orElseThrow(() -> new MlopsBackendException("Endpoint " + endpointName + " is " + info.status()
                + " and has no address yet", null, Map.of("endpoint", endpointName), true));
        int status;
        byte[] answer;
        try {
            HttpURLConnection http = (HttpURLConnection) url.resolve("/invocations").toURL().openConnection(Proxy.NO_PROXY);
            http.setConnectTimeout(CONNECT_TIMEOUT_MILLIS);
            http.setReadTimeout(READ_TIMEOUT_MILLIS);
            http.setRequestMethod("POST");
            http.setRequestProperty("Content-Type", contentType);
            http.setRequestProperty("Accept", accept);
            if (inferenceId != null) {
                http.setRequestProperty("X-Amzn-SageMaker-Inference-Id", inferenceId);
            }
            http.setDoOutput(true);
            http.setFixedLengthStreamingMode(body.length);
            try (OutputStream out = http.getOutputStream()) {
                out.write(body);
            }
            status = http.getResponseCode();
            // Read the body to its end and close it, so that the connection is kept alive for the next request.
            try (InputStream in = status >= 400 ? http.getErrorStream() : http.getInputStream()) {
                answer = in == null ? new byte[0] : in.readAllBytes();
            }
        } catch (ConnectException e) {
            throw new MlopsBackendException("Endpoint " + endpointName + " at " + url + " is not being served: no process has"
                    + " project " + project.name() + " open (open it, or run the serve command)", e,
                    Map.of("endpoint", endpointName), true);
        } catch (IOException e) {
            throw new MlopsBackendException("Request to endpoint " + endpointName + " at " + url + " failed: " + e.getMessage(), e,
                    Map.of("endpoint", endpointName), true);
        }
        String text = new String(answer, StandardCharsets.UTF_8);
        if (status >= 400 && status < 500) {
            throw new MlopsClientException("Endpoint " + endpointName + " refused the request (HTTP " + status + "): "
                    + text.strip(), null, Map.of("endpoint", endpointName, "status", Integer.toString(status)));
        }
        if (status != 200) {
            throw new MlopsBackendException("Endpoint " + endpointName + " failed (HTTP " + status + "): " + text.strip(),
                    null, Map.of("endpoint", endpointName, "status", Integer.toString(status)), status >= 500);
        }
        return answer;
    }
}
