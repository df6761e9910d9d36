package dev.mlops.git.bitbucket.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.exception.MlopsClientException;
import dev.mlops.exception.MlopsException;
import org.eclipse.jgit.errors.TransportException;
import org.eclipse.jgit.transport.URIish;
import org.junit.jupiter.api.Test;

/** How {@link GitRemote} reads JGit's transport failures. */
class GitRemoteFailureTest {

    @Test
    void aServerErrorIsRetryableEvenWhenThePortHolds403() throws Exception {
        // CI saw this: port 34037 made a 503 read as a missing permission, and the fault test failed.
        URIish uri = new URIish("http://127.0.0.1:34037/bitbucket/scm/mlops/repo-4030.git");
        RuntimeException e = GitRemote.failure(uri, "fetch main from",
                new TransportException(uri, "503 Service Unavailable"));
        assertThat(e).isNotInstanceOf(MlopsClientException.class);
        assertThat(((MlopsException) e).retryable()).isTrue();
    }

    @Test
    void aForbiddenStatusIsAClientError() throws Exception {
        URIish uri = new URIish("http://127.0.0.1:34037/bitbucket/scm/mlops/repo.git");
        RuntimeException e = GitRemote.failure(uri, "push main to", new TransportException(uri, "403 Forbidden"));
        assertThat(e).isInstanceOf(MlopsClientException.class).hasMessageContaining("REPO_WRITE");
        assertThat(GitRemote.failure(uri, "push main to", new TransportException(uri, "not authorized")))
                .isInstanceOf(MlopsClientException.class);
    }
}
