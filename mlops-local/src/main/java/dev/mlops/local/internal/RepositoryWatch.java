package dev.mlops.local.internal;

import dev.mlops.event.ProjectEventType;
import dev.mlops.exception.MlopsException;
import dev.mlops.spi.CommitInfo;
import dev.mlops.spi.ProjectRecord;
import dev.mlops.spi.SourceRepositories;
import dev.mlops.template.RepositorySpec;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the heads of a project's tracked branches through the repositories' SPI, whichever component holds them
 * (the embedded git, GitHub, Bitbucket…): a new head is a commit event, as CodeCommit's state-change event is, and
 * starts the pipelines that track the branch. A remote component is read no more often than its wait policy's
 * {@link dev.mlops.spi.WaitPolicy#minimumInterval()}; the embedded one (zero) on every tick of the engine.
 *
 * <p>A failed read never stops the engine: a retryable one keeps the last head seen and is retried at the next
 * poll; any other is recorded once as a {@link ProjectEventType#RepositoryReadFailed} event (until a read works
 * again) and retried less often.
 */
final class RepositoryWatch {
    private static final Logger LOG = LoggerFactory.getLogger(RepositoryWatch.class);
    /** How long a read that failed for good waits before the next try: long enough not to hammer a host. */
    static final long FAILED_RETRY_NANOS = 10_000_000_000L;

    private final LocalContext ctx;
    private final SourceRepositories repositories;
    private final Triggers triggers;
    private final long intervalNanos;
    private final Map<String, Long> nextPoll = new HashMap<>();
    private final Map<String, String> reported = new HashMap<>();

    RepositoryWatch(LocalContext ctx, SourceRepositories repositories, Triggers triggers) {
        this.ctx = ctx;
        this.repositories = repositories;
        this.triggers = triggers;
        this.intervalNanos = repositories.waitPolicy().minimumInterval().toNanos();
    }

    /** Reads each tracked branch that is due and records a new head; called by the leader on each tick. */
    synchronized void poll(ProjectRecord project) {
        for (RepositorySpec repo : project.template().repositories()) {
            long now = System.nanoTime();
            Long due = nextPoll.get(repo.role());
            if (due != null && now - due < 0) {
                continue;
            }
            nextPoll.put(repo.role(), now + intervalNanos);
            Optional<CommitInfo> head;
            try {
                head = repositories.head(project, repo.role());
            } catch (MlopsException e) {
                if (e.retryable()) {
                    LOG.debug("Reading the head of {}/{} from {} failed; the next poll retries", repo.role(),
                            repo.branch(), repositories.backend(), e);
                } else {
                    failed(project, repo, e);
                }
                continue;
            } catch (RuntimeException e) {
                failed(project, repo, e);
                continue;
            }
            reported.remove(repo.role());
            head.ifPresent(c -> record(project, repo, c));
        }
    }

    private void failed(ProjectRecord project, RepositorySpec repo, RuntimeException e) {
        nextPoll.put(repo.role(), System.nanoTime() + Math.max(intervalNanos, FAILED_RETRY_NANOS));
        String why = String.valueOf(e.getMessage());
        if (why.equals(reported.get(repo.role()))) {
            return;
        }
        reported.put(repo.role(), why);
        String name = project.resourceName(repo.role());
        ctx.db().write(tx -> {
            EventLog.append(tx, project.name(), ProjectEventType.RepositoryReadFailed, name,
                    "Cannot read branch " + repo.branch() + " of " + name + " from " + repositories.backend() + ": " + why
                            + "; no pipeline starts from it until it can be read (retried every "
                            + Math.max(intervalNanos, FAILED_RETRY_NANOS) / 1_000_000_000L + " s)",
                    Map.of("repository", repo.role(), "branch", repo.branch(), "backend", repositories.backend(),
                            "error", e.getClass().getSimpleName()));
            return null;
        });
    }

    private void record(ProjectRecord project, RepositorySpec repo, CommitInfo head) {
        String id = head.id();
        String message = head.subject();
        ctx.db().write(tx -> {
            // A component other than the embedded git has no row until its first head is seen: that head (the seed
            // commit) starts the first runs, as the embedded repositories' seed commit does.
            tx.update("INSERT OR IGNORE INTO repositories(project, role, name, branch, path, last_seen_commit)"
                    + " VALUES(?,?,?,?,?,?)", project.name(), repo.role(), project.resourceName(repo.role()), repo.branch(),
                    "", null);
            List<String> seen = tx.query("SELECT last_seen_commit FROM repositories WHERE project=? AND role=?",
                    rs -> rs.getString(1), project.name(), repo.role());
            if (seen.isEmpty() || id.equals(seen.get(0))) {
                return null;
            }
            tx.update("UPDATE repositories SET last_seen_commit=? WHERE project=? AND role=?", id, project.name(), repo.role());
            EventLog.append(tx, project.name(), ProjectEventType.RepositoryCommit, project.resourceName(repo.role()),
                    "Commit " + id.substring(0, Math.min(7, id.length())) + " on " + repo.role() + "/" + repo.branch() + ": "
                            + message, Map.of("repository", repo.role(), "branch", repo.branch(), "commit", id));
            triggers.onCommit(tx, project.name(), repo.role(), id, message);
            return null;
        });
    }
}
