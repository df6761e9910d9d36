package dev.mlops.aws.internal.projects;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.aws.internal.AwsComponent;
import dev.mlops.exception.MlopsBackendException;
import dev.mlops.exception.UnsupportedByBackendException;
import dev.mlops.template.Template;
import java.util.Map;

/**
 * The renderer used until the full CloudFormation renderer is wired in: a project stack holding only the project's
 * artifact bucket {@code sagemaker-project-<id>} (retained on deletion, encrypted, public access blocked), as every
 * SageMaker-provided template has it. It renders templates without repositories and pipelines, and refuses the others
 * rather than provision half of them.
 */
public final class ArtifactBucketStack implements StackRenderer {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public RenderedStack render(Template template, String projectName) {
        if (!template.repositories().isEmpty() || !template.pipelines().isEmpty()) {
            throw new UnsupportedByBackendException(AwsComponent.BACKEND, "provisioning the repositories and pipelines of"
                    + " template " + template.id(), "a template without repositories and pipelines until the backend's"
                    + " CloudFormation renderer is part of this release");
        }
        ObjectNode root = JSON.createObjectNode();
        root.put("AWSTemplateFormatVersion", "2010-09-09");
        root.put("Description", "mlops-projects: " + template.displayName());
        ObjectNode params = root.putObject("Parameters");
        params.putObject("SageMakerProjectName").put("Type", "String").put("MinLength", 1).put("MaxLength", 32);
        params.putObject("SageMakerProjectId").put("Type", "String").put("MinLength", 1).put("MaxLength", 20);
        ObjectNode bucket = root.putObject("Resources").putObject("MlOpsArtifactsBucket");
        bucket.put("Type", "AWS::S3::Bucket");
        bucket.put("DeletionPolicy", "Retain");
        bucket.put("UpdateReplacePolicy", "Retain");
        ObjectNode props = bucket.putObject("Properties");
        props.set("BucketName", JSON.createObjectNode().put("Fn::Sub", "sagemaker-project-${SageMakerProjectId}"));
        ArrayNode rules = props.putObject("BucketEncryption").putArray("ServerSideEncryptionConfiguration");
        rules.addObject().putObject("ServerSideEncryptionByDefault").put("SSEAlgorithm", "AES256");
        props.putObject("PublicAccessBlockConfiguration").put("BlockPublicAcls", true).put("BlockPublicPolicy", true)
                .put("IgnorePublicAcls", true).put("RestrictPublicBuckets", true);
        ArrayNode tags = props.putArray("Tags");
        tags.addObject().put("Key", "sagemaker:project-name").set("Value",
                JSON.createObjectNode().put("Ref", "SageMakerProjectName"));
        tags.addObject().put("Key", "sagemaker:project-id").set("Value",
                JSON.createObjectNode().put("Ref", "SageMakerProjectId"));
        try {
            return new RenderedStack(JSON.writeValueAsString(root), Map.of(), Map.of());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new MlopsBackendException("Could not write the project stack of " + projectName + ": " + e.getMessage(), e);
        }
    }
}
