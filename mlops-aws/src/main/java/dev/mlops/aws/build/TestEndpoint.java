package dev.mlops.aws.build;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.exception.MlopsBackendException;
import dev.mlops.exception.MlopsClientException;
import dev.mlops.internal.RepositoryCode;
import dev.mlops.pipeline.EndpointTest;
import dev.mlops.internal.EndpointTestContexts;
import dev.mlops.internal.EndpointTestRun;
import dev.mlops.pipeline.EndpointTestContext;
import java.io.PrintStream;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.sagemaker.model.EndpointStatus;

/**
 * The staging test's main, as the original's {@code test/test.py} but with real checks: reads the exported
 * configuration of the environment under test, requires its endpoint {@code <project>-<StageName>} to be
 * {@code InService}, compiles the deploy repository's {@code test/} sources and runs every
 * {@link EndpointTest} among them against the endpoint through SageMaker Runtime, writes {@code test-results.json}
 * and exits non-zero when a test fails.
 */
public final class TestEndpoint {
    static final String USAGE = String.join("\n",
            "usage: java -cp 'sdk/*' dev.mlops.aws.build.TestEndpoint [options]",
            "  --repository DIR             the checked-out model-deploy repository (default: .)",
            "  --import-build-config FILE   the environment's exported configuration",
            "                               (default: $CODEBUILD_SRC_DIR_BuildArtifact/$BUILD_CONFIG)",
            "  --export-test-results FILE   where to write the results (default: $EXPORT_TEST_RESULTS)",
            "  --region REGION              (default: $AWS_REGION)");
    static final Set<String> OPTIONS = Set.of("repository", "import-build-config", "export-test-results",
            "region");
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private TestEndpoint() {
    }

    /**
     * Runs the endpoint tests.
     *
     * @param args the options, see the usage
     */
    public static void main(String[] args) {
        System.exit(BuildMain.exitCode("TestEndpoint", USAGE, System.err, () -> {
            BuildArgs a = BuildArgs.parse(args, OPTIONS, System.getenv());
            try (BuildClients clients = BuildClients.forRegion(a.required("region", "AWS_REGION"))) {
                return run(a, clients, System.out);
            }
        }));
    }

    static int run(BuildArgs a, BuildClients clients, PrintStream log) throws Exception {
        Path repository = Path.of(a.optional("repository", null).orElse(".")).toAbsolutePath().normalize();
        Path config = Path.of(a.optional("import-build-config", null).orElseGet(() -> {
            String dir = a.required("import-build-config", "CODEBUILD_SRC_DIR_BuildArtifact");
            return Path.of(dir, a.required("import-build-config", "BUILD_CONFIG")).toString();
        }));
        Path results = repository.resolve(a.required("export-test-results", "EXPORT_TEST_RESULTS"));
        String region = a.required("region", "AWS_REGION");
        if (!Files.isRegularFile(config)) {
            throw new MlopsClientException("No exported configuration at " + config + "; the deploy build writes it",
                    null, Map.of("file", config.toString()));
        }
        JsonNode parameters = JSON.readTree(config.toFile()).path("Parameters");
        String project = parameters.path("SageMakerProjectName").asText("");
        String stage = parameters.path("StageName").asText("");
        if (project.isEmpty() || stage.isEmpty()) {
            throw new MlopsClientException(config + " has no Parameters.SageMakerProjectName and Parameters.StageName",
                    null, Map.of("file", config.toString()));
        }
        Map<String, String> params = new LinkedHashMap<>();
        parameters.fields().forEachRemaining(e -> params.put(e.getKey(), e.getValue().asText()));
        String endpoint = project + "-" + stage;

        ObjectNode report = JSON.createObjectNode().put("endpoint_name", endpoint);
        ArrayNode tests = report.putArray("tests");
        boolean success = false;
        try {
            EndpointStatus status = clients.sageMaker().describeEndpoint(r -> r.endpointName(endpoint)).endpointStatus();
            if (status != EndpointStatus.IN_SERVICE) {
                throw new MlopsBackendException("Endpoint " + endpoint + " is " + status + ", not InService", null);
            }
            log.println("endpoint " + endpoint + " is InService");
            success = runTests(repository, endpoint, region, params, clients, tests, log);
        } catch (RuntimeException e) {
            report.put("error", e.getMessage());
            throw e;
        } finally {
            report.put("success", success);
            Files.writeString(results, JSON.writeValueAsString(report) + "\n", StandardCharsets.UTF_8);
        }
        return success ? 0 : BuildMain.FAILED;
    }

    private static boolean runTests(Path repository, String endpoint, String region, Map<String, String> params,
            BuildClients clients, ArrayNode tests, PrintStream log) throws Exception {
        List<Path> sources = RepositoryCode.sources(repository, RepositoryCode.TESTS_DIR);
        if (sources.isEmpty()) {
            log.println("no Java sources under test/: no endpoint tests to run");
            return true;
        }
        Path classes = Files.createTempDirectory("mlops-endpoint-tests");
        RepositoryCode.compile(repository, RepositoryCode.TESTS_DIR, sources, RepositoryCode.apiClasspath(), classes, log);
        URI url = URI.create("https://runtime.sagemaker." + region + ".amazonaws.com/endpoints/" + endpoint);
        EndpointTestContext context = context(repository, endpoint, url, Map.copyOf(params), clients, log);
        boolean allPassed = true;
        try (AutoCloseable scratch = () -> BuildMain.deleteTree(classes);
                URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()},
                        TestEndpoint.class.getClassLoader())) {
            for (EndpointTestRun.Outcome o : EndpointTestRun.run(loader,
                    RepositoryCode.classNames(repository, RepositoryCode.TESTS_DIR), context, false)) {
                ObjectNode t = tests.addObject().put("name", o.name()).put("success", o.passed());
                if (!o.passed()) {
                    t.put("error", String.valueOf(o.failure()));
                    allPassed = false;
                }
                t.put("seconds", o.seconds());
            }
        }
        return allPassed;
    }

    private static EndpointTestContext context(Path repository, String endpoint, URI url, Map<String, String> config,
            BuildClients clients, PrintStream log) {
        return EndpointTestContexts.of(endpoint, url, (contentType, accept, body) -> clients.runtime()
                .invokeEndpoint(q -> q.endpointName(endpoint).contentType(contentType).accept(accept)
                        .body(SdkBytes.fromString(body, StandardCharsets.UTF_8)))
                .body().asUtf8String(), repository, config, log);
    }
}
