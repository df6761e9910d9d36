package dev.mlops.aws.internal.projects;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The IAM roles a project's stack uses, by what they are for ({@code launch}, {@code codeBuild},
 * {@code codePipeline}, {@code events}, {@code cloudformation}, {@code execution}), and their path. The defaults are
 * the {@code AmazonSageMakerServiceCatalogProducts*Role} roles under {@code /service-role/} that Studio creates.
 *
 * @param names role names by purpose
 * @param path the roles' IAM path, starting and ending with {@code /}
 */
public record ProjectRoles(Map<String, String> names, String path) {
    /** The role that launches the project stack. */
    public static final String LAUNCH = "launch";
    /** The service role of the CodeBuild projects. */
    public static final String CODE_BUILD = "codeBuild";
    /** The role of the pipelines. */
    public static final String CODE_PIPELINE = "codePipeline";
    /** The role EventBridge assumes to start a pipeline. */
    public static final String EVENTS = "events";
    /** The role of the CloudFormation deploy actions. */
    public static final String CLOUDFORMATION = "cloudformation";
    /** The SageMaker execution role. */
    public static final String EXECUTION = "execution";

    /** Copies the names. */
    public ProjectRoles {
        names = Map.copyOf(names);
    }

    /**
     * Studio's roles.
     *
     * @return {@code AmazonSageMakerServiceCatalogProducts<X>Role} under {@code /service-role/}
     */
    public static ProjectRoles defaults() {
        String p = "AmazonSageMakerServiceCatalogProducts";
        Map<String, String> n = new LinkedHashMap<>();
        n.put(LAUNCH, p + "LaunchRole");
        n.put(CODE_BUILD, p + "CodeBuildRole");
        n.put(CODE_PIPELINE, p + "CodePipelineRole");
        n.put(EVENTS, p + "EventsRole");
        n.put(CLOUDFORMATION, p + "CloudformationRole");
        n.put(EXECUTION, p + "ExecutionRole");
        return new ProjectRoles(n, "/service-role/");
    }

    /**
     * The name of a role.
     *
     * @param purpose one of the constants
     * @return its name
     */
    public String name(String purpose) {
        String n = names.get(purpose);
        if (n == null) {
            throw new IllegalArgumentException("no role for " + purpose);
        }
        return n;
    }

    /**
     * The ARN of a role.
     *
     * @param purpose one of the constants
     * @param partition e.g. {@code aws}
     * @param account the 12-digit account
     * @return {@code arn:<partition>:iam::<account>:role<path><name>}
     */
    public String arn(String purpose, String partition, String account) {
        return "arn:" + partition + ":iam::" + account + ":role" + path + name(purpose);
    }
}
