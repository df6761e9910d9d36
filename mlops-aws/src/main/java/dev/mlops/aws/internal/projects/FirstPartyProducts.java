package dev.mlops.aws.internal.projects;

import java.util.Map;

/**
 * The Service Catalog products of the SageMaker-provided templates, by the id of the library's template that mirrors
 * each ({@code dev.mlops.template.Templates}). The names are the templates' names in Studio, which SageMaker gives the
 * products it imports into the account's portfolio. [INFERRED: product name equals the Studio name.]
 */
public final class FirstPartyProducts {
    private FirstPartyProducts() {
    }

    /**
     * The products.
     *
     * @return product names by template id
     */
    public static Map<String, String> byTemplateId() {
        String p = "MLOps template for ";
        String git = "model building, training, and deployment with third-party Git repositories using ";
        return Map.of(
                "model-building-training", p + "model building and training",
                "model-deployment", p + "model deployment",
                "model-building-training-deployment", p + "model building, training, and deployment",
                "model-building-training-deployment-monitoring",
                p + "model building, training, deployment, and Amazon SageMaker Model Monitor",
                "image-building-model-building-deployment", p + "image building, model building, and model deployment",
                "model-building-training-deployment-3p-git-codepipeline", p + git + "CodePipeline",
                "model-building-training-deployment-3p-git-jenkins", p + git + "Jenkins");
    }
}
