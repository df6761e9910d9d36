package dev.mlops.git.bitbucket.internal;

import dev.mlops.exception.MlopsClientException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.eclipse.jgit.errors.TransportException;
import org.eclipse.jgit.lib.NullProgressMonitor;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.transport.FetchResult;
import org.eclipse.jgit.transport.PushResult;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.RemoteRefUpdate;
import org.eclipse.jgit.transport.Transport;
import org.eclipse.jgit.transport.TransportHttp;
import org.eclipse.jgit.transport.URIish;

/**
 * Git over HTTP(S) to one Data Center repository with JGit: fetch a branch into a local (in-memory) repository and
 * push a commit onto a branch only if the branch is where the caller saw it (create-only for a first commit). The
 * token goes in an {@code Authorization: Bearer} header, never in the URL.
 */
public final class GitRemote {
    /** A 403 status in a JGit transport message (not digits of a port or a name). */
    private static final java.util.regex.Pattern FORBIDDEN = java.util.regex.Pattern.compile("(?<![0-9])403(?![0-9])");

    private final URIish uri;
    private final Supplier<String> authorization;
    private final int timeoutSeconds;

    /**
     * A remote.
     *
     * @param cloneUri the repository's HTTP(S) clone URL
     * @param authorization the {@code Authorization} header's value
     * @param resilience for the timeout
     */
    public GitRemote(URI cloneUri, Supplier<String> authorization, Resilience resilience) {
        try {
            this.uri = new URIish(cloneUri.toString());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not a clone URL: " + cloneUri, e);
        }
        this.authorization = authorization;
        this.timeoutSeconds = (int) Math.max(1, resilience.requestTimeout().toSeconds());
    }

    /** The outcome of a push. */
    public enum Pushed {
        /** The branch now points at the commit (also when it already did). */
        DONE,
        /** The branch was not where the caller saw it; nothing changed. */
        REJECTED
    }

    private Transport open(Repository local) throws TransportException {
        try {
            Transport t = Transport.open(local, uri);
            t.setTimeout(timeoutSeconds);
            if (t instanceof TransportHttp http) {
                http.setAdditionalHeaders(Map.of("Authorization", authorization.get()));
            }
            return t;
        } catch (org.eclipse.jgit.errors.NotSupportedException e) {
            throw new MlopsClientException("JGit cannot reach " + uri + ": " + e.getMessage(), e, Map.of());
        }
    }

    /**
     * Fetches a branch.
     *
     * @param local where the objects go
     * @param branch the branch
     * @return its head, empty if the remote has no such branch
     */
    public Optional<ObjectId> fetch(Repository local, String branch) {
        String ref = "refs/heads/" + branch;
        try (Transport t = open(local)) {
            // A wildcard, because JGit refuses a named ref the remote lacks; the empty repository has none.
            FetchResult r = t.fetch(NullProgressMonitor.INSTANCE,
                    List.of(new RefSpec("+refs/heads/*:refs/remotes/origin/*")));
            Ref advertised = r.getAdvertisedRef(ref);
            return advertised == null ? Optional.empty() : Optional.of(advertised.getObjectId());
        } catch (java.io.IOException e) {
            throw failure("fetch " + branch + " from", e);
        }
    }

    /**
     * Pushes a commit onto a branch if the branch is at {@code expectedOld} ({@link ObjectId#zeroId()}: absent).
     *
     * @param local the repository holding the commit
     * @param branch the branch
     * @param commit the commit
     * @param expectedOld where the branch must be
     * @return done or rejected
     */
    public Pushed push(Repository local, String branch, ObjectId commit, ObjectId expectedOld) {
        String ref = "refs/heads/" + branch;
        try (Transport t = open(local)) {
            RemoteRefUpdate u = new RemoteRefUpdate(local, commit.name(), ref, false, null, expectedOld);
            PushResult r = t.push(NullProgressMonitor.INSTANCE, List.of(u));
            RemoteRefUpdate.Status s = r.getRemoteUpdate(ref).getStatus();
            switch (s) {
                case OK:
                case UP_TO_DATE:
                    return Pushed.DONE;
                case REJECTED_NONFASTFORWARD:
                case REJECTED_REMOTE_CHANGED:
                case REJECTED_NODELETE:
                    return Pushed.REJECTED;
                default:
                    throw new BitbucketApiException("Bitbucket Data Center refused the push to " + branch + " of "
                            + uri + ": " + s + (r.getRemoteUpdate(ref).getMessage() == null ? ""
                                    : " (" + r.getRemoteUpdate(ref).getMessage() + ")"), 0, null, false, Map.of(), null);
            }
        } catch (java.io.IOException e) {
            throw failure("push " + branch + " to", e);
        }
    }

    private RuntimeException failure(String what, Exception e) {
        return failure(uri, what, e);
    }

    /**
     * What a failed git exchange means: a refused token or missing permission (not retryable), else a retryable
     * failure of the server or the network.
     */
    static RuntimeException failure(URIish uri, String what, Exception e) {
        // JGit's message starts with the remote's URL, whose port or name may hold "403": read the status after it.
        String m = String.valueOf(e.getMessage()).replace(uri.toString(), "").toLowerCase(java.util.Locale.ROOT);
        if (m.contains("not authorized") || m.contains("authentication")) {
            return new MlopsClientException("Bitbucket Data Center refused the token to " + what + " " + uri
                    + ": check the HTTP access token and that it has repository write permission (REPO_WRITE)", e,
                    Map.of("repository", uri.toString()));
        }
        if (FORBIDDEN.matcher(m).find() || m.contains("forbidden")) {
            return new MlopsClientException("The token may not " + what + " " + uri + ": it lacks repository write"
                    + " permission (REPO_WRITE)", e, Map.of("repository", uri.toString()));
        }
        return new BitbucketApiException("git could not " + what + " " + uri + ": " + e.getMessage(), 0, null, true,
                Map.of("repository", uri.toString()), e);
    }
}
