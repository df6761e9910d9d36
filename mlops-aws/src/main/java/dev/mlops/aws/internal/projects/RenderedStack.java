package dev.mlops.aws.internal.projects;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * A project stack as rendered from a template: the CloudFormation template body, the stack parameters the
 * provisioner passes (beyond {@code SageMakerProjectName} and {@code SageMakerProjectId}, which SageMaker injects),
 * and the objects (seed archives) the stack expects in the template bucket before it is created.
 *
 * @param body the CloudFormation template, JSON
 * @param parameters stack parameters by key; the value {@link #TEMPLATE_BUCKET} is replaced by the bucket's name,
 *     {@link #SDK_IMAGE} by the SDK image's URI
 * @param uploads objects to upload into the template bucket, by key
 */
public record RenderedStack(String body, Map<String, String> parameters, Map<String, byte[]> uploads) {
    /** A parameter value that stands for the template bucket's name, filled in when the stack is provisioned. */
    public static final String TEMPLATE_BUCKET = "${mlops:template-bucket}";
    /** A parameter value that stands for the SDK image's ECR URI, pushed (or named) when the stack is provisioned. */
    public static final String SDK_IMAGE = "${mlops:sdk-image}";

    /** Copies the maps. */
    public RenderedStack {
        parameters = Map.copyOf(parameters);
        uploads = Map.copyOf(uploads);
    }

    /**
     * A digest of everything that decides what the stack becomes: the body, the parameters and the uploads.
     * Two renders with the same digest provision the same stack.
     *
     * @return lowercase hex SHA-256
     */
    public String digest() {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(body.getBytes(StandardCharsets.UTF_8));
            new TreeMap<>(parameters).forEach((k, v) -> md.update(("\nparameter " + k + "=" + v)
                    .getBytes(StandardCharsets.UTF_8)));
            new TreeMap<>(uploads).forEach((k, v) -> {
                md.update(("\nupload " + k + " ").getBytes(StandardCharsets.UTF_8));
                md.update(v);
            });
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
