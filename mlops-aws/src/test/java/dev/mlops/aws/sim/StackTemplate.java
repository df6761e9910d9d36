package dev.mlops.aws.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A stack's template with its parameters, resolved as CloudFormation resolves it: {@code Ref}, {@code Fn::Sub},
 * {@code Fn::GetAtt} (names and ARNs), {@code Fn::If} and {@code Fn::Equals}, with the pseudo parameters of moto's
 * account. The simulation uses it to play the resources moto's CloudFormation does not make (CodeCommit, CodeBuild,
 * CodePipeline, model package groups, SageMaker images) and the rules' patterns with their targets.
 */
final class StackTemplate {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern SUB = Pattern.compile("\\$\\{([A-Za-z0-9:.]+)}");
    static final String ACCOUNT = "123456789012";
    static final String REGION = "us-east-1";

    private final JsonNode template;
    private final Map<String, String> parameters;
    private final Map<String, String> physical = new LinkedHashMap<>();

    StackTemplate(String body, Map<String, String> parameters) {
        try {
            this.template = JSON.readTree(body);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("not a JSON template: " + e.getMessage(), e);
        }
        this.parameters = new LinkedHashMap<>(parameters);
        template.path("Parameters").fields().forEachRemaining(p -> {
            if (!this.parameters.containsKey(p.getKey()) && p.getValue().has("Default")) {
                this.parameters.put(p.getKey(), p.getValue().get("Default").asText());
            }
        });
        // Physical names depend only on parameters and pseudo parameters: resolve them first.
        for (Iterator<Map.Entry<String, JsonNode>> it = template.path("Resources").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> r = it.next();
            String nameProperty = switch (r.getValue().path("Type").asText()) {
                case "AWS::CodeCommit::Repository" -> "RepositoryName";
                case "AWS::CodePipeline::Pipeline", "AWS::CodeBuild::Project", "AWS::Events::Rule" -> "Name";
                case "AWS::S3::Bucket" -> "BucketName";
                case "AWS::SageMaker::ModelPackageGroup" -> "ModelPackageGroupName";
                case "AWS::ECR::Repository" -> "RepositoryName";
                case "AWS::SageMaker::Image" -> "ImageName";
                case "AWS::Lambda::Function" -> "FunctionName";
                default -> null;
            };
            if (nameProperty != null && r.getValue().path("Properties").has(nameProperty)) {
                physical.put(r.getKey(), resolve(r.getValue().path("Properties").get(nameProperty)).asText());
            }
        }
    }

    /** @return the resources, by logical id, unresolved */
    Map<String, JsonNode> resources(String type) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        template.path("Resources").fields().forEachRemaining(r -> {
            if (r.getValue().path("Type").asText().equals(type)) {
                out.put(r.getKey(), r.getValue());
            }
        });
        return out;
    }

    String parameter(String name) {
        return parameters.get(name);
    }

    String physicalName(String logicalId) {
        return physical.get(logicalId);
    }

    /** Resolves a value of the template. */
    JsonNode resolve(JsonNode v) {
        if (v == null || v.isValueNode()) {
            return v;
        }
        if (v.isArray()) {
            ArrayNode out = JSON.createArrayNode();
            v.forEach(x -> out.add(resolve(x)));
            return out;
        }
        if (v.size() == 1 && v.has("Ref")) {
            return TextNode.valueOf(ref(v.get("Ref").asText()));
        }
        if (v.size() == 1 && v.has("Fn::Sub")) {
            Matcher m = SUB.matcher(v.get("Fn::Sub").asText());
            StringBuilder sb = new StringBuilder();
            while (m.find()) {
                String name = m.group(1);
                int dot = name.indexOf('.');
                String value = dot > 0 && !name.startsWith("AWS::") ? attribute(name.substring(0, dot), name.substring(dot + 1))
                        : ref(name);
                m.appendReplacement(sb, Matcher.quoteReplacement(value));
            }
            m.appendTail(sb);
            return TextNode.valueOf(sb.toString());
        }
        if (v.size() == 1 && v.has("Fn::GetAtt")) {
            return TextNode.valueOf(attribute(v.get("Fn::GetAtt").get(0).asText(), v.get("Fn::GetAtt").get(1).asText()));
        }
        if (v.size() == 1 && v.has("Fn::If")) {
            JsonNode args = v.get("Fn::If");
            JsonNode condition = template.path("Conditions").get(args.get(0).asText());
            return resolve(truth(condition) ? args.get(1) : args.get(2));
        }
        ObjectNode out = JSON.createObjectNode();
        v.fields().forEachRemaining(f -> out.set(f.getKey(), resolve(f.getValue())));
        return out;
    }

    /** Whether a resource is made: it has no {@code Condition}, or its condition holds. */
    boolean made(JsonNode resource) {
        JsonNode c = resource.get("Condition");
        return c == null || truth(template.path("Conditions").get(c.asText()));
    }

    private boolean truth(JsonNode condition) {
        if (condition != null && condition.has("Fn::Not")) {
            return !truth(condition.get("Fn::Not").get(0));
        }
        if (condition != null && condition.has("Fn::Equals")) {
            return resolve(condition.get("Fn::Equals").get(0)).asText().equals(resolve(condition.get("Fn::Equals").get(1)).asText());
        }
        throw new IllegalArgumentException("condition not simulated: " + condition);
    }

    private String ref(String name) {
        switch (name) {
            case "AWS::Partition":
                return "aws";
            case "AWS::Region":
                return REGION;
            case "AWS::AccountId":
                return ACCOUNT;
            case "AWS::URLSuffix":
                return "amazonaws.com";
            default:
                break;
        }
        if (parameters.containsKey(name)) {
            return parameters.get(name);
        }
        if (physical.containsKey(name)) {
            return physical.get(name);
        }
        throw new IllegalArgumentException("unresolvable Ref " + name);
    }

    private String attribute(String resource, String attribute) {
        String name = physical.get(resource);
        String type = template.path("Resources").path(resource).path("Type").asText();
        if (name == null) {
            throw new IllegalArgumentException("unresolvable GetAtt " + resource + "." + attribute);
        }
        if (attribute.equals("Name")) {
            return name;
        }
        if (attribute.equals("Arn")) {
            return switch (type) {
                case "AWS::CodeCommit::Repository" -> "arn:aws:codecommit:" + REGION + ":" + ACCOUNT + ":" + name;
                case "AWS::CodeBuild::Project" -> "arn:aws:codebuild:" + REGION + ":" + ACCOUNT + ":project/" + name;
                case "AWS::S3::Bucket" -> "arn:aws:s3:::" + name;
                case "AWS::ECR::Repository" -> "arn:aws:ecr:" + REGION + ":" + ACCOUNT + ":repository/" + name;
                case "AWS::Lambda::Function" -> "arn:aws:lambda:" + REGION + ":" + ACCOUNT + ":function:" + name;
                default -> throw new IllegalArgumentException("no ARN simulated for " + type);
            };
        }
        if (attribute.equals("ImageArn") && type.equals("AWS::SageMaker::Image")) {
            return "arn:aws:sagemaker:" + REGION + ":" + ACCOUNT + ":image/" + name;
        }
        if (attribute.equals("RepositoryUri") && type.equals("AWS::ECR::Repository")) {
            return ACCOUNT + ".dkr.ecr." + REGION + ".amazonaws.com/" + name;
        }
        throw new IllegalArgumentException("attribute not simulated: " + resource + "." + attribute);
    }
}
