package dev.mlops.aws.cfn.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The project's artifact bucket {@code sagemaker-project-<id>} ({@code MlOpsArtifactsBucket}), kept when the
 * stack is deleted or the bucket replaced, as the originals keep it; encrypted at rest (SSE-S3), closed to
 * public access, and with a bucket policy that denies every request not made over TLS.
 */
public final class ArtifactBucketRenderer {
    private ArtifactBucketRenderer() {
    }

    /**
     * Adds the bucket and its policy.
     *
     * @param ctx the project being rendered
     */
    public static void render(RenderContext ctx) {
        ObjectNode props = Cfn.object();
        props.set("BucketName", Cfn.sub(Names.bucketName()));
        ObjectNode sse = Cfn.object();
        sse.set("ServerSideEncryptionByDefault", Cfn.object().put("SSEAlgorithm", "AES256"));
        ObjectNode encryption = Cfn.object();
        encryption.set("ServerSideEncryptionConfiguration", Cfn.array().add(sse));
        props.set("BucketEncryption", encryption);
        props.set("PublicAccessBlockConfiguration", Cfn.object()
                .put("BlockPublicAcls", true)
                .put("BlockPublicPolicy", true)
                .put("IgnorePublicAcls", true)
                .put("RestrictPublicBuckets", true));
        props.set("Tags", ctx.projectTags());
        ObjectNode bucket = ctx.stack().resource(Names.BUCKET, "AWS::S3::Bucket", props);
        bucket.put("DeletionPolicy", "Retain");
        bucket.put("UpdateReplacePolicy", "Retain");

        ObjectNode deny = Cfn.object()
                .put("Sid", "DenyRequestsOverPlainHttp")
                .put("Effect", "Deny")
                .put("Principal", "*")
                .put("Action", "s3:*");
        ArrayNode resources = Cfn.array();
        resources.add(Cfn.getAtt(Names.BUCKET, "Arn"));
        resources.add(Cfn.sub("${" + Names.BUCKET + ".Arn}/*"));
        deny.set("Resource", resources);
        ObjectNode bool = Cfn.object();
        bool.set("Bool", Cfn.object().put("aws:SecureTransport", "false"));
        deny.set("Condition", bool);
        ObjectNode document = Cfn.object().put("Version", "2012-10-17");
        document.set("Statement", Cfn.array().add(deny));
        ObjectNode policy = Cfn.object();
        policy.set("Bucket", Cfn.ref(Names.BUCKET));
        policy.set("PolicyDocument", document);
        ctx.stack().resource(Names.BUCKET_POLICY, "AWS::S3::BucketPolicy", policy);
    }
}
