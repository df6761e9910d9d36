package dev.mlops.aws.internal.monitors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.aws.cfn.MonitorMode;
import dev.mlops.aws.cfn.internal.CanonicalJson;
import dev.mlops.aws.cfn.internal.MonitorKind;
import dev.mlops.aws.cfn.internal.MonitorStackRenderer;
import dev.mlops.aws.cfn.internal.Names;
import dev.mlops.aws.cfn.internal.ScheduledProcessingRenderer;
import dev.mlops.exception.NotFoundException;
import dev.mlops.exception.ValidationException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sagemaker.model.DescribeEndpointConfigResponse;
import software.amazon.awssdk.services.sagemaker.model.DescribeEndpointResponse;
import software.amazon.awssdk.services.sagemaker.model.DescribeModelPackageResponse;
import software.amazon.awssdk.services.sagemaker.model.DescribeModelResponse;
import software.amazon.awssdk.services.sagemaker.model.SageMakerException;

/**
 * What the monitor build ({@code GetBaselinesAndConfigs}) does, the original's {@code get_baselines_and_configs.py}
 * in Java: for each environment of the build's variables ({@code STAGING_CONFIG=staging-monitoring-schedule-config.json},
 * …) it reads the seed configuration, finds the model package the environment's endpoint {@code <project>-<stage>}
 * serves (endpoint, endpoint configuration, model, model package; an environment without an endpoint yet takes
 * the first environment's), reads that version's baselines from its lineage ({@link MonitorBaselines}), and
 * writes the monitor stack's template ({@code EXPORT_TEMPLATE_NAME}) and the environment's configuration
 * ({@code EXPORT_TEMPLATE_<STAGE>_CONFIG}, {@code {"Parameters": {…}}}).
 */
public final class MonitorExport {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String EXPORT_PREFIX = "EXPORT_TEMPLATE_";

    private final SageMakerClient sageMaker;
    private final Map<String, String> env;
    private final Consumer<String> log;

    /**
     * Creates the export.
     *
     * @param sageMaker the client
     * @param env the build's environment variables
     * @param log where progress lines go (the build's log)
     */
    public MonitorExport(SageMakerClient sageMaker, Map<String, String> env, Consumer<String> log) {
        this.sageMaker = sageMaker;
        this.env = Map.copyOf(env);
        this.log = log;
    }

