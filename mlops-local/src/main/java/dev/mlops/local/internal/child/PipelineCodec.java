package dev.mlops.local.internal.child;

import dev.mlops.exception.MlopsClientException;
import dev.mlops.pipeline.Condition;
import dev.mlops.pipeline.ConditionStep;
import dev.mlops.pipeline.ExecutionVariable;
import dev.mlops.pipeline.Join;
import dev.mlops.pipeline.JsonGet;
import dev.mlops.pipeline.MlPipeline;
import dev.mlops.pipeline.Parameter;
import dev.mlops.pipeline.PipelineValue;
import dev.mlops.pipeline.ProcessingStep;
import dev.mlops.pipeline.PropertyFile;
import dev.mlops.pipeline.RegisterModelStep;
import dev.mlops.pipeline.Step;
import dev.mlops.pipeline.StepOutput;
import dev.mlops.pipeline.StepVisitor;
import dev.mlops.pipeline.TrainingStep;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An ML pipeline definition as plain maps and lists, complete: the child JVM runs the repository's
 * {@code PipelineFactory} and sends the pipeline it built; the leader rebuilds the same pipeline with the
 * SDK's builders (which validate it again), without loading any of the repository's classes.
 */
public final class PipelineCodec {
    private PipelineCodec() {
    }

