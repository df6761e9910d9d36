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
import java.util.Set;

/**
 * Trains a model with a built-in algorithm over named channels (SageMaker's {@code TrainingStep} with a
 * built-in algorithm image). The model lands as {@code model.tar.gz} in SageMaker's layout; refer to it with
 * {@link #modelArtifacts()}. On SageMaker the image is the algorithm's regional image for the step's
 * {@link #version()}, from {@link BuiltInImages}; the artifacts go to {@link #outputPath()} (by default, as the
 * original seed does, {@code s3://<bucket>/<base job prefix>/<step>}).
 *
 * <pre>{@code
 * TrainingStep train = TrainingStep.builder("TrainAbaloneModel")
 *         .builtIn("xgboost", "1.7-1")
 *         .instanceType(trainingInstanceType)
 *         .hyperparameter("num_round", "50").hyperparameter("max_depth", "5")
 *         .channel("train", preprocess.output("train"))
 *         .build();
 * }</pre>
 */
public final class TrainingStep extends Step {
    /** The built-in algorithms the embedded backend runs. */
    public static final Set<String> ALGORITHMS = Set.of("xgboost");
    /** The name of the model-artifacts output. */
    public static final String MODEL_ARTIFACTS = "model";
    /** The version {@link Builder#algorithm(String)} picks. */
    public static final String DEFAULT_VERSION = "1.7-1";

    private final String algorithm;
    private final String version;
    private final Map<String, PipelineValue> hyperparameters;
    private final Map<String, PipelineValue> channels;
    private final String contentType;
    private final PipelineValue instanceType;
    private final PipelineValue instanceCount;
    private final PipelineValue volumeSizeGb;
    private final PipelineValue outputPath;
    private final Duration timeout;

    private TrainingStep(Builder b) {
        super(b.name);
        if (!ALGORITHMS.contains(b.algorithm)) {
            throw new ValidationException("TrainingStep.algorithm", b.algorithm, "one of the built-in algorithms " + ALGORITHMS);
        }
        if (!b.channels.containsKey("train")) {
            throw new ValidationException("TrainingStep.channels", b.channels.keySet(), "a set including the channel \"train\" (step " + b.name + ")");
        }
        BuiltInImages.published().check(b.algorithm, b.version);
        this.algorithm = b.algorithm;
        this.version = b.version;
        this.hyperparameters = Collections.unmodifiableMap(new LinkedHashMap<>(b.hyperparameters));
        this.channels = Collections.unmodifiableMap(new LinkedHashMap<>(b.channels));
        this.contentType = b.contentType;
        this.instanceType = b.instanceType;
        this.instanceCount = b.instanceCount;
        this.volumeSizeGb = b.volumeSizeGb;
        this.outputPath = b.outputPath;
        this.timeout = b.timeout;
    }

    /**
     * Starts a training step.
     *
     * @param name the step's name
     * @return a builder
     */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    @Override
    public String type() {
        return "Training";
    }

    @Override
    public <R> R accept(StepVisitor<R> visitor) {
        return visitor.visitTraining(this);
    }

    /**
     * The built-in algorithm.
     *
     * @return e.g. {@code xgboost}
     */
    public String algorithm() {
        return algorithm;
    }

    /**
     * The algorithm's version, as SageMaker tags its image.
     *
     * @return e.g. {@code 1.7-1}
     */
    public String version() {
        return version;
    }

    /**
     * The hyperparameters, with SageMaker's names.
     *
     * @return an unmodifiable map
     */
    public Map<String, PipelineValue> hyperparameters() {
        return hyperparameters;
    }

