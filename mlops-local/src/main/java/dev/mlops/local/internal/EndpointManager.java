package dev.mlops.local.internal;

import dev.mlops.event.ProjectEventType;
import dev.mlops.exception.MlopsClientException;
import dev.mlops.local.internal.serving.EndpointServer;
import dev.mlops.spi.ModelVersionInfo;
import dev.mlops.spi.ProjectRecord;
import java.net.URI;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The endpoints this process serves: one HTTP server on 127.0.0.1 per endpoint, kept for the life of the
 * process's leadership and switched to a new model version blue/green, on the same port, with no failed
 * request. The desired state (model, configuration, port) is in the state store, so a process that takes over
 * serves the same endpoints on the same ports.
 */
final class EndpointManager implements AutoCloseable {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(EndpointManager.class);
    private final LocalContext ctx;
    private final LocalArtifactStore artifacts;
    private final Triggers triggers;
    private final Map<String, EndpointServer> servers = new ConcurrentHashMap<>();
    private final DataCapture capture;

    private final Fence fence;

    EndpointManager(LocalContext ctx, LocalArtifactStore artifacts, Triggers triggers, DataCapture capture, Fence fence) {
        this.fence = fence;
        this.ctx = ctx;
        this.artifacts = artifacts;
        this.triggers = triggers;
        this.capture = capture;
    }

    /** Deploys a model version to an endpoint, starting its server if needed, and records it. */
    synchronized URI deploy(ProjectRecord project, String executionId, String environment, String endpoint,
            ModelVersionInfo version, Map<String, String> config, StageLog log) throws SQLException {
        // What serves now, to put back if the new version cannot be served (the old one keeps serving, blue/green).
        List<String[]> before = ctx.db().read(tx -> tx.query("SELECT status, model_arn, config_json FROM endpoints WHERE name=?"
                + " AND project=?", rs -> new String[] {rs.getString(1), rs.getString(2), rs.getString(3)}, endpoint,
                project.name()));
        ctx.db().write(tx -> {
            fence.check(tx, executionId);
            // Endpoint names are <project>-<environment>, so two projects can spell the same name (team + abalone-prod,
            // team-abalone + prod): an endpoint belongs to the project that made it, and no other may take it over.
            List<String> owner = tx.query("SELECT project FROM endpoints WHERE name=?", rs -> rs.getString(1), endpoint);
            if (!owner.isEmpty() && !owner.get(0).equals(project.name())) {
                throw new MlopsClientException("Endpoint " + endpoint + " belongs to project " + owner.get(0)
                        + ": project " + project.name() + "'s environment " + environment + " spells the same endpoint"
                        + " name; rename the environment", null, Map.of("endpoint", endpoint, "owner", owner.get(0)));
            }
            return tx.update("INSERT INTO endpoints(name, project, environment, status, model_arn, config_json, port, url, updated_at)"
                + " VALUES(?,?,?,?,?,?,?,?,?) ON CONFLICT(name) DO UPDATE SET status=excluded.status, model_arn=excluded.model_arn,"
                + " config_json=excluded.config_json, updated_at=excluded.updated_at",
                endpoint, project.name(), environment, servers.containsKey(endpoint) ? "Updating" : "Creating", version.arn(),
                Json.write(config), null, null, System.currentTimeMillis());
        });
        EndpointServer server;
        try {
            server = serve(project, endpoint, version, config);
        } catch (RuntimeException e) {
            ctx.db().write(tx -> {
                if (fence.refusal(tx, executionId) != null) {
                    return null;
                }
                if (!before.isEmpty() && servers.containsKey(endpoint)) {
                    tx.update("UPDATE endpoints SET status=?, model_arn=?, config_json=?, updated_at=? WHERE name=?",
                            before.get(0)[0], before.get(0)[1], before.get(0)[2], System.currentTimeMillis(), endpoint);
                } else {
                    tx.update("UPDATE endpoints SET status='Failed', updated_at=? WHERE name=?", System.currentTimeMillis(),
                            endpoint);
                }
                return null;
            });
            throw e;
        }
        URI url = server.uri();
        ctx.db().write(tx -> {
            fence.check(tx, executionId);
            tx.update("UPDATE endpoints SET status='InService', port=?, url=?, updated_at=? WHERE name=?", server.port(),
                    url.toString(), System.currentTimeMillis(), endpoint);
            EventLog.append(tx, project.name(), ProjectEventType.EndpointInService, endpoint,
                    "Endpoint " + endpoint + " serves model version " + version.version() + " at " + url,
                    Map.of("endpoint", endpoint, "environment", environment, "version", Integer.toString(version.version()),
                            "modelArn", version.arn(), "url", url.toString()));
            triggers.onEndpointInService(tx, project.name(), environment, endpoint);
            return null;
        });
        if (log != null) {
            log.line("endpoint " + endpoint + " in service at " + url + " with model version " + version.version());
        }
        return url;
    }

