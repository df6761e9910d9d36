package dev.mlops.local.internal;

import dev.mlops.event.ProjectEventType;
import dev.mlops.spi.WaitPolicy;
import dev.mlops.template.Capability;
import java.util.Set;
import dev.mlops.exception.MlopsBackendException;
import dev.mlops.local.internal.child.EndpointHttp;
import dev.mlops.exception.NotFoundException;
import dev.mlops.spi.EndpointHost;
import dev.mlops.spi.EndpointInfo;
import dev.mlops.spi.ProjectRecord;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Endpoints as any process sees them: their state comes from the state store, and requests go over HTTP to
 * whichever process serves them ({@link EndpointHttp}).
 */
final class LocalEndpointHost implements EndpointHost {
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
        return EndpointHttp.invoke(endpointName, url, contentType, accept, body, inferenceId, ": no process has project "
                + project.name() + " open (open it, or run the serve command)");
    }
}
