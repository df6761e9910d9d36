package dev.mlops.aws.cfn.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.template.RepositorySpec;

/**
 * The {@code AWS::SageMaker::CodeRepository} that lists a third-party repository in SageMaker Studio:
 * {@code sagemaker-<id>-<role>}, on the branch named by {@code <Role>CodeRepositoryBranch}. Templates F (CodePipeline,
 * {@link ThirdPartyRepositoryRenderer}) and G (Jenkins, {@link JenkinsRouteRenderer}) both render it; they differ
 * only in where the Git URL comes from and in the tags.
 */
public final class SageMakerCodeRepository {
    private SageMakerCodeRepository() {
    }

    /**
     * The logical id of a repository's SageMaker code repository.
     *
     * @param role the repository's role
     * @return e.g. {@code ModelBuildSagemakerCodeRepository}
     */
    static String id(String role) {
        return Names.of(role).prefix() + "SagemakerCodeRepository";
    }

    /**
     * Adds a repository's code repository to the stack.
     *
     * @param ctx the project being rendered
     * @param repo the repository
     * @param url its Git URL (an intrinsic: a parameter, or the check-in custom resource's answer)
     * @param tags the resource's tags
     * @return the resource, for a caller that makes it conditional
     */
    static ObjectNode render(RenderContext ctx, RepositorySpec repo, ObjectNode url, ArrayNode tags) {
        ObjectNode git = Cfn.object();
        git.set("Branch", Cfn.ref(RepositoryParameters.branch(repo.role())));
        git.set("RepositoryUrl", url);
        ObjectNode code = Cfn.object();
        code.set("CodeRepositoryName", Cfn.sub("sagemaker-${" + Names.PROJECT_ID + "}-" + repo.role()));
        code.set("GitConfig", git);
        code.set("Tags", tags);
        return ctx.stack().resource(id(repo.role()), "AWS::SageMaker::CodeRepository", code);
    }
}
