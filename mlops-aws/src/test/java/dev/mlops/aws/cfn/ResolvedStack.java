package dev.mlops.aws.cfn;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A monitor stack's template resolved with an exported configuration, as CloudFormation would: parameters with
 * their defaults, conditions ({@code Fn::Equals}, {@code Fn::Not}, {@code Fn::And}, {@code Fn::Or}), resources
 * whose condition holds, and {@code Ref}, {@code Fn::Sub}, {@code Fn::If}, {@code Fn::GetAtt} and
 * {@code AWS::NoValue} in their properties. Pseudo parameters are moto's account in us-east-1.
 */
public final class ResolvedStack {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern SUB = Pattern.compile("\\$\\{([A-Za-z0-9:.]+)}");
    private final JsonNode template;
    private final Map<String, String> values = new LinkedHashMap<>();
    private final Map<String, Boolean> conditions = new LinkedHashMap<>();
    private final Map<String, String> attributes;

    ResolvedStack(JsonNode template, JsonNode configuration) {
        this(template, configuration, Map.of());
    }

    /**
     * Resolves a template.
     *
     * @param template the template
     * @param configuration {@code {"Parameters": {…}}}
     * @param attributes values of {@code Fn::GetAtt}, by {@code <logical id>.<attribute>}
     */
    public ResolvedStack(JsonNode template, JsonNode configuration, Map<String, String> attributes) {
        this.template = template;
        this.attributes = attributes;
        template.path("Parameters").fields().forEachRemaining(p -> {
            if (p.getValue().has("Default")) {
                values.put(p.getKey(), p.getValue().get("Default").asText());
            }
        });
        configuration.path("Parameters").fields().forEachRemaining(p -> {
            if (!template.path("Parameters").has(p.getKey())) {
                throw new IllegalArgumentException("parameter " + p.getKey() + " is not in the template");
            }
            values.put(p.getKey(), p.getValue().asText());
        });
        template.path("Parameters").fieldNames().forEachRemaining(n -> {
            if (!values.containsKey(n)) {
                throw new IllegalArgumentException("parameter " + n + " has no value");
            }
        });
        values.put("AWS::AccountId", "123456789012");
        values.put("AWS::Region", "us-east-1");
        values.put("AWS::Partition", "aws");
        values.put("AWS::URLSuffix", "amazonaws.com");
        template.path("Conditions").fieldNames().forEachRemaining(this::condition);
    }

    /**
     * A parameter's value.
     *
     * @param parameter the name
     * @return its value
     */
    public String value(String parameter) {
        return values.get(parameter);
    }

    /** The resources that deploy, by logical id, with resolved properties. */
    public Map<String, ObjectNode> resources() {
        Map<String, ObjectNode> out = new LinkedHashMap<>();
        template.path("Resources").fields().forEachRemaining(r -> {
            JsonNode c = r.getValue().get("Condition");
            if (c == null || condition(c.asText())) {
                ObjectNode res = JsonNodeFactory.instance.objectNode();
                res.put("Type", r.getValue().get("Type").asText());
                res.set("Properties", resolve(r.getValue().get("Properties")));
                out.put(r.getKey(), res);
            }
        });
        return out;
    }

    private boolean condition(String name) {
        Boolean known = conditions.get(name);
        if (known == null) {
            known = evaluate(template.path("Conditions").get(name));
            conditions.put(name, known);
        }
        return known;
    }

    private boolean evaluate(JsonNode c) {
        if (c.has("Condition")) {
            return condition(c.get("Condition").asText());
        }
        if (c.has("Fn::Equals")) {
            return resolve(c.get("Fn::Equals").get(0)).asText().equals(resolve(c.get("Fn::Equals").get(1)).asText());
        }
        if (c.has("Fn::Not")) {
            return !evaluate(c.get("Fn::Not").get(0));
        }
        boolean and = c.has("Fn::And");
        JsonNode list = and ? c.get("Fn::And") : c.get("Fn::Or");
        if (list == null) {
            throw new IllegalArgumentException("condition not understood: " + c);
        }
        for (JsonNode x : list) {
            if (evaluate(x) != and) {
                return !and;
            }
        }
        return and;
    }

    private JsonNode resolve(JsonNode v) {
        if (v == null || v.isValueNode()) {
            return v;
        }
        if (v.isArray()) {
            ArrayNode out = JsonNodeFactory.instance.arrayNode();
            v.forEach(x -> {
                JsonNode r = resolve(x);
                if (r != null) {
                    out.add(r);
                }
            });
            return out;
        }
        if (v.size() == 1) {
            String fn = v.fieldNames().next();
            JsonNode arg = v.get(fn);
            switch (fn) {
                case "Ref":
                    if (arg.asText().equals("AWS::NoValue")) {
                        return null;
                    }
                    return TextNode.valueOf(require(arg.asText()));
                case "Fn::Sub": {
                    Matcher m = SUB.matcher(arg.asText());
                    StringBuilder b = new StringBuilder();
                    while (m.find()) {
                        m.appendReplacement(b, Matcher.quoteReplacement(require(m.group(1))));
                    }
                    m.appendTail(b);
                    return TextNode.valueOf(b.toString());
                }
                case "Fn::GetAtt":
                    if (attributes.containsKey(arg.get(0).asText() + "." + arg.get(1).asText())) {
                        return TextNode.valueOf(attributes.get(arg.get(0).asText() + "." + arg.get(1).asText()));
                    }
                    if (arg.get(1).asText().equals("Arn")) {
                        return TextNode.valueOf("arn:aws:iam::123456789012:role/" + arg.get(0).asText());
                    }
                    return TextNode.valueOf(arg.get(0).asText() + "-" + arg.get(1).asText().toLowerCase());
                case "Fn::If":
                    return resolve(condition(arg.get(0).asText()) ? arg.get(1) : arg.get(2));
                default:
                    break;
            }
        }
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode r = resolve(e.getValue());
            if (r != null) {
                out.set(e.getKey(), r);
            }
        }
        return out;
    }

    private String require(String name) {
        String v = values.get(name);
        if (v == null) {
            throw new IllegalArgumentException("unresolved reference " + name);
        }
        return v;
    }

    /**
     * Parses JSON.
     *
     * @param text the text
     * @return the tree
     */
    public static JsonNode parse(String text) {
        try {
            return JSON.readTree(text);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
