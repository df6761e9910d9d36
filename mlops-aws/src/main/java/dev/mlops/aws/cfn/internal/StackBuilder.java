package dev.mlops.aws.cfn.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A CloudFormation template under construction: its description, parameters, conditions and resources. A
 * logical id can be added once; a second resource, parameter or condition with the same id is a bug in a
 * renderer and fails at once rather than overwriting the first.
 */
public final class StackBuilder {
    private final ObjectNode root = Cfn.object();
    private final ObjectNode parameters = Cfn.object();
    private final ObjectNode conditions = Cfn.object();
    private final ObjectNode resources = Cfn.object();

    /**
     * Starts a template.
     *
     * @param description its {@code Description}
     */
    public StackBuilder(String description) {
        root.put("AWSTemplateFormatVersion", "2010-09-09");
        root.put("Description", description);
    }

    /**
     * Adds a parameter.
     *
     * @param name its logical id
     * @param definition its {@code Type}, {@code Description}, constraints and default
     * @return this builder
     */
    public StackBuilder parameter(String name, ObjectNode definition) {
        put(parameters, "parameter", name, definition);
        return this;
    }

    /**
     * Whether a parameter was added.
     *
     * @param name its logical id
     * @return whether it exists
     */
    public boolean hasParameter(String name) {
        return parameters.has(name);
    }

    /**
     * Adds a condition.
     *
     * @param name its logical id
     * @param body the condition function
     * @return this builder
     */
    public StackBuilder condition(String name, ObjectNode body) {
        put(conditions, "condition", name, body);
        return this;
    }

    /**
     * Whether a condition was added.
     *
     * @param name its logical id
     * @return whether it exists
     */
    public boolean hasCondition(String name) {
        return conditions.has(name);
    }

    /**
     * Adds a resource.
     *
     * @param logicalId its logical id
     * @param type e.g. {@code AWS::S3::Bucket}
     * @param properties its {@code Properties}
     * @return the resource's node, to add {@code DeletionPolicy} and the like
     */
    public ObjectNode resource(String logicalId, String type, ObjectNode properties) {
        ObjectNode r = Cfn.object().put("Type", type);
        r.set("Properties", properties);
        put(resources, "resource", logicalId, r);
        return r;
    }

    /**
     * Whether a resource was added.
     *
     * @param logicalId its logical id
     * @return whether it exists
     */
    public boolean hasResource(String logicalId) {
        return resources.has(logicalId);
    }

    /**
     * The template.
     *
     * @return a deep copy of the tree built so far
     */
    public ObjectNode build() {
        ObjectNode out = root.deepCopy();
        if (!parameters.isEmpty()) {
            out.set("Parameters", parameters.deepCopy());
        }
        if (!conditions.isEmpty()) {
            out.set("Conditions", conditions.deepCopy());
        }
        out.set("Resources", resources.deepCopy());
        return out;
    }

    private static void put(ObjectNode section, String what, String name, JsonNode value) {
        if (!name.matches("[A-Za-z0-9]{1,255}")) {
            throw new IllegalStateException("a " + what + " logical id must be 1 to 255 letters and digits, not " + name);
        }
        if (section.has(name)) {
            throw new IllegalStateException("the " + what + " " + name + " was rendered twice");
        }
        section.set(name, value);
    }
}