    /**
     * Encodes a pipeline.
     *
     * @param pipeline the pipeline
     * @return its definition
     */
    public static Map<String, Object> encode(MlPipeline pipeline) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("name", pipeline.name());
        List<Object> params = new ArrayList<>();
        for (Parameter p : pipeline.parameters()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", p.name());
            m.put("type", p.type().name());
            m.put("default", p.defaultValue());
            params.add(m);
        }
        out.put("parameters", params);
        out.put("steps", steps(pipeline.steps(), new IdentityHashMap<>()));
        return out;
    }

    private static List<Object> steps(List<Step> steps, Map<Step, Boolean> seen) {
        List<Object> out = new ArrayList<>();
        for (Step s : steps) {
            out.add(step(s, seen));
        }
        return out;
    }

    private static Map<String, Object> step(Step s, Map<Step, Boolean> seen) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", s.name());
        if (seen.put(s, Boolean.TRUE) != null) {
            m.put("type", "ref"); // the same step object again, e.g. in both branches of a condition
            return m;
        }
        return s.accept(new StepVisitor<Map<String, Object>>() {
            @Override
            public Map<String, Object> visitProcessing(ProcessingStep p) {
                m.put("type", "Processing");
                m.put("script", p.script());
                p.image().ifPresent(i -> {
                    m.put("image", i);
                    m.put("entryPoint", new ArrayList<Object>(p.entryPoint()));
                });
                m.put("inputs", values(p.inputs()));
                m.put("outputs", new ArrayList<Object>(p.outputs()));
                m.put("destinations", values(p.destinations()));
                m.put("arguments", valueList(p.arguments()));
                List<Object> files = new ArrayList<>();
                p.propertyFiles().forEach(f -> files.add(propertyFile(f)));
                m.put("propertyFiles", files);
                m.put("instanceType", value(p.instanceType()));
                m.put("instanceCount", value(p.instanceCount()));
                m.put("volumeSizeGb", value(p.volumeSizeGb()));
                p.timeout().ifPresent(t -> m.put("timeoutMillis", t.toMillis()));
                return m;
            }

            @Override
            public Map<String, Object> visitTraining(TrainingStep t) {
                m.put("type", "Training");
                m.put("algorithm", t.algorithm());
                m.put("version", t.version());
                m.put("hyperparameters", values(t.hyperparameters()));
                m.put("channels", values(t.channels()));
                m.put("contentType", t.contentType());
                m.put("instanceType", value(t.instanceType()));
                m.put("instanceCount", value(t.instanceCount()));
                m.put("volumeSizeGb", value(t.volumeSizeGb()));
                t.outputPath().ifPresent(o -> m.put("outputPath", value(o)));
                t.timeout().ifPresent(d -> m.put("timeoutMillis", d.toMillis()));
                return m;
            }

            @Override
            public Map<String, Object> visitRegisterModel(RegisterModelStep r) {
                m.put("type", "RegisterModel");
                m.put("approvalStatus", value(r.approvalStatus()));
                m.put("containers", values(r.containers()));
                if (r.metrics() != null) {
                    m.put("metrics", value(r.metrics()));
                    m.put("metricsFile", r.metricsFile());
                }
                m.put("contentTypes", new ArrayList<Object>(r.contentTypes()));
                m.put("responseTypes", new ArrayList<Object>(r.responseTypes()));
                m.put("inferenceInstances", new ArrayList<Object>(r.inferenceInstances()));
                m.put("transformInstances", new ArrayList<Object>(r.transformInstances()));
                return m;
            }

            @Override
            public Map<String, Object> visitCondition(ConditionStep c) {
                m.put("type", "Condition");
                List<Object> conditions = new ArrayList<>();
                for (Condition x : c.conditions()) {
                    Map<String, Object> cm = new LinkedHashMap<>();
                    cm.put("operator", x.operator().name());
                    cm.put("left", value(x.left()));
                    cm.put("right", value(x.right()));
                    conditions.add(cm);
                }
                m.put("conditions", conditions);
                m.put("ifSteps", steps(c.ifSteps(), seen));
                m.put("elseSteps", steps(c.elseSteps(), seen));
                return m;
            }
        });
    }

    private static List<Object> valueList(List<PipelineValue> values) {
        List<Object> out = new ArrayList<>();
        values.forEach(v -> out.add(value(v)));
        return out;
    }

    private static Map<String, Object> values(Map<String, PipelineValue> values) {
        Map<String, Object> out = new LinkedHashMap<>();
        values.forEach((k, v) -> out.put(k, value(v)));
        return out;
    }

    private static Map<String, Object> value(PipelineValue v) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (v instanceof Parameter p) {
            m.put("parameter", p.name());
        } else if (v instanceof PipelineValue.Literal l) {
            m.put("literal", l.value());
            m.put("literalType", l.type().name());
        } else if (v instanceof ExecutionVariable e) {
            m.put("execution", e.name());
        } else if (v instanceof Join j) {
            m.put("join", j.separator());
            m.put("values", valueList(j.values()));
        } else if (v instanceof StepOutput o) {
            m.put("step", o.step());
            m.put("output", o.output());
        } else if (v instanceof JsonGet g) {
            m.put("step", g.step());
            m.put("propertyFile", propertyFile(g.propertyFile()));
            m.put("jsonPath", g.jsonPath());
        }
        return m;
    }

    private static Map<String, Object> propertyFile(PropertyFile f) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", f.name());
        m.put("outputName", f.outputName());
        m.put("path", f.path());
        return m;
    }

    // ------------------------------------------------------------------ decoding

    /**
     * Rebuilds a pipeline from its definition.
     *
     * @param definition what {@link #encode} wrote
     * @return the pipeline, validated by its builders
     * @throws MlopsClientException if the definition holds something the embedded backend cannot run
     */
    public static MlPipeline decode(Map<String, Object> definition) {
        Map<String, Parameter> params = new LinkedHashMap<>();
        for (Object o : list(definition.get("parameters"))) {
            Map<String, Object> p = map(o);
            String name = text(p, "name");
            String def = text(p, "default");
            Parameter parameter = switch (text(p, "type")) {
                case "Integer" -> Parameter.integer(name, Long.parseLong(def));
                case "Float" -> Parameter.floating(name, Double.parseDouble(def));
                default -> Parameter.string(name, def);
            };
            params.put(name, parameter);
        }
        Decoder d = new Decoder(params);
        List<Step> steps = d.steps(definition.get("steps"));
        return MlPipeline.builder(text(definition, "name")).parameters(params.values().toArray(new Parameter[0]))
                .steps(steps.toArray(new Step[0])).build();
    }

    private static final class Decoder {
        final Map<String, Parameter> params;
        final Map<String, Step> decoded = new HashMap<>();

        Decoder(Map<String, Parameter> params) {
            this.params = params;
        }

        List<Step> steps(Object node) {
            List<Step> out = new ArrayList<>();
            for (Object o : list(node)) {
                out.add(step(map(o)));
            }
            return out;
        }

        Step step(Map<String, Object> m) {
            String name = text(m, "name");
            String type = text(m, "type");
            Step s;
            switch (type) {
                case "ref" -> {
                    s = decoded.get(name);
                    if (s == null) {
                        throw unsupported("a reference to step " + name + " before its definition");
                    }
                    return s;
                }
                case "Processing" -> {
                    ProcessingStep.Builder b = ProcessingStep.builder(name).script(text(m, "script"));
                    if (m.get("image") != null) {
                        b.image(text(m, "image"), strings(m.get("entryPoint")).toArray(new String[0]));
                    }
                    map(m.get("inputs")).forEach((k, v) -> b.input(k, value(map(v))));
                    Map<String, Object> destinations = map(m.get("destinations"));
                    for (String o : strings(m.get("outputs"))) {
                        if (destinations.containsKey(o)) {
                            b.output(o, value(map(destinations.get(o))));
                        } else {
                            b.outputs(o);
                        }
                    }
                    for (Object a : list(m.get("arguments"))) {
                        b.arguments(a instanceof Map ? value(map(a)) : PipelineValue.literal(String.valueOf(a)));
                    }
                    for (Object f : list(m.get("propertyFiles"))) {
                        b.propertyFile(propertyFile(map(f)));
                    }
                    b.instanceType(value(map(m.get("instanceType"))));
                    b.instanceCount(value(map(m.get("instanceCount"))));
                    b.volumeSizeGb(value(map(m.get("volumeSizeGb"))));
                    if (m.get("timeoutMillis") != null) {
                        b.timeout(Duration.ofMillis(((Number) m.get("timeoutMillis")).longValue()));
                    }
                    s = b.build();
                }
                case "Training" -> {
                    TrainingStep.Builder b = TrainingStep.builder(name).builtIn(text(m, "algorithm"), text(m, "version"));
                    map(m.get("hyperparameters")).forEach((k, v) -> b.hyperparameter(k, value(map(v))));
                    map(m.get("channels")).forEach((k, v) -> b.channel(k, value(map(v))));
                    b.contentType(text(m, "contentType"));
                    b.instanceType(value(map(m.get("instanceType"))));
                    b.instanceCount(value(map(m.get("instanceCount"))));
                    b.volumeSizeGb(value(map(m.get("volumeSizeGb"))));
                    if (m.get("outputPath") != null) {
                        b.outputPath(value(map(m.get("outputPath"))));
                    }
                    if (m.get("timeoutMillis") != null) {
                        b.timeout(Duration.ofMillis(((Number) m.get("timeoutMillis")).longValue()));
                    }
                    s = b.build();
                }
                case "RegisterModel" -> {
                    RegisterModelStep.Builder b = RegisterModelStep.builder(name)
                            .approvalStatus(value(map(m.get("approvalStatus"))));
                    map(m.get("containers")).forEach((k, v) -> b.container(k, value(map(v))));
                    if (m.get("metrics") != null) {
                        b.metrics(value(map(m.get("metrics"))), text(m, "metricsFile"));
                    }
                    b.contentTypes(strings(m.get("contentTypes")).toArray(new String[0]));
                    b.responseTypes(strings(m.get("responseTypes")).toArray(new String[0]));
                    b.inferenceInstances(strings(m.get("inferenceInstances")).toArray(new String[0]));
                    b.transformInstances(strings(m.get("transformInstances")).toArray(new String[0]));
                    s = b.build();
                }
                case "Condition" -> {
                    ConditionStep.Builder b = ConditionStep.builder(name);
                    for (Object o : list(m.get("conditions"))) {
                        Map<String, Object> c = map(o);
                        PipelineValue left = value(map(c.get("left")));
                        PipelineValue right = value(map(c.get("right")));
                        Condition.Operator op;
                        try {
                            op = Condition.Operator.valueOf(text(c, "operator"));
                        } catch (IllegalArgumentException e) {
                            throw unsupported("condition operator " + c.get("operator"));
                        }
                        b.condition(Condition.of(op, left, right));
                    }
                    b.ifSteps(steps(m.get("ifSteps")).toArray(new Step[0]));
                    b.elseSteps(steps(m.get("elseSteps")).toArray(new Step[0]));
                    s = b.build();
                }
                default -> throw unsupported("step " + name + " of type " + type.replace("unsupported:", ""));
            }
            decoded.put(name, s);
            return s;
        }

        PipelineValue value(Map<String, Object> m) {
            if (m.containsKey("parameter")) {
                Parameter p = params.get(text(m, "parameter"));
                // An undeclared parameter: rebuilt as one, for the pipeline's own validation to name it.
                return p != null ? p : Parameter.string(text(m, "parameter"), "");
            }
            if (m.containsKey("literal")) {
                String text = text(m, "literal");
                return switch (String.valueOf(m.getOrDefault("literalType", "String"))) {
                    case "Integer" -> PipelineValue.literal(Long.parseLong(text));
                    case "Float" -> PipelineValue.literal(Double.parseDouble(text));
                    default -> PipelineValue.literal(text);
                };
            }
            if (m.containsKey("execution")) {
                return switch (text(m, "execution")) {
                    case "PipelineExecutionId" -> ExecutionVariable.PIPELINE_EXECUTION_ID;
                    case "PipelineName" -> ExecutionVariable.PIPELINE_NAME;
                    case "StartDateTime" -> ExecutionVariable.START_DATE_TIME;
                    default -> throw unsupported("the execution variable " + m.get("execution"));
                };
            }
            if (m.containsKey("join")) {
                List<PipelineValue> parts = new ArrayList<>();
                list(m.get("values")).forEach(o -> parts.add(value(map(o))));
                return Join.on(text(m, "join"), parts);
            }
            if (m.containsKey("output")) {
                return producer(text(m, "step"), text(m, "output")).output(text(m, "output"));
            }
            if (m.containsKey("jsonPath")) {
                PropertyFile f = propertyFile(map(m.get("propertyFile")));
                return JsonGet.of(producer(text(m, "step"), f.outputName()), f, text(m, "jsonPath"));
            }
            throw unsupported("the value " + m + " (only parameters, literals, execution variables, step outputs,"
                    + " JsonGet and Join are supported)");
        }
    }

    /**
     * A stand-in for the step that produces an output: step outputs and property-file reads name their step,
     * and are equal to those the real step gives.
     */
    private static ProcessingStep producer(String step, String output) {
        return ProcessingStep.builder(step).script("producer.java").outputs(output).build();
    }

    private static PropertyFile propertyFile(Map<String, Object> m) {
        return PropertyFile.of(text(m, "name"), text(m, "outputName"), text(m, "path"));
    }

    private static MlopsClientException unsupported(String what) {
        return new MlopsClientException("The embedded backend cannot run the repository's pipeline: it holds " + what,
                null, Map.of());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        return o instanceof Map ? (Map<String, Object>) o : Map.of();
    }

    private static List<?> list(Object o) {
        return o instanceof List ? (List<?>) o : List.of();
    }

    private static List<String> strings(Object o) {
        List<String> out = new ArrayList<>();
        list(o).forEach(v -> out.add(String.valueOf(v)));
        return out;
    }

    private static String text(Map<String, Object> m, String key) {
        Object v = m.get(key);
        if (v == null) {
            throw unsupported("no " + key + " in " + m);
        }
        return v.toString();
    }
}
