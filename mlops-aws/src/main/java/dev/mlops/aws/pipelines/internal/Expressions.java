package dev.mlops.aws.pipelines.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.exception.ValidationException;
import dev.mlops.pipeline.ExecutionVariable;
import dev.mlops.pipeline.Join;
import dev.mlops.pipeline.JsonGet;
import dev.mlops.pipeline.Parameter;
import dev.mlops.pipeline.PipelineValue;
import dev.mlops.pipeline.ProcessingStep;
import dev.mlops.pipeline.Step;
import dev.mlops.pipeline.StepOutput;
import dev.mlops.pipeline.TrainingStep;
import java.util.Map;

/**
 * Renders {@link PipelineValue}s as SageMaker Pipelines writes them: a literal as JSON of the field's type, a
 * parameter as {@code {"Get": "Parameters.<name>"}}, a step output as the {@code Get} of the step's property that holds
 * its S3 URI, an execution variable as {@code {"Get": "Execution.<name>"}}, a {@link JsonGet} as {@code Std:JsonGet}
 * and a {@link Join} as {@code Std:Join}.
 */
public final class Expressions {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    /** The JSON type a field of the API takes. */
    public enum Kind {
        /** A string. */
        STRING,
        /** An integer. */
        INTEGER,
        /** A number. */
        FLOAT
    }

    private final Map<String, Step> steps;

    /**
     * Makes a renderer of values over a pipeline's steps.
     *
     * @param steps every step, by name
     */
    public Expressions(Map<String, Step> steps) {
        this.steps = steps;
    }

    /**
     * Renders a value for a field.
     *
     * @param value the value
     * @param kind the field's type
     * @param field the field, for errors
     * @return the JSON
     * @throws ValidationException if a literal does not fit the field
     */
    public JsonNode render(PipelineValue value, Kind kind, String field) {
        if (value instanceof PipelineValue.Literal l) {
            return literal(l.value(), kind, field);
        }
        if (value instanceof Parameter p) {
            if (kind == Kind.STRING && p.type() != Parameter.Type.String) {
                // As the SDK's to_string(): a number parameter in a text field is joined into text.
                return join("", get("Parameters." + p.name()));
            }
            if (kind == Kind.INTEGER && p.type() != Parameter.Type.Integer
                    || kind == Kind.FLOAT && p.type() == Parameter.Type.String) {
                throw new ValidationException(field, p.name(), "a parameter of type " + (kind == Kind.INTEGER ? "Integer"
                        : "Integer or Float") + ", not " + p.type());
            }
            return get("Parameters." + p.name());
        }
        if (value instanceof ExecutionVariable e) {
            return get("Execution." + e.name());
        }
        if (value instanceof StepOutput o) {
            return get(outputProperty(o));
        }
        if (value instanceof JsonGet g) {
            ObjectNode inner = JSON.objectNode();
            inner.set("PropertyFile", get("Steps." + g.step() + ".PropertyFiles." + g.propertyFile().name()));
            inner.put("Path", g.jsonPath());
            ObjectNode out = JSON.objectNode();
            out.set("Std:JsonGet", inner);
            return out;
        }
        Join j = (Join) value;
        ObjectNode inner = JSON.objectNode();
        inner.put("On", j.separator());
        ArrayNode values = inner.putArray("Values");
        j.values().forEach(v -> values.add(render(v, Kind.STRING, field)));
        ObjectNode out = JSON.objectNode();
        out.set("Std:Join", inner);
        return out;
    }

    /**
     * The property of a step that holds an output's S3 URI.
     *
     * @param o the output
     * @return e.g. {@code Steps.Prep.ProcessingOutputConfig.Outputs['train'].S3Output.S3Uri}
     */
    public String outputProperty(StepOutput o) {
        Step s = steps.get(o.step());
        if (s instanceof TrainingStep) {
            return "Steps." + o.step() + ".ModelArtifacts.S3ModelArtifacts";
        }
        if (s instanceof ProcessingStep) {
            return "Steps." + o.step() + ".ProcessingOutputConfig.Outputs['" + o.output() + "'].S3Output.S3Uri";
        }
        throw new ValidationException("StepOutput", o, "an output of a processing or training step of the pipeline");
    }

    /**
     * A {@code Get} expression.
     *
     * @param path e.g. {@code Parameters.InputDataUrl}
     * @return {@code {"Get": path}}
     */
    public static ObjectNode get(String path) {
        ObjectNode n = JSON.objectNode();
        n.put("Get", path);
        return n;
    }

    /**
     * A {@code Std:Join} of rendered values.
     *
     * @param on the separator
     * @param values the rendered values
     * @return the expression
     */
    public static ObjectNode join(String on, JsonNode... values) {
        ObjectNode inner = JSON.objectNode();
        inner.put("On", on);
        ArrayNode array = inner.putArray("Values");
        for (JsonNode v : values) {
            array.add(v);
        }
        ObjectNode out = JSON.objectNode();
        out.set("Std:Join", inner);
        return out;
    }

    private static JsonNode literal(String text, Kind kind, String field) {
        try {
            return switch (kind) {
                case STRING -> JSON.textNode(text);
                case INTEGER -> JSON.numberNode(Long.parseLong(text));
                case FLOAT -> JSON.numberNode(Double.parseDouble(text));
            };
        } catch (NumberFormatException e) {
            throw new ValidationException(field, text, "a" + (kind == Kind.INTEGER ? "n integer" : " number"));
        }
    }

    /**
     * Renders a parameter's default as its type.
     *
     * @param p the parameter
     * @return the JSON default
     */
    public static JsonNode defaultOf(Parameter p) {
        return switch (p.type()) {
            case Integer -> JSON.numberNode(Long.parseLong(p.defaultValue()));
            case Float -> JSON.numberNode(Double.parseDouble(p.defaultValue()));
            case String -> JSON.textNode(p.defaultValue());
        };
    }
}
