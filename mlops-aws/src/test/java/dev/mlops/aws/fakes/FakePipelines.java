package dev.mlops.aws.fakes;

import dev.mlops.spi.ProjectRecord;
import dev.mlops.template.PipelineSpec;
import dev.mlops.template.Stage;
import dev.mlops.template.StageType;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Declarations of a project's pipelines as its stack makes them: the original templates' layout for the
 * {@code modelbuild} and {@code modeldeploy} roles, and one CodePipeline stage holding one action of the same name
 * per core stage for any other pipeline.
 */
public final class FakePipelines {
    private FakePipelines() {
    }

    /**
     * The pipeline of a role of a project.
     *
     * @param project the project
     * @param spec the core pipeline
     * @return its declaration, named {@code sagemaker-<name>-<id>-<role>}
     */
    public static FakePipeline of(ProjectRecord project, PipelineSpec spec) {
        String name = project.resourceName(spec.role());
        String repo = project.resourceName(spec.sourceRepository());
        if (spec.role().equals("modelbuild")) {
            return FakePipeline.named(name)
                    .stage("Source", FakeAction.source("ModelBuildWorkflowCode", repo))
                    .stage("Build", FakeAction.codeBuild("BuildAndExecuteSageMakerPipeline", name));
        }
        if (spec.role().equals("modeldeploy")) {
            String stem = "sagemaker-" + project.name() + "-" + project.id();
            return FakePipeline.named(name)
                    .stage("Source", FakeAction.source("ModelDeployInfraCode", repo))
                    .stage("Build", FakeAction.codeBuild("BuildDeploymentTemplates", name))
                    .stage("DeployStaging", FakeAction.cloudFormation("DeployResourcesStaging", stem + "-deploy-staging"),
                            FakeAction.codeBuild("TestStaging", stem + "-testing").runOrder(2),
                            FakeAction.approval("ApproveDeployment", "Approve this model for Production").runOrder(3))
                    .stage("DeployProd", FakeAction.cloudFormation("DeployResourcesProd", stem + "-deploy-prod"));
        }
        FakePipeline p = FakePipeline.named(name);
        for (Stage s : spec.stages()) {
            p.stage(s.name(), action(name, repo, s));
        }
        return p;
    }

    private static FakeAction action(String pipeline, String repo, Stage s) {
        if (s.type() == StageType.SOURCE) {
            return FakeAction.source(s.name(), repo);
        }
        if (s.type() == StageType.APPROVAL) {
            return FakeAction.approval(s.name(), s.gate().map(g -> g.message()).orElse(null));
        }
        List<String> words = new ArrayList<>(List.of(pipeline, s.name().toLowerCase(Locale.ROOT)));
        return FakeAction.codeBuild(s.name(), String.join("-", words));
    }
}
