package dev.mlops.pipeline;

import dev.mlops.exception.ValidationException;
import dev.mlops.internal.Validation;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An ML pipeline: parameters and steps, shaped after SageMaker Pipelines so that the same definition runs on
 * the embedded executor and renders to a SageMaker pipeline definition. Built once per run by the
 * model-build repository's {@link PipelineFactory}.
 *
 * <p>{@link Builder#build()} checks that names are unique, that every reference points to a step and output that
 * exist, and that the data flow has no cycle.
 */
public final class MlPipeline {
    private final String name;
    private final List<Parameter> parameters;
    private final List<Step> steps;

    private MlPipeline(Builder b) {
        Validation.name("MlPipeline.name", b.name);
        this.name = b.name;
        this.parameters = List.copyOf(b.parameters);
        this.steps = List.copyOf(b.steps);
        validate();
    }

    /**
     * Starts a pipeline.
     *
     * @param name the pipeline's name (the originals use {@code <project>-<id>})
     * @return a builder
     */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    /**
     * The name.
     *
     * @return the pipeline's name
     */
    public String name() {
        return name;
    }

    /**
     * The parameters.
     *
     * @return an unmodifiable list
     */
    public List<Parameter> parameters() {
        return parameters;
    }

    /**
     * The top-level steps (steps inside a condition's branches are reached through it).
     *
     * @return an unmodifiable list
     */
    public List<Step> steps() {
        return steps;
    }

    /**
     * Every step, including those in condition branches, by name.
     *
     * @return a map in declaration order
     */
    public Map<String, Step> allSteps() {
        Map<String, Step> out = new LinkedHashMap<>();
        collect(steps, out);
        return out;
    }

    private static void collect(List<Step> steps, Map<String, Step> out) {
        for (Step s : steps) {
            if (out.containsKey(s.name()) && out.get(s.name()) != s) {
                throw new ValidationException("MlPipeline.steps", s.name(), "unique step names");
            }
            out.put(s.name(), s);
            if (s instanceof ConditionStep) {
                collect(((ConditionStep) s).ifSteps(), out);
                collect(((ConditionStep) s).elseSteps(), out);
            }
        }
    }

    private void validate() {
        Set<String> params = new HashSet<>();
        for (Parameter p : parameters) {
            if (!params.add(p.name())) {
                throw new ValidationException("MlPipeline.parameters", p.name(), "unique parameter names");
            }
        }
        Map<String, Step> all = allSteps();
        Map<String, List<String>> deps = new HashMap<>();
        for (Step s : all.values()) {
            List<String> d = new ArrayList<>();
            for (PipelineValue v : s.references()) {
                if (v instanceof Parameter && !params.contains(((Parameter) v).name())) {
                    throw new ValidationException("Step." + s.name(), ((Parameter) v).name(), "a parameter declared on the pipeline " + params);
                }
                String producer = producer(v);
                if (producer != null) {
                    Step p = all.get(producer);
                    if (p == null) {
                        throw new ValidationException("Step." + s.name(), v, "a reference to a step of the pipeline " + all.keySet());
                    }
                    if (v instanceof StepOutput) {
                        String out = ((StepOutput) v).output();
                        boolean ok = p instanceof ProcessingStep ? ((ProcessingStep) p).outputs().contains(out)
                                : p instanceof TrainingStep && out.equals(TrainingStep.MODEL_ARTIFACTS);
                        if (!ok) {
                            throw new ValidationException("Step." + s.name(), v, "an output that step " + producer + " declares");
                        }
                    }
                    d.add(producer);
                }
            }
            deps.put(s.name(), d);
        }
        // Depth-first search for a cycle in the data flow.
        Map<String, Integer> state = new HashMap<>();
        for (String s : all.keySet()) {
            visit(s, deps, state);
        }
    }

    private static void visit(String s, Map<String, List<String>> deps, Map<String, Integer> state) {
        Integer st = state.get(s);
        if (st != null && st == 2) {
            return;
        }
        if (st != null && st == 1) {
            throw new ValidationException("MlPipeline.steps", s, "free of cycles: step " + s + " depends on itself");
        }
        state.put(s, 1);
        for (String d : deps.getOrDefault(s, List.of())) {
            visit(d, deps, state);
        }
        state.put(s, 2);
    }

    /**
     * The step a value comes from, if it comes from one.
     *
     * @param value a pipeline value
     * @return the producing step's name, or {@code null}
     */
    public static String producer(PipelineValue value) {
        if (value instanceof StepOutput) {
            return ((StepOutput) value).step();
        }
        if (value instanceof JsonGet) {
            return ((JsonGet) value).step();
        }
        return null;
    }

    /** Builds an {@link MlPipeline}. */
    public static final class Builder {
        private final String name;
        private final List<Parameter> parameters = new ArrayList<>();
        private final List<Step> steps = new ArrayList<>();

        private Builder(String name) {
            this.name = name;
        }

        /**
         * Adds parameters.
         *
         * @param params the parameters
         * @return this builder
         */
        public Builder parameters(Parameter... params) {
            parameters.addAll(List.of(params));
            return this;
        }

        /**
         * Adds top-level steps.
         *
         * @param s the steps
         * @return this builder
         */
        public Builder steps(Step... s) {
            steps.addAll(List.of(s));
            return this;
        }

        /**
         * Builds and validates the pipeline.
         *
         * @return the pipeline
         * @throws ValidationException naming the step, field and rule that failed
         */
        public MlPipeline build() {
            return new MlPipeline(this);
        }
    }
}