    /**
     * Writes the template and the configurations.
     *
     * @param source the checked-out model-monitor repository, holding the seed configurations
     * @param out where the exported files go (the build artifact's root)
     * @return the written files
     * @throws ValidationException for a missing variable, a bad configuration or a missing baseline, naming it
     * @throws NotFoundException when the first environment's endpoint does not exist yet
     */
    public List<Path> run(Path source, Path out) throws IOException {
        String project = required("SAGEMAKER_PROJECT_NAME");
        String projectId = required("SAGEMAKER_PROJECT_ID");
        String region = required("AWS_REGION");
        MonitorMode mode = MonitorMode.parse("MONITOR_MODE", env.getOrDefault("MONITOR_MODE", MonitorMode.MODEL_MONITOR_MANAGED.name()));
        MonitorImages images = MonitorImages.of(mode, region, env.getOrDefault("MONITOR_IMAGE_URI", ""));
        Map<String, String> configs = new TreeMap<>();
        env.forEach((k, v) -> {
            // STAGING_CONFIG=staging-monitoring-schedule-config.json; other *_CONFIG variables of the build are not ours
            if (k.endsWith("_CONFIG") && !k.startsWith(EXPORT_PREFIX) && v.endsWith(".json")) {
                configs.put(k.substring(0, k.length() - "_CONFIG".length()), v);
            }
        });
        if (configs.isEmpty()) {
            throw new ValidationException("<STAGE>_CONFIG", null, "at least one variable naming an environment's"
                    + " monitoring-schedule configuration, e.g. STAGING_CONFIG=staging-monitoring-schedule-config.json");
        }
        List<Path> written = new ArrayList<>();
        Path template = out.resolve(required("EXPORT_TEMPLATE_NAME"));
        Files.createDirectories(out);
        ObjectNode stackTemplate = MonitorStackRenderer.render(mode);
        Files.writeString(template, CanonicalJson.write(stackTemplate), StandardCharsets.UTF_8);
        written.add(template);
        MonitorBaselines first = null;
        String firstCapture = "";
        // staging first, as the original reads the staging endpoint: the order of the build's variables
        List<String> order = new ArrayList<>(configs.keySet());
        order.sort((a, b) -> a.equals("STAGING") ? -1 : b.equals("STAGING") ? 1 : a.compareTo(b));
        for (String stage : order) {
            String file = configs.get(stage);
            Map<String, String> config = readConfig(source.resolve(file), file);
            String stageName = config.getOrDefault("StageName", stage.toLowerCase(java.util.Locale.ROOT));
            String endpoint = project + "-" + stageName;
            Served served = served(endpoint);
            MonitorBaselines baselines;
            if (served != null) {
                baselines = MonitorBaselines.of(served.modelPackage());
                log.accept("Endpoint " + endpoint + " serves model package " + baselines.modelPackage());
            } else if (first != null) {
                baselines = first;
                log.accept("Endpoint " + endpoint + " does not exist yet: its monitors take the baselines of "
                        + first.modelPackage());
            } else {
                throw new NotFoundException("endpoint", endpoint, "the monitor pipeline reads the baselines of the"
                        + " model version it serves; it runs again when the endpoint is in service (rule"
                        + " sagemaker-" + project + "-" + projectId + "-ep)");
            }
            // an endpoint not made yet captures where the first one does: the deploy stacks share the capture prefix
            String capture = served != null ? served.captureUri() : firstCapture;
            if (first == null) {
                first = baselines;
                firstCapture = capture;
            }
            Map<String, String> parameters = parameters(mode, images, project, projectId, stageName, endpoint,
                    config, file, baselines, capture);
            String exportName = env.get(EXPORT_PREFIX + stage + "_CONFIG");
            if (exportName == null || exportName.isBlank()) {
                throw new ValidationException(EXPORT_PREFIX + stage + "_CONFIG", exportName, "the file the "
                        + stageName + " configuration is exported to, e.g. " + stageName + "-monitoring-schedule-config-export.json");
            }
            ObjectNode export = JSON.createObjectNode();
            ObjectNode p = export.putObject("Parameters");
            // CloudFormation refuses a configuration naming a parameter the template lacks
            parameters.forEach((k, v) -> {
                if (stackTemplate.path("Parameters").has(k)) {
                    p.put(k, v);
                }
            });
            Path exported = out.resolve(exportName);
            Files.writeString(exported, CanonicalJson.write(export), StandardCharsets.UTF_8);
            written.add(exported);
            log.accept("Wrote " + exportName + ": monitors " + enabled(parameters) + " of endpoint " + endpoint
                    + " (" + mode + ")");
        }
        return written;
    }

