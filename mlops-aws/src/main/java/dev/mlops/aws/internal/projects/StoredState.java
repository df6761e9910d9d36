package dev.mlops.aws.internal.projects;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.exception.MlopsBackendException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the store keeps about a project beside SageMaker's record: the digest of its current template (stored by
 * {@link dev.mlops.spi.TemplateCodec}), the digest of the stack it was provisioned from, and the user's tags.
 *
 * @param templateDigest the template's digest
 * @param stackDigest the provisioned stack's digest
 * @param tags the user's tags
 */
record StoredState(String templateDigest, String stackDigest, Map<String, String> tags) {
    private static final ObjectMapper JSON = new ObjectMapper();

    StoredState {
        tags = Map.copyOf(tags);
    }

    String toJson() {
        ObjectNode root = JSON.createObjectNode();
        root.put("template", templateDigest);
        root.put("stack", stackDigest);
        ObjectNode t = root.putObject("tags");
        new java.util.TreeMap<>(tags).forEach(t::put);
        try {
            return JSON.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new MlopsBackendException("Could not write a project's state: " + e.getMessage(), e);
        }
    }

    static StoredState fromJson(String json, String where) {
        try {
            JsonNode root = JSON.readTree(json);
            Map<String, String> tags = new LinkedHashMap<>();
            root.path("tags").fields().forEachRemaining(e -> tags.put(e.getKey(), e.getValue().asText()));
            return new StoredState(root.get("template").asText(), root.get("stack").asText(), tags);
        } catch (JsonProcessingException | NullPointerException e) {
            throw new MlopsBackendException("The project state at " + where + " is not the store's JSON: " + e.getMessage()
                    + "; delete the object to fall back to the project's tags", e);
        }
    }
}
