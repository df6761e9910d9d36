package dev.mlops.compositions;

import dev.mlops.Secret;
import dev.mlops.aws.sim.AwsSimulation;
import dev.mlops.examples.BitbucketCodePipelineExample;
import dev.mlops.git.bitbucket.BitbucketCloudRepositories;
import dev.mlops.git.bitbucket.fixtures.BitbucketCloudFake;
import dev.mlops.template.Template;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;

/**
 * The hosts of the composition "Bitbucket + CodePipeline + SageMaker" on loopback, for its tests and benchmark: a
 * Bitbucket Cloud fake holding the two repositories the customer made (empty, as the original template asks), the AWS
 * simulation whose connection side is {@link BitbucketCloudConnectionGit} on that fake, an AVAILABLE connection
 * tagged {@code sagemaker=true}, and Bitbucket's push webhook wired to the V2 pipelines' triggers.
 */
public final class BitbucketCompositionRig {
    /** The connection's ARN. */
    public static final String ARN = "arn:aws:codeconnections:us-east-1:123456789012:connection/7f3c2a9e-5b1d-4e8f-9c6a-2d4b8e1f0a37";
    /** The Bitbucket workspace. */
    public static final String WORKSPACE = "acme";
    /** The model build repository's full name. */
    public static final String BUILD_REPO = WORKSPACE + "/abalone-modelbuild";
    /** The model deploy repository's full name. */
    public static final String DEPLOY_REPO = WORKSPACE + "/abalone-modeldeploy";
    /** The (fake) access token, of the SDK's component and of the connection. */
    public static final String TOKEN = "bb-access-token-7c1e";

    private BitbucketCompositionRig() {
    }

    /**
     * A Bitbucket Cloud fake with the two repositories, empty.
     *
     * @return the fake
     */
    public static BitbucketCloudFake bitbucket() {
        BitbucketCloudFake bitbucket = new BitbucketCloudFake("Bearer " + TOKEN);
        bitbucket.existing(WORKSPACE, "abalone-modelbuild", "Model build code");
        bitbucket.existing(WORKSPACE, "abalone-modeldeploy", "Model deploy code");
        return bitbucket;
    }

    /**
     * The AWS simulation with no faults, its connection on the fake.
     *
     * @param bitbucket the fake
     * @return the simulation
     * @throws IOException if a server cannot start
     */
    public static AwsSimulation aws(BitbucketCloudFake bitbucket) throws IOException {
        return aws(bitbucket, 0, 1);
    }

    /**
     * The AWS simulation, its connection on the fake.
     *
     * @param bitbucket the fake
     * @param faultShare the share of AWS calls faulted once the front injects
     * @param seed the faults' seed
     * @return the simulation
     * @throws IOException if a server cannot start
     */
    public static AwsSimulation aws(BitbucketCloudFake bitbucket, double faultShare, long seed) throws IOException {
        AwsSimulation aws = AwsSimulation.start(faultShare, seed)
                .thirdPartyGit(new BitbucketCloudConnectionGit(bitbucket.baseUrl(), Secret.of(TOKEN)));
        bitbucket.onPush(aws::pushed);   // the webhook of the connection's Bitbucket app
        aws.connection(ARN, "acme-bitbucket", "AVAILABLE", Map.of("sagemaker", "true"));
        return aws;
    }

    /**
     * The SDK's Bitbucket Cloud component on the fake, quick retries.
     *
     * @param bitbucket the fake
     * @return the component
     */
    public static BitbucketCloudRepositories repositories(BitbucketCloudFake bitbucket) {
        return BitbucketCloudRepositories.builder().baseUrl(bitbucket.baseUrl()).workspace(WORKSPACE)
                .accessToken(Secret.of(TOKEN)).retries(8, Duration.ofMillis(50), Duration.ofSeconds(2)).build();
    }

    /**
     * The example's template on the two repositories and the connection.
     *
     * @return the template
     */
    public static Template template() {
        return BitbucketCodePipelineExample.template(BUILD_REPO, DEPLOY_REPO, ARN);
    }
}
