package dev.mlops.aws.internal.projects;

import dev.mlops.aws.AwsService;
import dev.mlops.aws.internal.AwsCalls;
import dev.mlops.exception.NotFoundException;
import dev.mlops.template.Template;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import software.amazon.awssdk.services.sagemaker.model.CreateProjectRequest;
import software.amazon.awssdk.services.sagemaker.model.DescribeProjectResponse;
import software.amazon.awssdk.services.sagemaker.model.ProvisioningParameter;
import software.amazon.awssdk.services.sagemaker.model.UpdateProjectRequest;
import software.amazon.awssdk.services.servicecatalog.model.ProductViewFilterBy;
import software.amazon.awssdk.services.servicecatalog.model.ProductViewSummary;
import software.amazon.awssdk.services.servicecatalog.model.ProvisioningArtifactDetail;
import software.amazon.awssdk.services.servicecatalog.model.RecordOutput;

/**
 * Provisioning from a Service Catalog product, as Studio does for the SageMaker-provided templates: the product is
 * found by name among the products the caller may launch ({@code SearchProducts}), with its newest active version
 * ({@code ListProvisioningArtifacts}) and its launch path ({@code ListLaunchPaths}); {@code CreateProject} names them
 * in {@code ServiceCatalogProvisioningDetails}, with the template's parameter values as provisioning parameters.
 */
final class ServiceCatalogProvisioning implements Provisioning {
    /** The record output that names the provisioned stack. [INFERRED from Service Catalog's CloudFormation products] */
    static final String STACK_OUTPUT = "CloudformationStackARN";

    private final AwsCalls calls;
    private final Map<String, String> products;

    /**
     * @param calls the backend's calls
     * @param products product names by template id
     */
    ServiceCatalogProvisioning(AwsCalls calls, Map<String, String> products) {
        this.calls = calls;
        this.products = Map.copyOf(products);
    }

    /** Whether a template has a product. */
    boolean covers(Template template) {
        return products.containsKey(template.id());
    }

    /** The product found for a template: its ids. */
    record Product(String name, String productId, String artifactId, String pathId) {
    }

    Product product(Template template) {
        String name = products.get(template.id());
        if (name == null) {
            throw new NotFoundException("Service Catalog product", template.id(), "no product is named for template "
                    + template.id() + "; name one with AwsBackend.builder().serviceCatalogProduct(templateId, productName)");
        }
        Map<String, String> ctx = Map.of("product", name, "template", template.id());
        List<ProductViewSummary> found = calls.call(AwsService.SERVICE_CATALOG, "search Service Catalog for product " + name,
                ctx, () -> calls.clients().serviceCatalog().searchProducts(r -> r.filters(
                        Map.of(ProductViewFilterBy.FULL_TEXT_SEARCH, List.of(name))).pageSize(20)).productViewSummaries());
        ProductViewSummary product = found.stream().filter(p -> name.equals(p.name())).findFirst()
                .orElseThrow(() -> new NotFoundException("Service Catalog product", name, "the caller can launch no product"
                        + " of that name; enable the SageMaker project templates (SageMaker console > Domains > the domain"
                        + " > App configurations > Projects, or `aws sagemaker enable-sagemaker-servicecatalog-portfolio`),"
                        + " and give the caller's role access to the portfolio"));
        String productId = product.productId();
        List<ProvisioningArtifactDetail> artifacts = calls.call(AwsService.SERVICE_CATALOG, "list the versions of product "
                + name, ctx, () -> calls.clients().serviceCatalog().listProvisioningArtifacts(r -> r.productId(productId))
                .provisioningArtifactDetails());
        ProvisioningArtifactDetail artifact = artifacts.stream()
                .filter(a -> !Boolean.FALSE.equals(a.active()))
                .filter(a -> !"DEPRECATED".equals(a.guidanceAsString()))
                .max(Comparator.comparing(a -> a.createdTime() == null ? java.time.Instant.EPOCH : a.createdTime()))
                .orElseThrow(() -> new NotFoundException("Service Catalog product version", name,
                        "the product has no active version"));
        String pathId = calls.call(AwsService.SERVICE_CATALOG, "list the launch paths of product " + name, ctx,
                () -> calls.clients().serviceCatalog().listLaunchPaths(r -> r.productId(productId)).launchPathSummaries())
                .stream().findFirst().map(p -> p.id()).orElseThrow(() -> new NotFoundException("Service Catalog launch path",
                        name, "the caller's roles reach the product through no portfolio; add the role to the portfolio's"
                                + " principals"));
        return new Product(name, productId, artifact.id(), pathId);
    }

    @Override
    public Plan plan(Template template, String projectName) {
        Product p = product(template);
        Map<String, String> params = new TreeMap<>(template.resolvedParameters());
        String digest = Digests.sha256("service-catalog\n" + p.productId() + "\n" + p.artifactId() + "\n" + p.pathId()
                + "\n" + params);
        List<ProvisioningParameter> parameters = params.entrySet().stream()
                .map(e -> ProvisioningParameter.builder().key(e.getKey()).value(e.getValue()).build()).toList();
        return new Plan() {
            @Override
            public String digest() {
                return digest;
            }

            @Override
            public void applyTo(CreateProjectRequest.Builder request) {
                request.serviceCatalogProvisioningDetails(d -> d.productId(p.productId())
                        .provisioningArtifactId(p.artifactId()).pathId(p.pathId()).provisioningParameters(parameters));
            }

            @Override
            public void applyTo(UpdateProjectRequest.Builder request, DescribeProjectResponse current) {
                request.serviceCatalogProvisioningUpdateDetails(d -> d.provisioningArtifactId(p.artifactId())
                        .provisioningParameters(parameters));
            }
        };
    }

    @Override
    public boolean provisioned(DescribeProjectResponse project) {
        return project.serviceCatalogProvisioningDetails() != null
                && project.serviceCatalogProvisioningDetails().productId() != null;
    }

    @Override
    public Optional<String> stack(DescribeProjectResponse project) {
        if (project.serviceCatalogProvisionedProductDetails() == null
                || project.serviceCatalogProvisionedProductDetails().provisionedProductId() == null) {
            return Optional.empty();
        }
        String pp = project.serviceCatalogProvisionedProductDetails().provisionedProductId();
        Map<String, String> ctx = Map.of("provisionedProduct", pp, "project", project.projectName());
        String record = calls.call(AwsService.SERVICE_CATALOG, "describe provisioned product " + pp, ctx,
                () -> calls.clients().serviceCatalog().describeProvisionedProduct(r -> r.id(pp)).provisionedProductDetail()
                        .lastRecordId());
        if (record == null) {
            return Optional.empty();
        }
        List<RecordOutput> outputs = calls.call(AwsService.SERVICE_CATALOG, "describe provisioning record " + record, ctx,
                () -> calls.clients().serviceCatalog().describeRecord(r -> r.id(record)).recordOutputs());
        return outputs.stream().filter(o -> STACK_OUTPUT.equals(o.outputKey())).map(RecordOutput::outputValue).findFirst();
    }
}
