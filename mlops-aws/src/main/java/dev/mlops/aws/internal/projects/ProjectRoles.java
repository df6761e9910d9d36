package dev.mlops.aws.internal.projects;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The IAM roles a project's stack uses, by what they are for ({@code launch}, {@code codeBuild},
 * {@code codePipeline}, {@code events}, {@code cloudformation}, {@code execution}), and their path. They come from
 * the renderer's {@link dev.mlops.aws.cfn.AwsRoles}.
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
    /** The seed check-in Lambda's role (templates with third-party repositories). */
    public static final String LAMBDA = "lambda";

    /** Copies the names. */
    public ProjectRoles {
        names = Map.copyOf(names);
    }

    /**
     * The roles the renderer was given, by the same purposes.
     *
     * @param roles the renderer's roles
     * @return the same names and path
     */
    public static ProjectRoles of(dev.mlops.aws.cfn.AwsRoles roles) {
        Map<String, String> n = new LinkedHashMap<>();
        n.put(LAUNCH, roles.launch());
        n.put(CODE_BUILD, roles.codeBuild());
        n.put(CODE_PIPELINE, roles.codePipeline());
        n.put(EVENTS, roles.events());
        n.put(CLOUDFORMATION, roles.cloudformation());
        n.put(EXECUTION, roles.execution());
        n.put(LAMBDA, roles.lambda());
        return new ProjectRoles(n, roles.path());
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
