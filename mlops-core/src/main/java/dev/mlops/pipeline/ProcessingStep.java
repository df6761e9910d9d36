package dev.mlops.pipeline;

import dev.mlops.exception.ValidationException;
import dev.mlops.internal.Validation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs a {@link ProcessingScript} from the model-build repository over named inputs, producing named outputs
 * (SageMaker's {@code ProcessingStep}).
 *
 * <pre>{@code
 * ProcessingStep preprocess = ProcessingStep.builder("PreprocessAbaloneData")
 *         .script("pipelines/abalone/Preprocess.java")
 *         .input("raw", inputDataUrl)
 *         .outputs("train", "validation", "test", "model")
 *         .build();
 * }</pre>
 */
public final class ProcessingStep extends Step {
    private final String script;
    private final Map<String, PipelineValue> inputs;
    private final List<String> outputs;
    private final List<String> arguments;
    private final List<PropertyFile> propertyFiles;
    private final String instanceType;
    private final Duration timeout;

    private ProcessingStep(Builder b) {
        super(b.name);
        Validation.notBlank("ProcessingStep.script", b.script);
        if (!b.script.endsWith(".java")) {
            throw new ValidationException("ProcessingStep.script", b.script, "the path of a .java source file in the repository");
        }
        for (PropertyFile pf : b.propertyFiles) {
            if (!b.outputs.contains(pf.outputName())) {
                throw new ValidationException("ProcessingStep.propertyFile", pf.name(),
                        "written to a declared output " + b.outputs + " (step " + b.name + ")");
            }
        }
        this.script = b.script;
        this.inputs = Collections.unmodifiableMap(new LinkedHashMap<>(b.inputs));
        this.outputs = List.copyOf(b.outputs);
        this.arguments = List.copyOf(b.arguments);
        this.propertyFiles = List.copyOf(b.propertyFiles);
        this.instanceType = b.instanceType;
        this.timeout = b.timeout;
    }

    /**
     * Starts a processing step.
     *
     * @param name the step's name
     * @return a builder
     */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    @Override
    public String type() {
        return "Processing";
    }

    /**
     * The script's source path in the repository.
     *
     * @return the path
     */
    public String script() {
        return script;
    }

    /**
     * The inputs, by name.
     *
     * @return an unmodifiable map
     */
    public Map<String, PipelineValue> inputs() {
        return inputs;
    }

    /**
     * The output names.
     *
     * @return an unmodifiable list
     */
    public List<String> outputs() {
        return outputs;
    }

    /**
     * The script's arguments.
     *
     * @return an unmodifiable list
     */
    public List<String> arguments() {
        return arguments;
    }

    /**
     * The property files the script writes.
     *
     * @return an unmodifiable list
     */
    public List<PropertyFile> propertyFiles() {
        return propertyFiles;
    }

    /**
     * The instance type a cloud backend would use; recorded locally.
     *
     * @return the instance type
     */
    public String instanceType() {
        return instanceType;
    }

    /**
     * How long the script may run before the step fails as timed out (SageMaker's
     * {@code StoppingCondition.MaxRuntimeInSeconds}); empty for the backend's default (30 minutes on the
     * embedded backend).
     *
     * @return the timeout, if set
     */
    public Optional<Duration> timeout() {
        return Optional.ofNullable(timeout);
    }

    /**
     * A reference to one of this step's outputs.
     *
     * @param name the output's name
     * @return the reference
     */
    public StepOutput output(String name) {
        if (!outputs.contains(name)) {
            throw new ValidationException("ProcessingStep.output", name, "one of the outputs " + outputs + " of step " + name());
        }
        return new StepOutput(name(), name);
    }

    @Override
    public List<PipelineValue> references() {
        return new ArrayList<>(inputs.values());
    }

    /** Builds a {@link ProcessingStep}. */
    public static final class Builder {
        private final String name;
        private String script;
        private final Map<String, PipelineValue> inputs = new LinkedHashMap<>();
        private final List<String> outputs = new ArrayList<>();
        private final List<String> arguments = new ArrayList<>();
        private final List<PropertyFile> propertyFiles = new ArrayList<>();
        private String instanceType = "ml.m5.xlarge";
        private Duration timeout;

        private Builder(String name) {
            this.name = name;
        }

        /**
         * Sets the script's source path in the repository.
         *
         * @param path e.g. {@code pipelines/abalone/Preprocess.java}
         * @return this builder
         */
        public Builder script(String path) {
            this.script = path;
            return this;
        }

        /**
         * Adds an input.
         *
         * @param name the input's name
         * @param value where its files come from: a step output, or a parameter or literal holding a path
         *     (relative to the repository), a {@code file:} URL or a {@code classpath:} resource
         * @return this builder
         */
        public Builder input(String name, PipelineValue value) {
            Validation.name("ProcessingStep.input", name);
            inputs.put(name, value);
            return this;
        }

        /**
         * Declares outputs.
         *
         * @param names output names
         * @return this builder
         */
        public Builder outputs(String... names) {
            for (String n : names) {
                Validation.name("ProcessingStep.output", n);
                outputs.add(n);
            }
            return this;
        }

        /**
         * Adds script arguments.
         *
         * @param args the arguments
         * @return this builder
         */
        public Builder arguments(String... args) {
            arguments.addAll(List.of(args));
            return this;
        }

        /**
         * Declares a property file the script writes.
         *
         * @param file the property file
         * @return this builder
         */
        public Builder propertyFile(PropertyFile file) {
            propertyFiles.add(file);
            return this;
        }

        /**
         * Sets the instance type a cloud backend would use.
         *
         * @param instanceType e.g. {@code ml.m5.xlarge}
         * @return this builder
         */
        public Builder instanceType(String instanceType) {
            this.instanceType = instanceType;
            return this;
        }

        /**
         * Sets how long the script may run before the step fails as timed out; the step's process is then
         * stopped. Without it the backend's default applies (30 minutes on the embedded backend).
         *
         * @param timeout a positive duration, e.g. {@code Duration.ofMinutes(10)}
         * @return this builder
         * @throws ValidationException if the duration is null, zero or negative
         */
        public Builder timeout(Duration timeout) {
            Validation.positive("ProcessingStep.timeout", timeout);
            this.timeout = timeout;
            return this;
        }

        /**
         * Builds the step.
         *
         * @return the step
         * @throws ValidationException naming the field that is wrong
         */
        public ProcessingStep build() {
            return new ProcessingStep(this);
        }
    }
}
