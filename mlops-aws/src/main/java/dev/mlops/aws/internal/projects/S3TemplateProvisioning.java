package dev.mlops.aws.internal.projects;

import dev.mlops.aws.cfn.internal.Names;
import dev.mlops.aws.internal.AwsClients;
import dev.mlops.template.Template;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.services.sagemaker.model.CfnStackCreateParameter;
import software.amazon.awssdk.services.sagemaker.model.CfnStackUpdateParameter;
import software.amazon.awssdk.services.sagemaker.model.CfnTemplateProviderDetail;
import software.amazon.awssdk.services.sagemaker.model.CreateProjectRequest;
import software.amazon.awssdk.services.sagemaker.model.DescribeProjectResponse;
import software.amazon.awssdk.services.sagemaker.model.TemplateProviderDetail;
import software.amazon.awssdk.services.sagemaker.model.UpdateProjectRequest;

/**
 * Provisioning from a CloudFormation template in S3 (SageMaker's {@code CfnTemplateProvider}, since October 2025):
 * the rendered stack, its seed archives and the SDK bundle its builds run are uploaded into the template bucket, the
 * SDK image its model build and monitors run is put into the account's ECR (when the stack runs it), and
 * {@code CreateProject} names the
 * template's HTTPS URL and the launch role that CloudFormation runs the stack as.
 */
final class S3TemplateProvisioning implements Provisioning {
    private final StackRenderer renderer;
    private final TemplateBucket bucket;
    private final AwsClients clients;
    private final ProjectRoles roles;
    private final SdkBundleUpload sdk;
    private final Supplier<String> sdkImage;

    /**
     * @param sdkImage the SDK image's ECR URI, pushed on first use; asked for only by stacks that run it
     */
    S3TemplateProvisioning(StackRenderer renderer, TemplateBucket bucket, AwsClients clients, ProjectRoles roles,
            Supplier<String> sdkImage) {
        this.renderer = renderer;
        this.sdkImage = sdkImage;
        this.sdk = renderer instanceof CfnStackRenderer c ? new SdkBundleUpload(bucket, c.sdkBundle()) : null;
        this.bucket = bucket;
        this.clients = clients;
        this.roles = roles;
    }

    /**
     * The provider's template name: the template id as SageMaker allows it (1 to 32 letters, digits and hyphens).
     */
    static String templateName(Template template) {
        String n = template.id().replaceAll("[^A-Za-z0-9-]", "-").replaceAll("^-+", "");
        if (n.length() > 32) {
            n = n.substring(0, 32);
        }
        n = n.replaceAll("-+$", "");
        return n.isEmpty() ? "mlops-project" : n;
    }

    @Override
    public Plan plan(Template template, String projectName) {
        RenderedStack stack = renderer.render(template, projectName);
        String digest = stack.digest();
        return new Plan() {
            @Override
            public String digest() {
                return digest;
            }

            private String image;

            private String upload() {
                if (stack.parameters().containsKey(Names.SDK_IMAGE)) {
                    image = sdkImage.get();   // before the stack too: the first model build runs it
                }
                bucket.ensure();
                stack.uploads().forEach(bucket::putIfAbsent);
                if (sdk != null && stack.parameters().containsKey(Names.SDK_BUNDLE)) {
                    sdk.ensure();   // before the stack: its first build starts as soon as the pipeline exists
                }
                String key = ProjectKeys.stack(projectName, digest);
                bucket.putIfAbsent(key, stack.body().getBytes(StandardCharsets.UTF_8));
                return bucket.httpsUrl(key);
            }

            private Map<String, String> parameters() {
                Map<String, String> p = new java.util.LinkedHashMap<>();
                stack.parameters().forEach((k, v) -> p.put(k, RenderedStack.TEMPLATE_BUCKET.equals(v) ? bucket.name()
                        : RenderedStack.SDK_IMAGE.equals(v) ? image : v));
                return p;
            }

            @Override
            public void applyTo(CreateProjectRequest.Builder request) {
                String url = upload();
                List<CfnStackCreateParameter> params = new ArrayList<>();
                parameters().forEach((k, v) -> params.add(CfnStackCreateParameter.builder().key(k).value(v).build()));
                String role = roles.arn(ProjectRoles.LAUNCH, clients.partition(), clients.accountId());
                request.templateProviders(p -> p.cfnTemplateProvider(c -> c.templateName(templateName(template))
                        .templateURL(url).roleARN(role).parameters(params)));
            }

            @Override
            public void applyTo(UpdateProjectRequest.Builder request, DescribeProjectResponse current) {
                String url = upload();
                List<CfnStackUpdateParameter> params = new ArrayList<>();
                parameters().forEach((k, v) -> params.add(CfnStackUpdateParameter.builder().key(k).value(v).build()));
                String name = detail(current).map(CfnTemplateProviderDetail::templateName).orElse(templateName(template));
                request.templateProvidersToUpdate(p -> p.cfnTemplateProvider(c -> c.templateName(name).templateURL(url)
                        .parameters(params)));
            }
        };
    }

    private static Optional<CfnTemplateProviderDetail> detail(DescribeProjectResponse d) {
        if (!d.hasTemplateProviderDetails()) {
            return Optional.empty();
        }
        return d.templateProviderDetails().stream().map(TemplateProviderDetail::cfnTemplateProviderDetail)
                .filter(java.util.Objects::nonNull).findFirst();
    }

    @Override
    public boolean provisioned(DescribeProjectResponse project) {
        return detail(project).isPresent();
    }

    @Override
    public Optional<String> stack(DescribeProjectResponse project) {
        return detail(project).map(CfnTemplateProviderDetail::stackDetail)
                .map(s -> s.id() != null ? s.id() : s.name());
    }
}