    private EndpointServer serve(ProjectRecord project, String endpoint, ModelVersionInfo version, Map<String, String> config) {
        ModelPredictor predictor = ModelPredictor.load(version, artifacts);
        EndpointServer server = servers.get(endpoint);
        if (server == null) {
            int port = port(endpoint, config);
            EndpointServer.Builder b = EndpointServer.builder(endpoint).host("127.0.0.1").port(port);
            int threads = parseInt(config.get("EndpointInstanceCount"), 1);
            b.eventLoopThreads(Math.max(1, Math.min(threads * Runtime.getRuntime().availableProcessors(), 64)));
            server = b.start();
            servers.put(endpoint, server);
        }
        // Completes the previous writers' files and installs the new configuration's (null: capture off).
        server.listener(capture.configure(project.name(), endpoint, config));
        server.deploy("AllTraffic", predictor, predictor.sampleRow());
        return server;
    }

    /** The port: a fixed one from the backend's settings, else the configuration's "Port", else the one used before. */
    private int port(String endpoint, Map<String, String> config) {
        Integer fixed = ctx.endpointPorts().get(endpoint);
        if (fixed != null) {
            return fixed;
        }
        if (config.containsKey("Port")) {
            int p = parseInt(config.get("Port"), -1);
            if (p < 0 || p > 65535) {
                throw new MlopsClientException("Port = \"" + config.get("Port") + "\" in the configuration of " + endpoint
                        + " is invalid: must be 0..65535", null, Map.of("endpoint", endpoint));
            }
            return p;
        }
        List<Integer> used = ctx.db().read(tx -> tx.query("SELECT port FROM endpoints WHERE name=? AND port IS NOT NULL",
                rs -> rs.getInt(1), endpoint));
        return used.isEmpty() ? 0 : used.get(0);
    }

    private static int parseInt(String s, int dflt) {
        try {
            return s == null ? dflt : Integer.parseInt(s.trim());
        } catch (NumberFormatException e) {
            return dflt;
        }
    }

    /** First retry of an endpoint that could not be served again; doubles up to {@link #RETRY_MAX_MILLIS}. */
    private static final long RETRY_FIRST_MILLIS = 250;
    private static final long RETRY_MAX_MILLIS = 10_000;
    /** Per endpoint: failed attempts and when the next is due. */
    private final Map<String, long[]> retries = new ConcurrentHashMap<>();