    private Map<String, String> parameters(MonitorMode mode, MonitorImages images, String project, String projectId,
            String stageName, String endpoint, Map<String, String> config, String file, MonitorBaselines baselines,
            String capture) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put(Names.PROJECT_NAME, project);
        p.put(Names.PROJECT_ID, projectId);
        p.put("StageName", stageName);
        p.put(MonitorStackRenderer.ENDPOINT, endpoint);
        p.put(MonitorStackRenderer.SCHEDULE, config.getOrDefault("ScheduleExpression", "cron(0 * ? * * *)"));
        p.put(MonitorStackRenderer.OUTPUTS, "s3://" + required("MONITOR_OUTPUTS_BUCKET") + "/monitoring/reports");
        p.put(MonitorStackRenderer.ROLE, required("MODEL_MONITOR_ROLE_ARN"));
        p.put(MonitorStackRenderer.ANALYZER_IMAGE, images.analyzer());
        p.put(MonitorStackRenderer.CLARIFY_IMAGE, images.clarify());
        String groundTruth = config.getOrDefault("GroundTruthInput", "");
        if (!groundTruth.isEmpty() && !groundTruth.startsWith("s3://")) {
            throw new ValidationException("GroundTruthInput", groundTruth, "an s3:// URI or empty (" + file + ")");
        }
        p.put(MonitorStackRenderer.GROUND_TRUTH, groundTruth);
        p.put(MonitorStackRenderer.CAPTURE, capture);
        MonitorStackRenderer.QUALITY_SETTINGS.forEach((k, v) -> p.put(k, config.getOrDefault(k, v)));
        for (MonitorKind kind : MonitorKind.ALL) {
            String on = config.getOrDefault(kind.enableKey(), "no").trim().toLowerCase(java.util.Locale.ROOT);
            if (!on.equals("yes") && !on.equals("no")) {
                throw new ValidationException(kind.enableKey(), config.get(kind.enableKey()), "yes or no (" + file + ")");
            }
            boolean deploys = on.equals("yes") && (!kind.needsGroundTruth() || !groundTruth.isEmpty());
            if (on.equals("yes") && !deploys) {
                log.accept(kind.type() + " monitor of " + endpoint + " is enabled but GroundTruthInput is empty: it is"
                        + " not deployed (as the original)");
            }
            p.put(kind.enableKey(), deploys ? "yes" : "no");
            Map<String, String> uris = deploys ? baselines.require(kind, config, file) : Map.of();
            for (String name : MonitorStackRenderer.BASELINES.get(kind)) {
                p.put(name, uris.getOrDefault(name, ""));
            }
        }
        if (mode == MonitorMode.SCHEDULED_PROCESSING) {
            if (capture.isEmpty()) {
                throw new ValidationException("DataCaptureConfig", null, "data capture on endpoint " + endpoint
                        + ": mode " + mode + " reads the captured requests from S3");
            }
            p.put("JobNamePrefix", ScheduledProcessingRenderer.jobPrefix(endpoint));
        }
        return p;
    }

    private static String enabled(Map<String, String> p) {
        List<String> on = new ArrayList<>();
        MonitorKind.ALL.forEach(k -> {
            if ("yes".equals(p.get(k.enableKey()))) {
                on.add(k.type());
            }
        });
        return on.toString();
    }

    private static Map<String, String> readConfig(Path path, String file) throws IOException {
        if (!Files.isRegularFile(path)) {
            throw new ValidationException("<STAGE>_CONFIG", file, "a file of the model-monitor repository");
        }
        JsonNode root;
        try {
            root = JSON.readTree(path.toFile());
        } catch (IOException e) {
            throw new ValidationException(file, null, "a JSON object {\"Parameters\": {…}} (" + e.getMessage() + ")");
        }
        JsonNode params = root == null ? null : root.get("Parameters");
        if (params == null || !params.isObject()) {
            throw new ValidationException(file + ".Parameters", null, "an object of the monitors' settings");
        }
        Map<String, String> out = new LinkedHashMap<>();
        params.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
        return out;
    }

    /** The model package an endpoint serves and where it captures data, or null if there is no such endpoint. */
    private Served served(String endpoint) {
        DescribeEndpointResponse e;
        try {
            e = sageMaker.describeEndpoint(b -> b.endpointName(endpoint));
        } catch (SageMakerException x) {
            if (dev.mlops.aws.internal.AwsErrors.isNotFound(x)) {
                return null;
            }
            throw x;
        }
        DescribeEndpointConfigResponse c = sageMaker.describeEndpointConfig(b -> b.endpointConfigName(e.endpointConfigName()));
        if (c.productionVariants().isEmpty()) {
            throw new ValidationException("EndpointConfig.ProductionVariants", c.endpointConfigName(), "a variant"
                    + " serving a model (endpoint " + endpoint + ")");
        }
        String modelName = c.productionVariants().get(0).modelName();
        DescribeModelResponse m = sageMaker.describeModel(b -> b.modelName(modelName));
        String pkg = m.primaryContainer() != null ? m.primaryContainer().modelPackageName()
                : m.containers().isEmpty() ? null : m.containers().get(0).modelPackageName();
        if (pkg == null || pkg.isBlank()) {
            throw new ValidationException("Model.PrimaryContainer.ModelPackageName", modelName, "a model made from a"
                    + " registered model package, whose lineage holds the baselines (endpoint " + endpoint + ")");
        }
        DescribeModelPackageResponse p = sageMaker.describeModelPackage(b -> b.modelPackageName(pkg));
        String capture = "";
        if (c.dataCaptureConfig() != null && Boolean.TRUE.equals(c.dataCaptureConfig().enableCapture())
                && c.dataCaptureConfig().destinationS3Uri() != null) {
            capture = c.dataCaptureConfig().destinationS3Uri().replaceAll("/+$", "");
        }
        return new Served(p, capture);
    }

    private String required(String name) {
        String v = env.get(name);
        if (v == null || v.isBlank()) {
            throw new ValidationException(name, v, "set by the GetBaselinesAndConfigs project");
        }
        return v;
    }

    private record Served(DescribeModelPackageResponse modelPackage, String captureUri) {
    }
}
