package dev.mlops.spi;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.exception.MlopsBackendException;
import dev.mlops.template.ApprovalGate;
import dev.mlops.template.Capability;
import dev.mlops.template.ImmutableRepositorySpec;
import dev.mlops.template.ImmutableTemplateParameter;
import dev.mlops.template.ImmutableTrigger;
import dev.mlops.template.PipelineSpec;
import dev.mlops.template.RepositorySpec;
import dev.mlops.template.SeedCode;
import dev.mlops.template.Stage;
import dev.mlops.template.StageType;
import dev.mlops.template.Template;
import dev.mlops.template.TemplateParameter;
import dev.mlops.template.Trigger;
import java.time.Duration;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A template, seed code included, as JSON: how a project store keeps the template so that any process (and
 * {@code MlopsProjects.open}) can reopen the project it made, whatever the backend.
 */
public final class TemplateCodec {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private TemplateCodec() {
    }

    /**
     * Writes a template, parameter values and seed code included, as JSON.
     *
     * @param t the template
     * @return the JSON text
     */
    public static String encode(Template t) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("id", t.id());
        root.put("displayName", t.displayName());
        ArrayNode repos = root.putArray("repositories");
        for (RepositorySpec r : t.repositories()) {
            ObjectNode rn = repos.addObject();
            rn.put("role", r.role());
            rn.put("branch", r.branch());
            r.includedBy().ifPresent(x -> rn.put("includedBy", x));
            ObjectNode files = rn.putObject("seed");
            r.seed().files().forEach((k, v) -> files.put(k, Base64.getEncoder().encodeToString(v)));
        }
        ArrayNode pipes = root.putArray("pipelines");
        for (PipelineSpec p : t.pipelines()) {
            ObjectNode pn = pipes.addObject();
            pn.put("role", p.role());
            pn.put("sourceRepository", p.sourceRepository());
            p.includedBy().ifPresent(x -> pn.put("includedBy", x));
            ArrayNode stages = pn.putArray("stages");
            for (Stage s : p.stages()) {
                ObjectNode sn = stages.addObject();
                sn.put("name", s.name());
                sn.put("type", s.type().name());
                s.environment().ifPresent(e -> sn.put("environment", e));
                s.configFile().ifPresent(e -> sn.put("configFile", e));
                s.timeout().ifPresent(d -> sn.put("timeoutMillis", d.toMillis()));
                ArrayNode cmd = sn.putArray("command");
                s.command().forEach(cmd::add);
                if (!s.variables().isEmpty()) {   // absent when empty, as in the releases before stage variables
                    ObjectNode vars = sn.putObject("variables");
                    s.variables().forEach(vars::put);
                }
                s.gate().ifPresent(g -> {
                    ObjectNode gn = sn.putObject("gate");
                    gn.put("name", g.name());
                    gn.put("message", g.message());
                    ArrayNode ap = gn.putArray("approvers");
                    g.approvers().forEach(ap::add);
                    g.timeout().ifPresent(d -> gn.put("timeoutMillis", d.toMillis()));
                });
            }
            ArrayNode triggers = pn.putArray("triggers");
            for (Trigger tr : p.triggers()) {
                ObjectNode tn = triggers.addObject();
                tn.put("kind", tr.kind().name());
                tr.repository().ifPresent(x -> tn.put("repository", x));
                tr.environment().ifPresent(x -> tn.put("environment", x));
            }
        }
        ArrayNode envs = root.putArray("environments");
        t.environments().forEach(envs::add);
        ArrayNode prod = root.putArray("productionEnvironments");
        t.productionEnvironments().forEach(prod::add);
        ArrayNode params = root.putArray("parameters");
        for (TemplateParameter p : t.parameters()) {
            ObjectNode pn = params.addObject();
            pn.put("name", p.name());
            pn.put("description", p.description());
            pn.put("required", p.required());
            p.defaultValue().ifPresent(d -> pn.put("defaultValue", d));
        }
        ObjectNode values = root.putObject("parameterValues");
        t.parameterValues().forEach(values::put);
        ArrayNode caps = root.putArray("capabilities");
        t.capabilities().forEach(c -> caps.add(c.id()));
        try {
            return MAPPER.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new MlopsBackendException("Cannot write template " + t.id() + " as JSON: " + e.getMessage(), e);
        }
    }

    /**
     * Reads a template written by {@link #encode(Template)} (by this release or an earlier one).
     *
     * @param json the JSON text
     * @return the template
     * @throws MlopsBackendException if the text is not a stored template
     */
    public static Template decode(String json) {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new MlopsBackendException("A stored template is not valid JSON: " + e.getOriginalMessage(), e);
        }
        Template.Builder b = Template.builder().id(root.get("id").asText()).displayName(root.get("displayName").asText());
        for (JsonNode rn : root.get("repositories")) {
            Map<String, byte[]> files = new LinkedHashMap<>();
            Iterator<Map.Entry<String, JsonNode>> it = rn.get("seed").fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                files.put(e.getKey(), Base64.getDecoder().decode(e.getValue().asText()));
            }
            b.addRepositories(ImmutableRepositorySpec.builder().role(rn.get("role").asText())
                    .branch(rn.get("branch").asText()).seed(SeedCode.ofFiles(files))
                    .includedBy(Optional.ofNullable(rn.get("includedBy")).map(JsonNode::asText)).build());
        }
        for (JsonNode pn : root.get("pipelines")) {
            PipelineSpec.Builder pb = PipelineSpec.builder().role(pn.get("role").asText())
                    .sourceRepository(pn.get("sourceRepository").asText())
                    .includedBy(Optional.ofNullable(pn.get("includedBy")).map(JsonNode::asText));
            for (JsonNode sn : pn.get("stages")) {
                Stage.Builder sb = Stage.of(sn.get("name").asText(), StageType.valueOf(sn.get("type").asText()));
                if (sn.has("environment")) {
                    sb.environment(sn.get("environment").asText());
                }
                if (sn.has("configFile")) {
                    sb.configFile(sn.get("configFile").asText());
                }
                if (sn.has("timeoutMillis")) {
                    sb.timeout(Duration.ofMillis(sn.get("timeoutMillis").asLong()));
                }
                for (JsonNode c : sn.get("command")) {
                    sb.addCommand(c.asText());
                }
                if (sn.has("variables")) {
                    sn.get("variables").fields().forEachRemaining(e -> sb.putVariables(e.getKey(), e.getValue().asText()));
                }
                if (sn.has("gate")) {
                    JsonNode gn = sn.get("gate");
                    ApprovalGate.Builder gb = ApprovalGate.manual(gn.get("name").asText()).message(gn.get("message").asText());
                    for (JsonNode a : gn.get("approvers")) {
                        gb.addApprovers(a.asText());
                    }
                    if (gn.has("timeoutMillis")) {
                        gb.timeout(Duration.ofMillis(gn.get("timeoutMillis").asLong()));
                    }
                    sb.gate(gb.build());
                }
                pb.addStages(sb.build());
            }
            for (JsonNode tn : pn.get("triggers")) {
                ImmutableTrigger.Builder tb = ImmutableTrigger.builder().kind(Trigger.Kind.valueOf(tn.get("kind").asText()));
                if (tn.has("repository")) {
                    tb.repository(tn.get("repository").asText());
                }
                if (tn.has("environment")) {
                    tb.environment(tn.get("environment").asText());
                }
                pb.addTriggers(tb.build());
            }
            b.addPipelines(pb.build());
        }
        root.get("environments").forEach(e -> b.addEnvironments(e.asText()));
        if (root.has("productionEnvironments")) {   // absent in homes of the first release: the default applies
            java.util.Set<String> prod = new java.util.TreeSet<>();
            root.get("productionEnvironments").forEach(e -> prod.add(e.asText()));
            b.productionEnvironments(prod);
        }
        for (JsonNode pn : root.get("parameters")) {
            ImmutableTemplateParameter.Builder pb = ImmutableTemplateParameter.builder().name(pn.get("name").asText())
                    .description(pn.get("description").asText()).required(pn.get("required").asBoolean());
            if (pn.has("defaultValue")) {
                pb.defaultValue(pn.get("defaultValue").asText());
            }
            b.addParameters(pb.build());
        }
        root.get("parameterValues").fields().forEachRemaining(e -> b.putParameterValues(e.getKey(), e.getValue().asText()));
        root.get("capabilities").forEach(c -> b.addCapabilities(Capability.parse(c.asText())));
        return b.build();
    }
}
