package dev.mlops.aws.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import dev.mlops.aws.fakes.ActionContext;
import dev.mlops.aws.fakes.ActionOutcome;
import dev.mlops.aws.fixtures.AwsTestClients;
import dev.mlops.aws.fixtures.AwsWire;
import dev.mlops.aws.fixtures.ValidatingInterceptor;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.model.ImageNotFoundException;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;

/**
 * The image-building template's work on the simulated AWS: the SageMaker images the project stack makes
 * ({@code CreateImage}, which moto lacks, answered by stubs shaped like SageMaker's), and the image build that
 * CodeBuild runs from the seed's {@code buildspec.yml}: the build context's digest (the files of the repository's
 * branch, as the build spec computes it), the image pushed to moto's ECR tagged {@code ctx-<digest>} unless that tag
 * exists, {@code CreateImageVersion}, and the {@code SageMaker Image Version State Change} event that follows. The
 * Docker build itself is not run: the pushed manifest names the context, which is what the product reads.
 */
final class SimulatedImageBuilds implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final WireMockServer gaps;
    private final Consumer<JsonNode> events;
    private final ValidatingInterceptor validator = new ValidatingInterceptor();
    private final SageMakerClient sageMaker;
    private final EcrClient ecr;
    /** The files on each repository's tracked branch, as the commits left them. */
    private final Map<String, Map<String, byte[]>> trees = new ConcurrentHashMap<>();
    private final Map<String, List<String>> versions = new ConcurrentHashMap<>();

    SimulatedImageBuilds(URI moto, WireMockServer gaps, Consumer<JsonNode> events) {
        this.gaps = gaps;
        this.events = events;
        URI stubs = URI.create("http://127.0.0.1:" + gaps.port());
        this.sageMaker = AwsTestClients.configure(SageMakerClient.builder(), stubs, validator).build();
        this.ecr = AwsTestClients.configure(EcrClient.builder(), moto, validator).build();
    }

    /** A repository seeded with these files. */
    void seeded(String repository, Map<String, byte[]> files) {
        trees.put(repository, new TreeMap<>(files));
    }

    /** A {@code CreateCommit} request that succeeded: its files are now on the branch. */
    void committed(JsonNode request) {
        Map<String, byte[]> tree = trees.computeIfAbsent(request.path("repositoryName").asText(), k -> new TreeMap<>());
        synchronized (tree) {
            request.path("putFiles").forEach(f -> tree.put(f.path("filePath").asText(),
                    Base64.getDecoder().decode(f.path("fileContent").asText())));
            request.path("deleteFiles").forEach(f -> tree.remove(f.path("filePath").asText()));
        }
    }

    /** Makes the stack's SageMaker images, as CloudFormation would. */
    void playImages(StackTemplate t) {
        t.resources("AWS::SageMaker::Image").forEach((id, r) -> {
            JsonNode props = t.resolve(r.path("Properties"));
            String name = props.path("ImageName").asText();
            String arn = "arn:aws:sagemaker:" + StackTemplate.REGION + ":" + StackTemplate.ACCOUNT + ":image/" + name;
            gaps.stubFor(AwsWire.awsJson("sagemaker", "CreateImage")
                    .withRequestBody(WireMock.matchingJsonPath("$.ImageName", WireMock.equalTo(name)))
                    .willReturn(AwsWire.awsJsonResponse("sagemaker", "CreateImage", "{\"ImageArn\":\"" + arn + "\"}")));
            sageMaker.createImage(c -> c.imageName(name).roleArn(props.path("ImageRoleArn").asText())
                    .description(props.path("ImageDescription").asText()));
            versions.put(name, new ArrayList<>());
        });
    }

    /**
     * The build action: what the seed's build spec does in CodeBuild.
     *
     * @param t the project's stack
     * @param buildProject the build project's name
     * @param repository the repository the pipeline's source reads
     * @param ctx the action
     * @return the action's outcome
     */
    ActionOutcome build(StackTemplate t, String buildProject, String repository, ActionContext ctx) {
        Map<String, String> env = new LinkedHashMap<>();
        t.resources("AWS::CodeBuild::Project").forEach((id, r) -> {
            if (buildProject.equals(t.physicalName(id))) {
                t.resolve(r.path("Properties").path("Environment").path("EnvironmentVariables"))
                        .forEach(v -> env.put(v.path("Name").asText(), v.path("Value").asText()));
            }
        });
        Map<String, byte[]> tree = trees.getOrDefault(repository, Map.of());
        String digest;
        synchronized (tree) {
            if (!tree.containsKey("Dockerfile")) {
                return ActionOutcome.failed("docker build: failed to read dockerfile: open Dockerfile: no such file or directory");
            }
            digest = contextDigest(tree);
        }
        String repo = env.get("ECR_REPOSITORY_NAME");
        String uri = env.get("IMAGE_REPO_URI");
        String image = env.get("SAGEMAKER_IMAGE_NAME");
        String tag = "ctx-" + digest.substring(0, 32);
        try {
            ecr.describeImages(d -> d.repositoryName(repo).imageIds(i -> i.imageTag(tag)));
            return ActionOutcome.succeeded("Build context sha256:" + digest + " was built before").withLog(List.of(
                    "Build context sha256:" + digest + " was built before (" + uri + ":" + tag + "): no new image version"));
        } catch (ImageNotFoundException e) {
            // a new context: build, push, register
        }
        ObjectNode manifest = JSON.createObjectNode().put("schemaVersion", 2)
                .put("mediaType", "application/vnd.docker.distribution.manifest.v2+json");
        manifest.putObject("config").put("mediaType", "application/vnd.docker.container.image.v1+json").put("size", 0)
                .put("digest", "sha256:" + digest);
        manifest.putArray("layers");
        ecr.putImage(p -> p.repositoryName(repo).imageTag(tag).imageManifest(manifest.toString()));
        List<String> made = versions.computeIfAbsent(image, k -> new ArrayList<>());
        String versionArn;
        int version;
        synchronized (made) {
            version = made.size() + 1;
            versionArn = "arn:aws:sagemaker:" + StackTemplate.REGION + ":" + StackTemplate.ACCOUNT + ":image-version/" + image
                    + "/" + version;
            gaps.stubFor(AwsWire.awsJson("sagemaker", "CreateImageVersion")
                    .withRequestBody(WireMock.matchingJsonPath("$.ClientToken", WireMock.equalTo(tag)))
                    .willReturn(AwsWire.awsJsonResponse("sagemaker", "CreateImageVersion",
                            "{\"ImageVersionArn\":\"" + versionArn + "\"}")));
            sageMaker.createImageVersion(c -> c.imageName(image).baseImage(uri + ":" + tag).clientToken(tag));
            made.add(versionArn);
        }
        ObjectNode event = JSON.createObjectNode().put("source", "aws.sagemaker")
                .put("detail-type", "SageMaker Image Version State Change");
        event.putArray("resources").add(versionArn);
        event.putObject("detail").put("ImageArn", "arn:aws:sagemaker:" + StackTemplate.REGION + ":" + StackTemplate.ACCOUNT
                + ":image/" + image).put("ImageVersionArn", versionArn).put("ImageVersionStatus", "CREATED")
                .put("Version", version);
        // SageMaker emits the event after the call returns; delivering it starts a pipeline of the fake that runs this
        // action, so it goes out from another thread, as EventBridge's delivery would.
        Thread delivery = new Thread(() -> events.accept(event), "simulated-eventbridge-" + version);
        delivery.setDaemon(true);
        delivery.start();
        return ActionOutcome.succeeded("Pushed " + uri + ":" + tag + " as image version " + version).withLog(List.of(
                "docker build --tag " + uri + ":" + tag + " .", "docker push " + uri + ":" + tag,
                "aws sagemaker create-image-version --image-name " + image + ": " + versionArn));
    }

    /** @return the image versions made, by image name */
    Map<String, List<String>> versions() {
        Map<String, List<String>> out = new TreeMap<>();
        versions.forEach((k, v) -> out.put(k, List.copyOf(v)));
        return out;
    }

    /** @return the validator of the simulation's own SageMaker image and ECR requests */
    ValidatingInterceptor validator() {
        return validator;
    }

    /** The build spec's digest: sha256 over "<sha256>  ./<path>" lines, sorted by the paths' bytes. */
    static String contextDigest(Map<String, byte[]> files) {
        try {
            List<String> paths = new ArrayList<>(files.keySet());
            paths.sort((a, b) -> Arrays.compareUnsigned(("./" + a).getBytes(StandardCharsets.UTF_8),
                    ("./" + b).getBytes(StandardCharsets.UTF_8)));
            MessageDigest all = MessageDigest.getInstance("SHA-256");
            for (String p : paths) {
                String line = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(files.get(p))) + "  ./" + p + "\n";
                all.update(line.getBytes(StandardCharsets.UTF_8));
            }
            return HexFormat.of().formatHex(all.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        sageMaker.close();
        ecr.close();
    }
}
