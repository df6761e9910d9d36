package dev.mlops.aws.internal.preflight;

import dev.mlops.aws.AwsService;
import dev.mlops.aws.Preflight;
import dev.mlops.aws.PreflightProblem;
import dev.mlops.aws.cfn.internal.ThirdPartyRepositoryRenderer;
import dev.mlops.aws.internal.AwsCalls;
import dev.mlops.aws.internal.connections.CodeConnections;
import dev.mlops.aws.internal.projects.ProjectRoles;
import dev.mlops.template.Capability;
import dev.mlops.template.Template;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs every check of a project before anything is made: the name, the region's services, the roles and their trust,
 * CodeCommit's availability when the template has hosted repositories, the CodeConnections connection (available,
 * tagged {@code sagemaker=true}) when its repositories are third-party, and SageMaker's portfolio when the project is
 * provisioned through Service Catalog. Every check runs; the result lists all their problems.
 */
public final class PreflightRunner {
    private static final Logger LOG = LoggerFactory.getLogger(PreflightRunner.class);

    private final AwsCalls calls;
    private final ProjectRoles roles;

    /**
     * @param calls the backend's calls
     * @param roles the roles project stacks use
     */
    public PreflightRunner(AwsCalls calls, ProjectRoles roles) {
        this.calls = calls;
        this.roles = roles;
    }

    /**
     * Checks a project.
     *
     * @param name the project's name
     * @param template its template
     * @param serviceCatalog whether it is provisioned from a Service Catalog product
     * @return every problem found
     */
    public Preflight run(String name, Template template, boolean serviceCatalog) {
        List<PreflightProblem> problems = new ArrayList<>(NameCheck.check(name));
        boolean hosted = !template.repositories().isEmpty()
                && !template.capabilities().contains(Capability.THIRD_PARTY_REPOSITORIES);
        Set<AwsService> services = EnumSet.of(AwsService.SAGEMAKER, AwsService.CLOUDFORMATION);
        // Template G's pipelines run on Jenkins, which clones the repositories itself: no CodePipeline, no connection.
        boolean jenkins = template.capabilities().contains(Capability.JENKINS);
        if (!template.pipelines().isEmpty() && !jenkins) {
            services.add(AwsService.CODEPIPELINE);
            services.add(AwsService.CODEBUILD);
        }
        if (hosted) {
            services.add(AwsService.CODECOMMIT);
        }
        boolean thirdParty = !template.repositories().isEmpty() && !jenkins
                && template.capabilities().contains(Capability.THIRD_PARTY_REPOSITORIES);
        if (thirdParty) {
            services.add(AwsService.CODECONNECTIONS);
        }
        if (serviceCatalog) {
            services.add(AwsService.SERVICE_CATALOG);
        }
        problems.addAll(RegionCheck.check(calls.clients().region(), services));
        RoleCheck roleCheck = new RoleCheck(calls);
        for (RoleNeed need : RoleNeeds.of(template, roles, serviceCatalog)) {
            problems.addAll(roleCheck.check(need));
        }
        if (hosted) {
            problems.addAll(new CodeCommitCheck(calls).check());
        }
        if (thirdParty) {
            problems.addAll(new ConnectionCheck(new CodeConnections(calls), calls.clients().region().id())
                    .check(template.parameterValues().get(ThirdPartyRepositoryRenderer.CONNECTION_PARAMETER)));
        }
        if (serviceCatalog) {
            problems.addAll(new PortfolioCheck(calls).check());
        }
        Preflight result = new Preflight(name, problems);
        LOG.debug("{}", result.report());
        return result;
    }
}
