package dev.mlops.aws.cfn;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Reading rendered templates in tests. */
final class Json {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {
    }

    static JsonNode parse(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + text, e);
        }
    }

    static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** The resources of a template of one type, by logical id. */
    static List<String> resourcesOfType(JsonNode template, String type) {
        List<String> ids = new ArrayList<>();
        for (Map.Entry<String, JsonNode> e : template.get("Resources").properties()) {
            if (e.getValue().get("Type").asText().equals(type)) {
                ids.add(e.getKey());
            }
        }
        return ids;
    }

    /** A CodeBuild project's environment variables as NAME=value-json lines. */
    static List<String> variables(JsonNode project) {
        List<String> out = new ArrayList<>();
        for (JsonNode v : project.at("/Properties/Environment/EnvironmentVariables")) {
            out.add(v.get("Name").asText() + "=" + (v.get("Value").isTextual() ? v.get("Value").asText() : v.get("Value").toString()));
        }
        return out;
    }

    /** A pipeline's layout: one line per stage, "Stage: Action(Provider,RunOrder) …". */
    static List<String> layout(JsonNode pipeline) {
        List<String> out = new ArrayList<>();
        for (JsonNode stage : pipeline.at("/Properties/Stages")) {
            StringBuilder b = new StringBuilder(stage.get("Name").asText()).append(':');
            for (JsonNode a : stage.get("Actions")) {
                b.append(' ').append(a.get("Name").asText()).append('(').append(a.at("/ActionTypeId/Provider").asText())
                        .append(',').append(a.get("RunOrder").asInt()).append(')');
            }
            out.add(b.toString());
        }
        return out;
    }
}
