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
 *         .instanceType(processingInstanceType).instanceCount(processingInstanceCount)
 *         .input("raw", inputDataUrl)
 *         .outputs("train", "validation", "test", "model")
 *         .build();
 * }</pre>
 *
 * <p>On SageMaker the step is a processing job. Without an {@link Builder#image(String, String...) image} it runs in the
 * SDK's JDK image, whose entry point ({@link #SDK_ENTRY_POINT} followed by the script's class) loads the script
 * from the model-build code the build stage uploads; inputs are mounted at
 * {@code /opt/ml/processing/input/<name>}, outputs are read from {@code /opt/ml/processing/<name>} and
 * uploaded to their {@link #destinations() destinations} (by default, where the SageMaker Python SDK puts them:
 * {@code s3://<bucket>/<pipeline>/<execution id>/<step>/output/<name>}).
 */
public final class ProcessingStep extends Step {
    /** Where SageMaker lays out a processing job's files. */
    public static final String PROCESSING_ROOT = "/opt/ml/processing";
    /** The input name the model-build code is mounted under, so no step input may use it. */
    public static final String CODE_INPUT = "code";
    /**
     * The SDK image's entry point, to which the script's class name is appended: the image holds every runtime jar
     * of {@code mlops-container} in {@code /opt/mlops/lib/}, the code input holds the model-build code jar.
     */
    public static final List<String> SDK_ENTRY_POINT = List.of("java", "-cp",
            "/opt/mlops/lib/*:" + PROCESSING_ROOT + "/input/" + CODE_INPUT + "/*", "dev.mlops.container.ProcessingStepMain");

    private final String script;
    private final String image;
    private final List<String> entryPoint;
    private final Map<String, PipelineValue> inputs;
    private final List<String> outputs;
    private final Map<String, PipelineValue> destinations;
    private final List<PipelineValue> arguments;
    private final List<PropertyFile> propertyFiles;
    private final PipelineValue instanceType;
    private final PipelineValue instanceCount;
    private final PipelineValue volumeSizeGb;
    private final Duration timeout;

    private ProcessingStep(Builder b) {
        super(b.name);
        Validation.notBlank("ProcessingStep.script", b.script);
        if (!b.script.endsWith(".java")) {
            throw new ValidationException("ProcessingStep.script", b.script, "the path of a .java source file in the repository");
        }
        if (b.inputs.containsKey(CODE_INPUT)) {
            throw new ValidationException("ProcessingStep.input", CODE_INPUT,
                    "a name other than \"" + CODE_INPUT + "\", which holds the model-build code (step " + b.name + ")");
        }
        if (b.outputs.contains("input")) {
            throw new ValidationException("ProcessingStep.output", "input",
                    "a name other than \"input\": outputs live beside " + PROCESSING_ROOT + "/input (step " + b.name + ")");
        }
        for (String o : b.destinations.keySet()) {
            if (!b.outputs.contains(o)) {
                throw new ValidationException("ProcessingStep.destination", o, "a declared output " + b.outputs + " (step " + b.name + ")");
            }
        }
        if (b.entryPoint != null && b.image == null) {
            throw new ValidationException("ProcessingStep.entryPoint", b.entryPoint,
                    "set together with an image; the SDK image has its own entry point (step " + b.name + ")");
        }
        for (PropertyFile pf : b.propertyFiles) {
            if (!b.outputs.contains(pf.outputName())) {
                throw new ValidationException("ProcessingStep.propertyFile", pf.name(),
                        "written to a declared output " + b.outputs + " (step " + b.name + ")");
            }
        }
        this.script = b.script;
        this.image = b.image;
        this.entryPoint = b.entryPoint == null ? null : List.copyOf(b.entryPoint);
        this.inputs = Collections.unmodifiableMap(new LinkedHashMap<>(b.inputs));
        this.outputs = List.copyOf(b.outputs);
        this.destinations = Collections.unmodifiableMap(new LinkedHashMap<>(b.destinations));
        this.arguments = List.copyOf(b.arguments);
        this.propertyFiles = List.copyOf(b.propertyFiles);
        this.instanceType = b.instanceType;
        this.instanceCount = b.instanceCount;
        this.volumeSizeGb = b.volumeSizeGb;
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

    @Override
    public <R> R accept(StepVisitor<R> visitor) {
        return visitor.visitProcessing(this);
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
     * The script's class name, from its source path ({@code pipelines/abalone/Preprocess.java} is
     * {@code pipelines.abalone.Preprocess}).
     *
     * @return the binary class name
     */
    public String scriptClass() {
        return script.substring(0, script.length() - ".java".length()).replace('/', '.');
    }

    /**
     * The image the step runs in, if not the SDK's JDK image.
     *
     * @return the image URI, or empty for the SDK image
     */
    public Optional<String> image() {
        return Optional.ofNullable(image);
    }

    /**
     * The command the image runs: the one set with the image, or {@link #SDK_ENTRY_POINT} followed by
     * {@link #scriptClass()}.
     *
     * @return an unmodifiable list
     */
    public List<String> entryPoint() {
        if (entryPoint != null) {
            return entryPoint;
        }
        List<String> out = new ArrayList<>(SDK_ENTRY_POINT);
        out.add(scriptClass());
        return List.copyOf(out);
    }

    /**
     * Whether the step runs the repository's script in the SDK image (and so runs on the embedded backend too).
     *
     * @return {@code true} without a custom image
     */
    public boolean runsSdkImage() {
        return image == null;
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
     * The outputs given an explicit destination (an S3 URI); the others go to the backend's default place.
     *
     * @return an unmodifiable map, output name to destination
     */
    public Map<String, PipelineValue> destinations() {
        return destinations;
    }

    /**
     * The script's arguments.
     *
     * @return an unmodifiable list
     */
    public List<PipelineValue> arguments() {
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
     * The instance type (a cloud backend's; the embedded backend records it).
     *
     * @return a literal or parameter, {@code ml.m5.xlarge} by default
     */
    public PipelineValue instanceType() {
        return instanceType;
    }

    /**
     * The number of instances.
     *
     * @return a literal or parameter, 1 by default
     */
    public PipelineValue instanceCount() {
        return instanceCount;
    }

    /**
     * The size of each instance's storage volume in GB.
     *
     * @return a literal or parameter, 30 by default (the SageMaker Python SDK's)
     */
    public PipelineValue volumeSizeGb() {
        return volumeSizeGb;
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
        List<PipelineValue> out = new ArrayList<>();
        inputs.values().forEach(v -> out.addAll(v.parts()));
        destinations.values().forEach(v -> out.addAll(v.parts()));
        arguments.forEach(v -> out.addAll(v.parts()));
        for (PipelineValue v : List.of(instanceType, instanceCount, volumeSizeGb)) {
            out.addAll(v.parts());
        }
        return out;
    }

    /** Builds a {@link ProcessingStep}. */
    public static final class Builder {
        private final String name;
        private String script;
        private String image;
        private List<String> entryPoint;
        private final Map<String, PipelineValue> inputs = new LinkedHashMap<>();
        private final List<String> outputs = new ArrayList<>();
        private final Map<String, PipelineValue> destinations = new LinkedHashMap<>();
        private final List<PipelineValue> arguments = new ArrayList<>();
        private final List<PropertyFile> propertyFiles = new ArrayList<>();
        private PipelineValue instanceType = PipelineValue.literal("ml.m5.xlarge");
        private PipelineValue instanceCount = PipelineValue.literal(1L);
        private PipelineValue volumeSizeGb = PipelineValue.literal(30L);
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
         * Runs the step in another image than the SDK's, with its own command. Such a step runs on SageMaker
         * only: the embedded backend refuses it when the pipeline runs.
         *
         * @param imageUri the image's URI, e.g. an ECR image
         * @param command the command it runs (SageMaker's {@code ContainerEntrypoint}), at least one word
         * @return this builder
         * @throws ValidationException if the image is blank or the command empty
         */
        public Builder image(String imageUri, String... command) {
            Validation.notBlank("ProcessingStep.image", imageUri);
            if (command.length == 0) {
                throw new ValidationException("ProcessingStep.entryPoint", "[]", "at least one word (step " + name + ")");
            }
            this.image = imageUri;
            this.entryPoint = List.of(command);
            return this;
        }

        /**
         * Adds an input.
         *
         * @param name the input's name
         * @param value where its files come from: a step output, or a parameter or literal holding a path
         *     (relative to the repository), a {@code file:} URL or a {@code classpath:} resource on the embedded
         *     backend, an {@code s3://} URI on SageMaker
         * @return this builder
         */
        public Builder input(String name, PipelineValue value) {
            Validation.name("ProcessingStep.input", name);
            inputs.put(name, Validation.notNull("ProcessingStep.input." + name, value, "a value"));
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
         * Declares an output with an explicit destination.
         *
         * @param name the output's name
         * @param destination where a cloud backend uploads it, e.g. an {@code s3://} URI or a {@link Join}
         * @return this builder
         */
        public Builder output(String name, PipelineValue destination) {
            outputs(name);
            destinations.put(name, Validation.notNull("ProcessingStep.destination." + name, destination, "a value"));
            return this;
        }

        /**
         * Adds literal script arguments.
         *
         * @param args the arguments
         * @return this builder
         */
        public Builder arguments(String... args) {
            for (String a : args) {
                arguments.add(PipelineValue.literal(a));
            }
            return this;
        }

        /**
         * Adds script arguments resolved when the step runs, e.g. a {@link Parameter}.
         *
         * @param args the arguments
         * @return this builder
         */
        public Builder arguments(PipelineValue... args) {
            for (PipelineValue a : args) {
                arguments.add(Validation.notNull("ProcessingStep.arguments[]", a, "a value"));
            }
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
         * Sets the instance type.
         *
         * @param instanceType e.g. {@code ml.m5.xlarge}
         * @return this builder
         */
        public Builder instanceType(String instanceType) {
            Validation.notBlank("ProcessingStep.instanceType", instanceType);
            return instanceType(PipelineValue.literal(instanceType));
        }

        /**
         * Sets the instance type from a value resolved when the pipeline runs, e.g. a {@link Parameter}.
         *
         * @param instanceType the value
         * @return this builder
         */
        public Builder instanceType(PipelineValue instanceType) {
            this.instanceType = Validation.notNull("ProcessingStep.instanceType", instanceType, "a value");
            return this;
        }

        /**
         * Sets the number of instances.
         *
         * @param count at least 1
         * @return this builder
         * @throws ValidationException if it is below 1
         */
        public Builder instanceCount(int count) {
            if (count < 1) {
                throw new ValidationException("ProcessingStep.instanceCount", count, "at least 1");
            }
            return instanceCount(PipelineValue.literal((long) count));
        }

        /**
         * Sets the number of instances from a value resolved when the pipeline runs, e.g. a {@link Parameter}.
         *
         * @param count the value
         * @return this builder
         */
        public Builder instanceCount(PipelineValue count) {
            this.instanceCount = Validation.notNull("ProcessingStep.instanceCount", count, "a value");
            return this;
        }

        /**
         * Sets the size of each instance's storage volume.
         *
         * @param gb at least 1
         * @return this builder
         * @throws ValidationException if it is below 1
         */
        public Builder volumeSizeGb(int gb) {
            if (gb < 1) {
                throw new ValidationException("ProcessingStep.volumeSizeGb", gb, "at least 1");
            }
            return volumeSizeGb(PipelineValue.literal((long) gb));
        }

        /**
         * Sets the volume size from a value resolved when the pipeline runs.
         *
         * @param gb the value
         * @return this builder
         */
        public Builder volumeSizeGb(PipelineValue gb) {
            this.volumeSizeGb = Validation.notNull("ProcessingStep.volumeSizeGb", gb, "a value");
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
