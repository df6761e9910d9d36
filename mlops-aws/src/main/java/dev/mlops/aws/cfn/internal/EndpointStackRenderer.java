package dev.mlops.aws.cfn.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.exception.ValidationException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * An environment's endpoint stack, as the deploy seed's {@code endpoint-config-template.yml} of the originals
 * declares it: a SageMaker model from the approved model package, an endpoint configuration with one variant
 * {@code AllTraffic} and data capture of requests and responses, and the endpoint {@code <name>-<stage>}. The
 * parameters the environment's seed configuration file sets ({@code staging-config.json}) become the defaults of
 * that environment's template; the deploy build supplies the rest.
 */
public final class EndpointStackRenderer {
    /** The parameters a seed configuration file may set. */
    public static final List<String> SEED_PARAMETERS = List.of("StageName", "EndpointInstanceCount",
            "EndpointInstanceType", "SamplingPercentage", "EnableDataCapture");
    private static final Pattern PROJECT_NAME = Pattern.compile("[a-zA-Z0-9](-*[a-zA-Z0-9])*");
    private static final Pattern INSTANCE_TYPE = Pattern.compile("ml\\.[a-z0-9]+\\.[a-z0-9]+");

    private EndpointStackRenderer() {
    }

    /**
     * Reads and checks the {@code Parameters} of a seed configuration file.
     *
     * @param file the file's name in the repository, for messages
     * @param content the file's bytes
     * @param environment the environment it configures
     * @return parameter name to value, in name order
     * @throws ValidationException naming the file, the parameter, its value and the rule it breaks
     */
    public static Map<String, String> seedParameters(String file, byte[] content, String environment) {
        JsonNode root;
        try {
            root = CanonicalJson.parse(new String(content, java.nio.charset.StandardCharsets.UTF_8));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new ValidationException(file, "(not JSON: " + e.getOriginalMessage() + ")",
                    "a JSON object {\"Parameters\": {…}}, like the deploy seed's staging-config.json");
        }
        JsonNode params = root == null ? null : root.get("Parameters");
        if (params == null || !params.isObject()) {
            throw new ValidationException(file + ".Parameters", params,
                    "an object of endpoint stack parameters, one of " + SEED_PARAMETERS);
        }
        Map<String, String> out = new TreeMap<>();
        for (Map.Entry<String, JsonNode> e : params.properties()) {
            String field = file + ".Parameters." + e.getKey();
            if (!SEED_PARAMETERS.contains(e.getKey())) {
                throw new ValidationException(field, e.getValue(), "absent: a seed configuration sets only "
                        + SEED_PARAMETERS + "; the deploy build supplies the others");
            }
            if (!e.getValue().isValueNode() || e.getValue().isNull()) {
                throw new ValidationException(field, e.getValue(), "a string, number or boolean");
            }
            String value = e.getValue().asText();
            check(field, e.getKey(), value, environment);
            out.put(e.getKey(), value);
        }
        if (!out.containsKey("StageName")) {
            throw new ValidationException(file + ".Parameters.StageName", null,
                    "set to the environment's name, " + environment + " (the deploy build requires it)");
        }
        return out;
    }

