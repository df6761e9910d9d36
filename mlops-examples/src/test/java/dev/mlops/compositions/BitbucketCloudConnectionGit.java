package dev.mlops.compositions;

import dev.mlops.Secret;
import dev.mlops.aws.sim.ThirdPartyGit;
import dev.mlops.exception.ConflictException;
import dev.mlops.git.bitbucket.internal.BitbucketApiException;
import dev.mlops.git.bitbucket.internal.BitbucketHttp;
import dev.mlops.git.bitbucket.internal.CloudApi;
import dev.mlops.git.bitbucket.internal.HeadCommit;
import dev.mlops.git.bitbucket.internal.Reconciling;
import dev.mlops.git.bitbucket.internal.Resilience;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;

/**
 * What a CodeConnections connection to Bitbucket Cloud does on AWS's side, for the simulation: the V2 pipelines'
 * {@code CodeStarSourceConnection} sources read a branch's head, and the stack's seed check-in (the original's
 * CodeBuild {@code git push} through the connection) writes the seed as one commit. Both go over Bitbucket Cloud's
 * REST 2.0 with mlops-git's own calls ({@link CloudApi}, retries and circuit breaker included), so every request the
 * AWS side makes of Bitbucket is validated by the fake's OpenAPI check like the component's.
 */
final class BitbucketCloudConnectionGit implements ThirdPartyGit {
    private final BitbucketHttp http;
    private final Reconciling reconciling;

    /**
     * The connection's side of a Bitbucket Cloud.
     *
     * @param baseUrl the API root
     * @param token the connection's (bearer) token
     */
    BitbucketCloudConnectionGit(URI baseUrl, Secret token) {
        Resilience resilience = new Resilience(8, Duration.ofMillis(50), Duration.ofSeconds(2), Duration.ofSeconds(10));
        this.http = new BitbucketHttp("Bitbucket Cloud (connection)", baseUrl, () -> "Bearer " + token.reveal(), resilience);
        this.reconciling = new Reconciling("bitbucket-connection", resilience);
    }

    private CloudApi api(String fullName) {
        return new CloudApi(http, workspace(fullName));
    }

    private static String workspace(String fullName) {
        return fullName.substring(0, fullName.indexOf('/'));
    }

    private static String slug(String fullName) {
        return fullName.substring(fullName.indexOf('/') + 1).toLowerCase(java.util.Locale.ROOT);
    }

    @Override
    public Optional<String> head(String fullName, String branch) {
        return api(fullName).head(slug(fullName), branch).map(HeadCommit::id);
    }

    @Override
    public String checkIn(String fullName, String branch, Map<String, byte[]> files, String message) {
        CloudApi api = api(fullName);
        String slug = slug(fullName);
        if (reconciling.run(() -> api.repository(slug)).isEmpty()) {
            throw new IllegalStateException("no repository " + fullName + " on Bitbucket Cloud: the template checks the"
                    + " seed code in to repositories that exist, make it first");
        }
        String[] sentOn = {null};
        boolean[] sent = {false};
        return reconciling.run(() -> {
            Optional<HeadCommit> head = api.head(slug, branch);
            if (sent[0] && head.isPresent() && head.get().madeBy(message, sentOn[0])) {
                return head.get().id();   // the answer to our commit was lost; it was made
            }
            if (head.isPresent()) {
                Map<String, byte[]> tree = api.files(slug, head.get().id());
                if (files.entrySet().stream().allMatch(e -> Arrays.equals(tree.get(e.getKey()), e.getValue()))) {
                    return head.get().id();
                }
            }
            sent[0] = true;
            sentOn[0] = head.map(HeadCommit::id).orElse(null);
            try {
                api.commit(slug, branch, message, sentOn[0], files);
            } catch (ConflictException moved) {
                throw new BitbucketApiException("the head of " + fullName + "@" + branch + " moved during the check-in",
                        409, null, true, Map.of(), moved);
            }
            return api.head(slug, branch).orElseThrow().id();
        });
    }
}
