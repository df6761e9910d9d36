package dev.mlops.aws.internal.projects;

import dev.mlops.aws.cfn.AwsRoles;
import dev.mlops.aws.cfn.CloudFormationRenderer;
import dev.mlops.aws.cfn.RenderedProject;
import dev.mlops.aws.cfn.SeedArchive;
import dev.mlops.aws.cfn.internal.Names;
import dev.mlops.aws.internal.bundle.SdkBundle;
import dev.mlops.template.Template;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The project stack as {@link CloudFormationRenderer} renders it: its JSON, the seed archives to upload into the
 * template bucket, the {@code SeedCodeBucket} parameter naming that bucket when there are repositories, and the
 * {@code MlopsSdkBundle} parameter naming the SDK bundle (see {@link SdkBundle}) when there are build projects, and
 * the {@code MlopsSdkImage} parameter (filled in at provisioning) when the stack runs the SDK image.
 */
public final class CfnStackRenderer implements StackRenderer {
    private final CloudFormationRenderer renderer = new CloudFormationRenderer();
    private final AwsRoles roles;
    private final Supplier<SdkBundle> sdk;

    /**
     * A renderer whose builds run this process's SDK ({@link SdkBundle#current()}).
     *
     * @param roles the roles the rendered resources use
     */
    public CfnStackRenderer(AwsRoles roles) {
        this(roles, SdkBundle::current);
    }

    /**
     * @param roles the roles the rendered resources use
     * @param sdk the SDK bundle the projects' builds run, asked for only when a stack has build projects
     */
    public CfnStackRenderer(AwsRoles roles, Supplier<SdkBundle> sdk) {
        this.roles = roles;
        this.sdk = sdk;
    }

    /** @return the SDK bundle the rendered builds run */
    public Supplier<SdkBundle> sdkBundle() {
        return sdk;
    }

    @Override
    public RenderedStack render(Template template, String projectName) {
        RenderedProject rendered = renderer.render(template, projectName, roles);
        Map<String, byte[]> uploads = new LinkedHashMap<>();
        for (SeedArchive a : rendered.seedArchives()) {
            uploads.put(a.key(), a.zip());
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        if (!rendered.seedArchives().isEmpty()) {
            parameters.put(SeedArchive.BUCKET_PARAMETER, RenderedStack.TEMPLATE_BUCKET);
        }
        if (rendered.projectStack().path("Parameters").has(Names.SDK_BUNDLE)) {
            parameters.put(Names.SDK_BUNDLE, sdk.get().digest());
        }
        if (rendered.projectStack().path("Parameters").has(Names.SDK_IMAGE)) {
            parameters.put(Names.SDK_IMAGE, RenderedStack.SDK_IMAGE);
        }
        return new RenderedStack(rendered.projectStackJson(), parameters, uploads);
    }
}
