package dev.mlops.local.internal;

import dev.mlops.exception.MlopsBackendException;
import dev.mlops.exception.MlopsClientException;
import dev.mlops.exception.NotFoundException;
import dev.mlops.spi.EndpointHost;
import dev.mlops.spi.EndpointInfo;
import dev.mlops.spi.ProjectRecord;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Endpoints as any process sees them: their state comes from the state store, and requests go over HTTP to
 * whichever process serves them.
 */
final class LocalEndpointHost implements EndpointHost {
    private final LocalContext ctx;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    LocalEndpointHost(LocalContext ctx) {
        this.ctx = ctx;
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
        HttpRequest.Builder builder = HttpRequest.newBuilder(url.resolve("/invocations"))
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", contentType)
                .header("Accept", accept)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (inferenceId != null) {
            builder.header("X-Amzn-SageMaker-Inference-Id", inferenceId);
        }
        HttpRequest req = builder.build();
        HttpResponse<byte[]> resp;
        try {
            resp = http.send(req, HttpResponse.BodyHandlers.ofByteArray());
        } catch (ConnectException e) {
            throw new MlopsBackendException("Endpoint " + endpointName + " at " + url + " is not being served: no process has"
                    + " project " + project.name() + " open (open it, or run the serve command)", e,
                    Map.of("endpoint", endpointName), true);
        } catch (IOException e) {
            throw new MlopsBackendException("Request to endpoint " + endpointName + " at " + url + " failed: " + e.getMessage(), e,
                    Map.of("endpoint", endpointName), true);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MlopsBackendException("Interrupted while calling endpoint " + endpointName, e);
        }
        String text = new String(resp.body(), StandardCharsets.UTF_8);
        if (resp.statusCode() >= 400 && resp.statusCode() < 500) {
            throw new MlopsClientException("Endpoint " + endpointName + " refused the request (HTTP " + resp.statusCode() + "): "
                    + text.strip(), null, Map.of("endpoint", endpointName, "status", Integer.toString(resp.statusCode())));
        }
        if (resp.statusCode() != 200) {
            throw new MlopsBackendException("Endpoint " + endpointName + " failed (HTTP " + resp.statusCode() + "): " + text.strip(),
                    null, Map.of("endpoint", endpointName, "status", Integer.toString(resp.statusCode())), resp.statusCode() >= 500);
        }
        return resp.body();
    }
}
