package dev.mlops.aws.projects;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import dev.mlops.aws.fixtures.AwsTestClients;
import dev.mlops.aws.fixtures.ModelValidator;
import dev.mlops.aws.fixtures.Violation;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.Parameter;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A stateful stand-in for SageMaker's project operations (moto has none) and the Service Catalog reads they need, on
 * WireMock: projects are kept in memory, each project's stack is a real stack in moto's CloudFormation made from the
 * template SageMaker would fetch (from moto's S3), so stack events, updates and deletions are moto's. Every answer is
 * validated against the operation's botocore output shape; a violation answers 400 {@code FakeViolation}.
 *
 * <p>Scripted mode ({@link #scripted}) makes no moto stack: the project ends in the given status and its stack is
 * {@link #SCRIPTED_STACK_ID}, for stack events stubbed elsewhere.
 */
public final class FakeSageMakerProjects implements ResponseDefinitionTransformerV2, AutoCloseable {
    static final String ACCOUNT = AwsTestClients.MOTO_ACCOUNT_ID;
    static final String SCRIPTED_STACK_NAME = "mlops-fake-scripted";
    static final String SCRIPTED_STACK_ID = "arn:aws:cloudformation:us-east-1:" + ACCOUNT + ":stack/" + SCRIPTED_STACK_NAME
            + "/0b9a7c10-0000-4000-8000-000000000001";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A Service Catalog product the fake offers. */
    record Product(String name, String productId, String olderArtifactId, String artifactId, String pathId, String body) {
    }

    /** A project as the fake keeps it. */
    static final class P {
        String name;
        String id;
        String arn;
        String description;
        String status;
        Instant created;
        Instant modified;
        final Map<String, String> tags = new LinkedHashMap<>();
        String templateName;
        String templateUrl;
        String roleArn;
        Map<String, String> parameters = new LinkedHashMap<>();
        String stackName;
        String stackId;
        String productId;
        String artifactId;
        String pathId;
        String provisionedProductId;
        String recordId;
        int pollsLeft;
        JsonNode lastRequest;
    }

    private final WireMockServer server;
    private final S3Client s3;
    private final CloudFormationClient cfn;
    private final Map<String, P> projects = Collections.synchronizedMap(new TreeMap<>());
    private final Map<String, Product> products = new LinkedHashMap<>();
    private final List<String> violations = Collections.synchronizedList(new ArrayList<>());
    final AtomicInteger createCalls = new AtomicInteger();
    volatile int inProgressPolls = 1;
    volatile String scriptedFinal;
    volatile int failAfterCreate;
    volatile String portfolioStatus = "Enabled";
    private volatile java.util.function.BiFunction<String, String, String> stackBodies = (project, body) -> body;

    /**
     * Sets what moto's stack of a project is made from, given the project's name and the template SageMaker fetched:
     * by default the template itself. A simulation gives moto the resource types moto makes and plays the others.
     *
     * @param filter (project name, template body) to the body for moto
     */
    public void stackBodies(java.util.function.BiFunction<String, String, String> filter) {
        this.stackBodies = filter;
    }

    public FakeSageMakerProjects(URI moto) {
        this.s3 = AwsTestClients.configure(S3Client.builder(), moto, null).build();
        this.cfn = AwsTestClients.configure(CloudFormationClient.builder(), moto, null).build();
        this.server = new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1")
                .extensions(this));
        server.start();
        server.stubFor(WireMock.any(WireMock.anyUrl()).willReturn(WireMock.ok()));
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.port());
    }

    void addProduct(Product p) {
        products.put(p.productId(), p);
    }

    /** Projects end in {@code finalStatus} after the in-progress polls, with the scripted stack. */
    void scripted(String finalStatus) {
        this.scriptedFinal = finalStatus;
    }

    P project(String name) {
        return projects.get(name);
    }

    List<String> violations() {
        return List.copyOf(violations);
    }

    @Override
    public String getName() {
        return "fake-sagemaker-projects";
    }

    @Override
    public ResponseDefinition transform(ServeEvent event) {
        String target = String.valueOf(event.getRequest().getHeader("X-Amz-Target"));
        int dot = target.indexOf('.');
        String prefix = dot < 0 ? target : target.substring(0, dot);
        String op = target.substring(dot + 1);
        String service = prefix.equals("SageMaker") ? "sagemaker" : "servicecatalog";
        try {
            JsonNode in = JSON.readTree(event.getRequest().getBodyAsString().isEmpty() ? "{}"
                    : event.getRequest().getBodyAsString());
            ObjectNode out = service.equals("sagemaker") ? sageMaker(op, in) : serviceCatalog(op, in);
            String body = JSON.writeValueAsString(out);
            List<Violation> v = ModelValidator.of(service).validateOutput(op, body);
            if (!v.isEmpty()) {
                violations.add(op + ": " + v);
                return error(service, 400, "FakeViolation", op + " answer breaks its output shape: " + v);
            }
            return new ResponseDefinitionBuilder().withStatus(200).withHeader("Content-Type", "application/x-amz-json-1.1")
                    .withHeader("x-amzn-RequestId", UUID.randomUUID().toString()).withBody(body).build();
        } catch (Answer a) {
            return error(service, a.status, a.type, a.getMessage());
        } catch (Exception e) {
            violations.add(op + ": " + e);
            return error(service, 500, "InternalFailure", String.valueOf(e));
        }
    }

    private static ResponseDefinition error(String service, int status, String type, String message) {
        ObjectNode n = JSON.createObjectNode().put("__type", type).put("message", message);
        return new ResponseDefinitionBuilder().withStatus(status).withHeader("Content-Type", "application/x-amz-json-1.1")
                .withBody(n.toString()).build();
    }

    /** An error answer. */
    private static final class Answer extends RuntimeException {
        final int status;
        final String type;

        Answer(int status, String type, String message) {
            super(message);
            this.status = status;
            this.type = type;
        }
    }

    // ------------------------------------------------------------------ SageMaker

    private ObjectNode sageMaker(String op, JsonNode in) {
        return switch (op) {
            case "CreateProject" -> create(in);
            case "DescribeProject" -> describe(live(in.path("ProjectName").asText()));
            case "ListProjects" -> list(in);
            case "ListTags" -> listTags(in);
            case "UpdateProject" -> update(in);
            case "DeleteProject" -> delete(in);
            case "GetSagemakerServicecatalogPortfolioStatus" -> JSON.createObjectNode().put("Status", portfolioStatus);
            default -> throw new Answer(400, "UnknownOperationException", "the fake has no " + op);
        };
    }

    private P live(String name) {
        P p = projects.get(name);
        if (p == null) {
            throw new Answer(400, "ValidationException", "Project " + name + " does not exist.");
        }
        return p;
    }

    private ObjectNode create(JsonNode in) {
        createCalls.incrementAndGet();
        String name = in.path("ProjectName").asText();
        synchronized (projects) {
            if (projects.containsKey(name)) {
                throw new Answer(400, "ValidationException", "Project with name " + name + " already exists.");
            }
            P p = new P();
            p.name = name;
            p.id = "p-" + random(12);
            p.arn = "arn:aws:sagemaker:us-east-1:" + ACCOUNT + ":project/" + name;
            p.description = in.path("ProjectDescription").asText(null);
            p.created = Instant.now();
            p.modified = p.created;
            p.status = "CreateInProgress";
            p.pollsLeft = inProgressPolls;
            p.lastRequest = in;
            in.path("Tags").forEach(t -> p.tags.put(t.path("Key").asText(), t.path("Value").asText()));
            JsonNode cfnProvider = in.path("TemplateProviders").path(0).path("CfnTemplateProvider");
            String body;
            if (!cfnProvider.isMissingNode()) {
                p.templateName = cfnProvider.path("TemplateName").asText();
                p.templateUrl = cfnProvider.path("TemplateURL").asText();
                p.roleArn = cfnProvider.path("RoleARN").asText(null);
                cfnProvider.path("Parameters").forEach(x -> p.parameters.put(x.path("Key").asText(), x.path("Value").asText()));
                body = scriptedFinal == null ? fetch(p.templateUrl) : null;
            } else {
                JsonNode sc = in.path("ServiceCatalogProvisioningDetails");
                Product product = products.get(sc.path("ProductId").asText());
                if (product == null || !product.artifactId().equals(sc.path("ProvisioningArtifactId").asText())
                        || !product.pathId().equals(sc.path("PathId").asText())) {
                    throw new Answer(400, "ValidationException", "No such product, version or launch path: " + sc);
                }
                p.productId = product.productId();
                p.artifactId = product.artifactId();
                p.pathId = product.pathId();
                p.provisionedProductId = "pp-" + random(13);
                p.recordId = "rec-" + random(13);
                sc.path("ProvisioningParameters").forEach(x -> p.parameters.put(x.path("Key").asText(), x.path("Value").asText()));
                body = product.body();
            }
            if (scriptedFinal != null) {
                p.stackName = SCRIPTED_STACK_NAME;
                p.stackId = SCRIPTED_STACK_ID;
            } else {
                p.stackName = "mlops-fake-" + p.id;
                String forMoto = stackBodies.apply(name, body);
                p.stackId = cfn.createStack(r -> r.stackName(p.stackName).templateBody(forMoto).parameters(stackParameters(p)))
                        .stackId();
            }
            projects.put(name, p);
            if (failAfterCreate > 0) {
                failAfterCreate--;
                throw new Answer(500, "InternalFailure", "The answer was lost after the project was made");
            }
            return JSON.createObjectNode().put("ProjectArn", p.arn).put("ProjectId", p.id);
        }
    }

    private List<Parameter> stackParameters(P p) {
        List<Parameter> out = new ArrayList<>();
        out.add(Parameter.builder().parameterKey("SageMakerProjectName").parameterValue(p.name).build());
        out.add(Parameter.builder().parameterKey("SageMakerProjectId").parameterValue(p.id).build());
        p.parameters.forEach((k, v) -> out.add(Parameter.builder().parameterKey(k).parameterValue(v).build()));
        return out;
    }

    /** What SageMaker does with a TemplateURL: reads the object, here from moto's S3. */
    private String fetch(String url) {
        URI u = URI.create(url);
        if (!"https".equals(u.getScheme()) || !u.getHost().contains(".s3.")) {
            throw new Answer(400, "ValidationException", "TemplateURL is not an https S3 URL: " + url);
        }
        String bucket = u.getHost().substring(0, u.getHost().indexOf(".s3."));
        String key = u.getPath().substring(1);
        return s3.getObjectAsBytes(r -> r.bucket(bucket).key(key)).asUtf8String();
    }

    private String stackStatus(P p) {
        return cfn.describeStacks(r -> r.stackName(p.stackId)).stacks().get(0).stackStatusAsString();
    }

    private ObjectNode describe(P p) {
        synchronized (projects) {
            if (p.status.endsWith("InProgress")) {
                if (p.pollsLeft > 0) {
                    p.pollsLeft--;
                } else if (p.status.equals("DeleteInProgress")) {
                    projects.remove(p.name);
                    throw new Answer(400, "ValidationException", "Project " + p.name + " does not exist.");
                } else if (scriptedFinal != null) {
                    p.status = scriptedFinal;
                } else {
                    String s = stackStatus(p);
                    boolean ok = s.equals("CREATE_COMPLETE") || s.equals("UPDATE_COMPLETE");
                    p.status = p.status.equals("CreateInProgress") ? (ok ? "CreateCompleted" : "CreateFailed")
                            : (ok ? "UpdateCompleted" : "UpdateFailed");
                    p.modified = Instant.now();
                }
            }
            ObjectNode n = JSON.createObjectNode();
            n.put("ProjectArn", p.arn).put("ProjectName", p.name).put("ProjectId", p.id).put("ProjectStatus", p.status)
                    .put("CreationTime", p.created.toEpochMilli() / 1000.0)
                    .put("LastModifiedTime", p.modified.toEpochMilli() / 1000.0);
            if (p.description != null) {
                n.put("ProjectDescription", p.description);
            }
            if (p.productId == null) {
                ObjectNode c = n.putArray("TemplateProviderDetails").addObject().putObject("CfnTemplateProviderDetail");
                c.put("TemplateName", p.templateName).put("TemplateURL", p.templateUrl);
                if (p.roleArn != null) {
                    c.put("RoleARN", p.roleArn);
                }
                ArrayNode params = c.putArray("Parameters");
                p.parameters.forEach((k, v) -> params.addObject().put("Key", k).put("Value", v));
                c.putObject("StackDetail").put("Name", p.stackName).put("Id", p.stackId)
                        .put("StatusMessage", p.status.endsWith("Failed") ? "Stack rolled back" : "ok");
            } else {
                n.putObject("ServiceCatalogProvisioningDetails").put("ProductId", p.productId)
                        .put("ProvisioningArtifactId", p.artifactId).put("PathId", p.pathId);
                n.putObject("ServiceCatalogProvisionedProductDetails").put("ProvisionedProductId", p.provisionedProductId)
                        .put("ProvisionedProductStatusMessage", p.status);
            }
            return n;
        }
    }

    private ObjectNode list(JsonNode in) {
        int max = in.path("MaxResults").asInt(10);
        int from = in.path("NextToken").isMissingNode() ? 0 : Integer.parseInt(in.path("NextToken").asText().substring(4));
        List<P> all;
        synchronized (projects) {
            all = new ArrayList<>(projects.values());   // a TreeMap: by name
        }
        ObjectNode out = JSON.createObjectNode();
        ArrayNode items = out.putArray("ProjectSummaryList");
        for (int i = from; i < Math.min(all.size(), from + max); i++) {
            P p = all.get(i);
            items.addObject().put("ProjectName", p.name).put("ProjectArn", p.arn).put("ProjectId", p.id)
                    .put("CreationTime", p.created.toEpochMilli() / 1000.0).put("ProjectStatus", p.status);
        }
        if (from + max < all.size()) {
            out.put("NextToken", "page" + (from + max));
        }
        return out;
    }

    private ObjectNode listTags(JsonNode in) {
        String arn = in.path("ResourceArn").asText();
        P p = projects.values().stream().filter(x -> x.arn.equals(arn)).findFirst()
                .orElseThrow(() -> new Answer(400, "ValidationException", "Resource " + arn + " does not exist."));
        ObjectNode out = JSON.createObjectNode();
        ArrayNode tags = out.putArray("Tags");
        p.tags.forEach((k, v) -> tags.addObject().put("Key", k).put("Value", v));
        return out;
    }

    private ObjectNode update(JsonNode in) {
        P p = live(in.path("ProjectName").asText());
        synchronized (projects) {
            if (!p.status.endsWith("Completed")) {
                throw new Answer(400, "ValidationException", "Project " + p.name + " is " + p.status);
            }
            p.lastRequest = in;
            JsonNode c = in.path("TemplateProvidersToUpdate").path(0).path("CfnTemplateProvider");
            p.templateUrl = c.path("TemplateURL").asText();
            p.parameters.clear();
            c.path("Parameters").forEach(x -> p.parameters.put(x.path("Key").asText(), x.path("Value").asText()));
            String body = stackBodies.apply(p.name, fetch(p.templateUrl));
            cfn.updateStack(r -> r.stackName(p.stackId).templateBody(body).parameters(stackParameters(p)));
            p.status = "UpdateInProgress";
            p.pollsLeft = inProgressPolls;
            p.modified = Instant.now();
            return JSON.createObjectNode().put("ProjectArn", p.arn);
        }
    }

    private ObjectNode delete(JsonNode in) {
        P p = live(in.path("ProjectName").asText());
        synchronized (projects) {
            if (scriptedFinal == null) {
                cfn.deleteStack(r -> r.stackName(p.stackId));
            }
            p.status = "DeleteInProgress";
            p.pollsLeft = inProgressPolls;
            return JSON.createObjectNode();
        }
    }

    // ------------------------------------------------------------------ Service Catalog

    private ObjectNode serviceCatalog(String op, JsonNode in) {
        ObjectNode out = JSON.createObjectNode();
        switch (op) {
            case "SearchProducts" -> {
                String text = in.path("Filters").path("FullTextSearch").path(0).asText();
                ArrayNode items = out.putArray("ProductViewSummaries");
                products.values().stream().filter(p -> p.name().contains(text)).forEach(p -> items.addObject()
                        .put("Id", "prodview-" + p.productId().substring(5)).put("ProductId", p.productId())
                        .put("Name", p.name()).put("Owner", "Amazon SageMaker").put("Type", "CLOUD_FORMATION_TEMPLATE"));
            }
            case "ListProvisioningArtifacts" -> {
                Product p = products.get(in.path("ProductId").asText());
                if (p == null) {
                    throw new Answer(400, "ResourceNotFoundException", "No product " + in.path("ProductId").asText());
                }
                ArrayNode items = out.putArray("ProvisioningArtifactDetails");
                items.addObject().put("Id", p.olderArtifactId()).put("Name", "v1").put("Active", true)
                        .put("CreatedTime", 1_600_000_000).put("Guidance", "DEFAULT");
                items.addObject().put("Id", p.artifactId()).put("Name", "v2").put("Active", true)
                        .put("CreatedTime", 1_700_000_000).put("Guidance", "DEFAULT");
            }
            case "ListLaunchPaths" -> {
                Product p = products.get(in.path("ProductId").asText());
                out.putArray("LaunchPathSummaries").addObject().put("Id", p.pathId()).put("Name", "SageMaker portfolio");
            }
            case "DescribeProvisionedProduct" -> {
                P p = projects.values().stream().filter(x -> in.path("Id").asText().equals(x.provisionedProductId))
                        .findFirst().orElseThrow(() -> new Answer(400, "ResourceNotFoundException", "no such product"));
                out.putObject("ProvisionedProductDetail").put("Id", p.provisionedProductId).put("LastRecordId", p.recordId)
                        .put("Status", "AVAILABLE");
            }
            case "DescribeRecord" -> {
                P p = projects.values().stream().filter(x -> in.path("Id").asText().equals(x.recordId))
                        .findFirst().orElseThrow(() -> new Answer(400, "ResourceNotFoundException", "no such record"));
                out.putObject("RecordDetail").put("RecordId", p.recordId).put("Status", "SUCCEEDED");
                out.putArray("RecordOutputs").addObject().put("OutputKey", "CloudformationStackARN")
                        .put("OutputValue", p.stackId);
            }
            default -> throw new Answer(400, "UnknownOperationException", "the fake has no " + op);
        }
        return out;
    }

    private static String random(int n) {
        String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            sb.append(alphabet.charAt(ThreadLocalRandom.current().nextInt(alphabet.length())));
        }
        return sb.toString();
    }

    @Override
    public void close() {
        server.stop();
        s3.close();
        cfn.close();
    }
}
