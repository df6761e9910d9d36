package dev.mlops.aws.internal.connections;

import java.util.Locale;
import java.util.Map;

/**
 * What CodeConnections says of one connection.
 *
 * @param arn its ARN
 * @param name its name, as the console lists it
 * @param providerType {@code GitHub}, {@code Bitbucket}, {@code GitLab}, …
 * @param status {@code PENDING}, {@code AVAILABLE}, {@code ERROR}, or a newer value as CodeConnections sent it
 * @param tags its tags
 */
public record Connection(String arn, String name, String providerType, String status, Map<String, String> tags) {
    /** The tag SageMaker's project roles require on a connection they use. */
    public static final String SAGEMAKER_TAG = "sagemaker";

    /** Copies the tags. */
    public Connection {
        tags = Map.copyOf(tags);
    }

    /**
     * Whether the connection carries {@code sagemaker=true}: the Studio roles' policies allow
     * {@code codeconnections:UseConnection} only on such connections (the condition is
     * {@code StringEqualsIgnoreCase aws:ResourceTag/sagemaker = true}).
     *
     * @return whether it is tagged
     */
    public boolean taggedForSageMaker() {
        String v = tags.get(SAGEMAKER_TAG);
        return v != null && v.toLowerCase(Locale.ROOT).equals("true");
    }
}