    /**
     * Serves again every endpoint the state store says should serve and this process does not serve yet: after
     * it took over, and on every later tick for those that failed. Each endpoint is retried on its own, with
     * backoff, so a taken port or a missing model keeps neither the others down nor itself down for good; the
     * store says {@code Failed} (with why) while it is not served, and {@code InService} once it is.
     */
    synchronized void restore(ProjectRecord project, ModelLookup lookup) {
        List<String[]> rows = ctx.db().read(tx -> tx.query("SELECT name, model_arn, config_json, status FROM endpoints WHERE"
                + " project=? AND status IN ('InService','Updating','Creating','Failed') AND model_arn IS NOT NULL",
                rs -> new String[] {rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)}, project.name()));
        long now = System.currentTimeMillis();
        for (String[] r : rows) {
            if (servers.containsKey(r[0])) {
                continue;
            }
            long[] retry = retries.get(r[0]);
            if (retry == null && "Failed".equals(r[3])) {
                continue;   // a deploy that failed, not a serve this process failed to restore: nothing to bring back
            }
            if (retry != null && now < retry[1]) {
                continue;
            }
            try {
                ModelVersionInfo v = lookup.find(r[1]).orElseThrow(() -> new MlopsClientException("model version " + r[1]
                        + " is not in the registry", null, Map.of("modelArn", r[1])));
                EndpointServer s = serve(project, r[0], v, Json.stringMap(r[2]));
                ctx.db().write(tx -> {
                    fence.check(tx, null);
                    return tx.update("UPDATE endpoints SET status='InService', port=?, url=?, updated_at=? WHERE name=?",
                            s.port(), s.uri().toString(), System.currentTimeMillis(), r[0]);
                });
                retries.remove(r[0]);
            } catch (RuntimeException e) {
                long attempts = retry == null ? 1 : retry[0] + 1;
                // Serving again cannot help an artifact that fails its digest check: it waits for a new deploy.
                boolean retryable = !(e instanceof LocalArtifactStore.DigestMismatchException);
                long wait = Math.min(RETRY_MAX_MILLIS, RETRY_FIRST_MILLIS << Math.min(16, attempts - 1));
                retries.put(r[0], new long[] {attempts, retryable ? now + wait : Long.MAX_VALUE});
                LOG.debug("Cannot serve endpoint {} again (attempt {}); {}", r[0], attempts,
                        retryable ? "next try in " + wait + " ms" : "not retried", e);
                try {
                    ctx.db().write(tx -> {
                        if (fence.refusal(tx, null) == null) {
                            tx.update("UPDATE endpoints SET status='Failed', updated_at=? WHERE name=? AND status<>'Failed'",
                                    System.currentTimeMillis(), r[0]);
                        }
                        return null;
                    });
                } catch (RuntimeException ignored) {
                    // the next tick tries again
                }
            }
        }
    }

    /** Looks up a model version by ARN. */
    interface ModelLookup {
        Optional<ModelVersionInfo> find(String arn);
    }

    Optional<URI> url(String endpoint) {
        EndpointServer s = servers.get(endpoint);
        if (s != null) {
            return Optional.of(s.uri());
        }
        List<String> urls = ctx.db().read(tx -> tx.query("SELECT url FROM endpoints WHERE name=? AND url IS NOT NULL", rs -> rs.getString(1), endpoint));
        return urls.isEmpty() ? Optional.empty() : Optional.of(URI.create(urls.get(0)));
    }

    /** Stops the servers of endpoints whose rows were deleted (undeployed, by any process). */
    synchronized void dropDeleted(ProjectRecord project) {
        if (servers.isEmpty()) {
            return;
        }
        List<String> kept = ctx.db().read(tx -> tx.query("SELECT name FROM endpoints WHERE project=?", rs -> rs.getString(1),
                project.name()));
        for (String name : List.copyOf(servers.keySet())) {
            if (!kept.contains(name)) {
                stop(name);
            }
        }
    }

    synchronized void stop(String endpoint) {
        EndpointServer s = servers.remove(endpoint);
        if (s != null) {
            s.close();
        }
        capture.stop(endpoint);
    }

    @Override
    public synchronized void close() {
        retries.clear();
        servers.values().forEach(EndpointServer::close);
        servers.keySet().forEach(capture::stop);
        servers.clear();
    }
}
