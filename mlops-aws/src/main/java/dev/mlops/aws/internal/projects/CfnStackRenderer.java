package dev.mlops.aws.internal.projects;

import dev.mlops.aws.cfn.AwsRoles;
import dev.mlops.aws.cfn.CloudFormationRenderer;
import dev.mlops.aws.cfn.RenderedProject;
import dev.mlops.aws.cfn.SeedArchive;
import dev.mlops.template.Template;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The project stack as {@link CloudFormationRenderer} renders it: its JSON, the seed archives to upload into the
 * template bucket, and the {@code SeedCodeBucket} parameter naming that bucket when there are repositories.
 */
public final class CfnStackRenderer implements StackRenderer {
    private final CloudFormationRenderer renderer = new CloudFormationRenderer();
    private final AwsRoles roles;

    /**
     * @param roles the roles the rendered resources use
     */
    public CfnStackRenderer(AwsRoles roles) {
        this.roles = roles;
    }

    @Override
    public RenderedStack render(Template template, String projectName) {
        RenderedProject rendered = renderer.render(template, projectName, roles);
        Map<String, byte[]> uploads = new LinkedHashMap<>();
        for (SeedArchive a : rendered.seedArchives()) {
            uploads.put(a.key(), a.zip());
        }
        Map<String, String> parameters = rendered.seedArchives().isEmpty() ? Map.of()
                : Map.of(SeedArchive.BUCKET_PARAMETER, RenderedStack.TEMPLATE_BUCKET);
        return new RenderedStack(rendered.projectStackJson(), parameters, uploads);
    }
}
