package dev.mlops.aws.internal.preflight;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * A role's trust policy ({@code AssumeRolePolicyDocument}, which IAM returns URL-encoded): the services it lets
 * assume the role. Conditions are not evaluated: a statement that allows a service under a condition counts.
 */
final class TrustPolicy {
    private static final ObjectMapper JSON = new ObjectMapper();

    private TrustPolicy() {
    }

    /**
     * The service principals an allowing {@code sts:AssumeRole} statement names.
     *
     * @param document the document as IAM returns it (URL-encoded JSON), or plain JSON
     * @return the services, e.g. {@code codepipeline.amazonaws.com}
     * @throws IllegalArgumentException if it is not a policy document
     */
    static Set<String> trustedServices(String document) {
        String json = document.trim().startsWith("{") ? document : URLDecoder.decode(document, StandardCharsets.UTF_8);
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a JSON policy document: " + e.getOriginalMessage(), e);
        }
        Set<String> out = new LinkedHashSet<>();
        JsonNode statements = root.path("Statement");
        for (JsonNode s : statements.isArray() ? statements : JSON.createArrayNode().add(statements)) {
            if (!"Allow".equals(s.path("Effect").asText()) || !allowsAssumeRole(s.path("Action"))) {
                continue;
            }
            JsonNode service = s.path("Principal").path("Service");
            if (service.isTextual()) {
                out.add(service.asText());
            } else if (service.isArray()) {
                service.forEach(v -> out.add(v.asText()));
            }
        }
        return out;
    }

    private static boolean allowsAssumeRole(JsonNode action) {
        if (action.isTextual()) {
            return matches(action.asText());
        }
        for (JsonNode a : action) {
            if (matches(a.asText())) {
                return true;
            }
        }
        return false;
    }

    private static boolean matches(String action) {
        String a = action.toLowerCase(java.util.Locale.ROOT);
        return a.equals("sts:assumerole") || a.equals("sts:*") || a.equals("*");
    }

    /**
     * Whether a trusted service stands for a wanted one; the China partition's principals end in
     * {@code .amazonaws.com.cn}.
     */
    static boolean covers(Set<String> trusted, String wanted) {
        return trusted.contains(wanted) || trusted.contains(wanted + ".cn");
    }
}