    /**
     * The endpoint stack's template for one environment.
     *
     * @param projectName the project's name, the default of {@code SageMakerProjectName}
     * @param environment the environment
     * @param seed the environment's seed parameters, the defaults of theirs
     * @return the template
     */
    public static ObjectNode template(String projectName, String environment, Map<String, String> seed) {
        StackBuilder stack = new StackBuilder("The " + environment + " endpoint of SageMaker project " + projectName
                + ": a model from the approved model package, its endpoint configuration with data capture, and"
                + " the endpoint " + projectName + "-" + environment);
        stack.parameter(Names.PROJECT_NAME, parameter("String", "Name of the project", projectName)
                .put("MinLength", 1).put("MaxLength", 32).put("AllowedPattern", "^[a-zA-Z0-9](-*[a-zA-Z0-9])*"));
        stack.parameter("ModelExecutionRoleArn", parameter("String", "Execution role of the model", null));
        stack.parameter("ModelPackageName", parameter("String", "ARN of the approved model package to deploy", null));
        stack.parameter("StageName", parameter("String",
                "The environment; the endpoint is named <project>-<StageName>", seed.get("StageName")));
        stack.parameter("EndpointInstanceCount", parameter("Number", "Number of instances behind the endpoint",
                seed.get("EndpointInstanceCount")).put("MinValue", 1));
        stack.parameter("EndpointInstanceType", parameter("String", "ML instance type of the endpoint",
                seed.get("EndpointInstanceType")));
        stack.parameter("SamplingPercentage", parameter("Number", "Percentage of requests whose data is captured",
                seed.get("SamplingPercentage")).put("MinValue", 0).put("MaxValue", 100));
        ObjectNode capture = parameter("String", "Whether to capture requests and responses",
                seed.getOrDefault("EnableDataCapture", "true"));
        capture.set("AllowedValues", Cfn.strings("true", "false"));
        stack.parameter("EnableDataCapture", capture);
        stack.parameter("DataCaptureUploadPath", parameter("String", "S3 URI the captured data is written under",
                null).put("AllowedPattern", "^s3://.+"));

        ObjectNode container = Cfn.object();
        container.set("ModelPackageName", Cfn.ref("ModelPackageName"));
        ObjectNode model = Cfn.object();
        model.set("Containers", Cfn.array().add(container));
        model.set("ExecutionRoleArn", Cfn.ref("ModelExecutionRoleArn"));
        stack.resource("Model", "AWS::SageMaker::Model", model);

        ObjectNode variant = Cfn.object();
        variant.set("InitialInstanceCount", Cfn.ref("EndpointInstanceCount"));
        variant.put("InitialVariantWeight", 1.0);
        variant.set("InstanceType", Cfn.ref("EndpointInstanceType"));
        variant.set("ModelName", Cfn.getAtt("Model", "ModelName"));
        variant.put("VariantName", "AllTraffic");
        ObjectNode dataCapture = Cfn.object();
        dataCapture.set("EnableCapture", Cfn.ref("EnableDataCapture"));
        dataCapture.set("InitialSamplingPercentage", Cfn.ref("SamplingPercentage"));
        dataCapture.set("DestinationS3Uri", Cfn.ref("DataCaptureUploadPath"));
        dataCapture.set("CaptureOptions", Cfn.array()
                .add(Cfn.object().put("CaptureMode", "Input"))
                .add(Cfn.object().put("CaptureMode", "Output")));
        ObjectNode header = Cfn.object();
        header.set("CsvContentTypes", Cfn.strings("text/csv"));
        dataCapture.set("CaptureContentTypeHeader", header);
        ObjectNode config = Cfn.object();
        config.set("ProductionVariants", Cfn.array().add(variant));
        config.set("DataCaptureConfig", dataCapture);
        stack.resource("EndpointConfig", "AWS::SageMaker::EndpointConfig", config);

        ObjectNode endpoint = Cfn.object();
        endpoint.set("EndpointName", Cfn.sub("${" + Names.PROJECT_NAME + "}-${StageName}"));
        endpoint.set("EndpointConfigName", Cfn.getAtt("EndpointConfig", "EndpointConfigName"));
        stack.resource("Endpoint", "AWS::SageMaker::Endpoint", endpoint);
        return stack.build();
    }

    /**
     * Checks a project name against the templates' rule.
     *
     * @param field the field, for the message
     * @param name the name
     */
    public static void checkProjectName(String field, String name) {
        if (name == null || name.isEmpty() || name.length() > 32 || !PROJECT_NAME.matcher(name).matches()) {
            throw new ValidationException(field, name,
                    "1 to 32 characters matching ^[a-zA-Z0-9](-*[a-zA-Z0-9])*, the SageMakerProjectName rule of the templates");
        }
    }

    private static ObjectNode parameter(String type, String description, String defaultValue) {
        ObjectNode p = Cfn.object().put("Type", type).put("Description", description);
        if (defaultValue != null) {
            p.put("Default", defaultValue);
        }
        return p;
    }

    private static void check(String field, String name, String value, String environment) {
        switch (name) {
            case "StageName":
                if (!value.equals(environment)) {
                    throw new ValidationException(field, value, "the environment's name, " + environment
                            + ", since the endpoint is named <project>-<StageName>");
                }
                break;
            case "EndpointInstanceCount":
                if (!value.matches("[1-9][0-9]{0,3}")) {
                    throw new ValidationException(field, value, "a whole number of instances from 1 to 9999");
                }
                break;
            case "SamplingPercentage":
                if (!value.matches("[0-9]{1,3}") || Integer.parseInt(value) > 100) {
                    throw new ValidationException(field, value, "a whole percentage from 0 to 100");
                }
                break;
            case "EnableDataCapture":
                if (!value.equals("true") && !value.equals("false")) {
                    throw new ValidationException(field, value, "true or false");
                }
                break;
            case "EndpointInstanceType":
                if (!INSTANCE_TYPE.matcher(value).matches()) {
                    throw new ValidationException(field, value, "a SageMaker ML instance type such as ml.m5.large");
                }
                break;
            default:
                break;
        }
    }
}