    /**
     * The content type of every channel's data.
     *
     * @return {@code text/csv} unless set otherwise
     */
    public String contentType() {
        return contentType;
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
     * Where a cloud backend writes the model artifacts, if set; otherwise its default place.
     *
     * @return the S3 prefix value, if set
     */
    public Optional<PipelineValue> outputPath() {
        return Optional.ofNullable(outputPath);
    }

    /**
     * The channels, by name ({@code train}, {@code validation}).
     *
     * @return an unmodifiable map
     */
    public Map<String, PipelineValue> channels() {
        return channels;
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
     * How long training may run before the step fails as timed out (SageMaker's
     * {@code StoppingCondition.MaxRuntimeInSeconds}); empty for the backend's default (30 minutes on the
     * embedded backend).
     *
     * @return the timeout, if set
     */
    public Optional<Duration> timeout() {
        return Optional.ofNullable(timeout);
    }

    /**
     * A reference to the trained model's artifacts ({@code model.tar.gz}).
     *
     * @return the reference
     */
    public StepOutput modelArtifacts() {
        return new StepOutput(name(), MODEL_ARTIFACTS);
    }

    @Override
    public List<PipelineValue> references() {
        List<PipelineValue> out = new ArrayList<>();
        channels.values().forEach(v -> out.addAll(v.parts()));
        hyperparameters.values().forEach(v -> out.addAll(v.parts()));
        for (PipelineValue v : List.of(instanceType, instanceCount, volumeSizeGb)) {
            out.addAll(v.parts());
        }
        if (outputPath != null) {
            out.addAll(outputPath.parts());
        }
        return out;
    }

    /** Builds a {@link TrainingStep}. */
    public static final class Builder {
        private final String name;
        private String algorithm = "xgboost";
        private String version = DEFAULT_VERSION;
        private final Map<String, PipelineValue> hyperparameters = new LinkedHashMap<>();
        private final Map<String, PipelineValue> channels = new LinkedHashMap<>();
        private String contentType = "text/csv";
        private PipelineValue instanceType = PipelineValue.literal("ml.m5.xlarge");
        private PipelineValue instanceCount = PipelineValue.literal(1L);
        private PipelineValue volumeSizeGb = PipelineValue.literal(30L);
        private PipelineValue outputPath;
        private Duration timeout;

        private Builder(String name) {
            this.name = name;
        }

        /**
         * Sets the built-in algorithm, at {@link #DEFAULT_VERSION}.
         *
         * @param algorithm e.g. {@code xgboost}
         * @return this builder
         */
        public Builder algorithm(String algorithm) {
            return builtIn(algorithm, DEFAULT_VERSION);
        }

        /**
         * Sets the built-in algorithm and its version; {@link #build()} checks both against
         * {@link BuiltInImages#published()}.
         *
         * @param algorithm e.g. {@code xgboost}
         * @param version e.g. {@code 1.7-1}
         * @return this builder
         */
        public Builder builtIn(String algorithm, String version) {
            this.algorithm = algorithm;
            this.version = version;
            return this;
        }

        /**
         * Sets the content type of every channel.
         *
         * @param contentType e.g. {@code text/csv}
         * @return this builder
         */
        public Builder contentType(String contentType) {
            Validation.notBlank("TrainingStep.contentType", contentType);
            this.contentType = contentType;
            return this;
        }

        /**
         * Sets a hyperparameter from a value resolved when the pipeline runs, e.g. a {@link Parameter}.
         *
         * @param name SageMaker's name, e.g. {@code num_round}
         * @param value its value
         * @return this builder
         */
        public Builder hyperparameter(String name, PipelineValue value) {
            Validation.notBlank("TrainingStep.hyperparameter", name);
            hyperparameters.put(name, Validation.notNull("TrainingStep.hyperparameter." + name, value, "a value"));
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
                throw new ValidationException("TrainingStep.instanceCount", count, "at least 1");
            }
            return instanceCount(PipelineValue.literal((long) count));
        }

        /**
         * Sets the number of instances from a value resolved when the pipeline runs.
         *
         * @param count the value
         * @return this builder
         */
        public Builder instanceCount(PipelineValue count) {
            this.instanceCount = Validation.notNull("TrainingStep.instanceCount", count, "a value");
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
                throw new ValidationException("TrainingStep.volumeSizeGb", gb, "at least 1");
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
            this.volumeSizeGb = Validation.notNull("TrainingStep.volumeSizeGb", gb, "a value");
            return this;
        }

        /**
         * Sets where a cloud backend writes the model artifacts.
         *
         * @param s3Prefix an {@code s3://} prefix, or a value building one
         * @return this builder
         */
        public Builder outputPath(PipelineValue s3Prefix) {
            this.outputPath = Validation.notNull("TrainingStep.outputPath", s3Prefix, "a value");
            return this;
        }

        /**
         * Sets a hyperparameter.
         *
         * @param name SageMaker's name, e.g. {@code num_round}
         * @param value its value
         * @return this builder
         */
        public Builder hyperparameter(String name, String value) {
            return hyperparameter(name, PipelineValue.literal(Validation.notNull("TrainingStep.hyperparameter." + name, value, "a value")));
        }

        /**
         * Adds a channel.
         *
         * @param name {@code train} or {@code validation}
         * @param data where its CSV files come from
         * @return this builder
         */
        public Builder channel(String name, PipelineValue data) {
            Validation.name("TrainingStep.channel", name);
            channels.put(name, data);
            return this;
        }

        /**
         * Sets the instance type.
         *
         * @param instanceType e.g. {@code ml.m5.xlarge}
         * @return this builder
         */
        public Builder instanceType(String instanceType) {
            Validation.notBlank("TrainingStep.instanceType", instanceType);
            return instanceType(PipelineValue.literal(instanceType));
        }

        /**
         * Sets the instance type from a value resolved when the pipeline runs, e.g. a {@link Parameter}.
         *
         * @param instanceType the value
         * @return this builder
         */
        public Builder instanceType(PipelineValue instanceType) {
            this.instanceType = Validation.notNull("TrainingStep.instanceType", instanceType, "a value");
            return this;
        }

        /**
         * Sets how long training may run before the step fails as timed out; the training process is then
         * stopped. Without it the backend's default applies (30 minutes on the embedded backend).
         *
         * @param timeout a positive duration, e.g. {@code Duration.ofMinutes(10)}
         * @return this builder
         * @throws ValidationException if the duration is null, zero or negative
         */
        public Builder timeout(Duration timeout) {
            Validation.positive("TrainingStep.timeout", timeout);
            this.timeout = timeout;
            return this;
        }

        /**
         * Builds the step.
         *
         * @return the step
         */
        public TrainingStep build() {
            return new TrainingStep(this);
        }
    }
}
