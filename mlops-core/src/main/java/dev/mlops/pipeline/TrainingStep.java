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
 * {@link #modelArtifacts()}.
 *
 * <pre>{@code
 * TrainingStep train = TrainingStep.builder("TrainAbaloneModel")
 *         .algorithm("xgboost")
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

    private final String algorithm;
    private final Map<String, String> hyperparameters;
    private final Map<String, PipelineValue> channels;
    private final String instanceType;
    private final Duration timeout;

    private TrainingStep(Builder b) {
        super(b.name);
        if (!ALGORITHMS.contains(b.algorithm)) {
            throw new ValidationException("TrainingStep.algorithm", b.algorithm, "one of the built-in algorithms " + ALGORITHMS);
        }
        if (!b.channels.containsKey("train")) {
            throw new ValidationException("TrainingStep.channels", b.channels.keySet(), "a set including the channel \"train\" (step " + b.name + ")");
        }
        this.algorithm = b.algorithm;
        this.hyperparameters = Collections.unmodifiableMap(new LinkedHashMap<>(b.hyperparameters));
        this.channels = Collections.unmodifiableMap(new LinkedHashMap<>(b.channels));
        this.instanceType = b.instanceType;
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

    /**
     * The built-in algorithm.
     *
     * @return e.g. {@code xgboost}
     */
    public String algorithm() {
        return algorithm;
    }

    /**
     * The hyperparameters, with SageMaker's names.
     *
     * @return an unmodifiable map
     */
    public Map<String, String> hyperparameters() {
        return hyperparameters;
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
     * The instance type a cloud backend would use; recorded locally.
     *
     * @return the instance type
     */
    public String instanceType() {
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
        return new ArrayList<>(channels.values());
    }

    /** Builds a {@link TrainingStep}. */
    public static final class Builder {
        private final String name;
        private String algorithm = "xgboost";
        private final Map<String, String> hyperparameters = new LinkedHashMap<>();
        private final Map<String, PipelineValue> channels = new LinkedHashMap<>();
        private String instanceType = "ml.m5.xlarge";
        private Duration timeout;

        private Builder(String name) {
            this.name = name;
        }

        /**
         * Sets the built-in algorithm.
         *
         * @param algorithm e.g. {@code xgboost}
         * @return this builder
         */
        public Builder algorithm(String algorithm) {
            this.algorithm = algorithm;
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
            Validation.notBlank("TrainingStep.hyperparameter", name);
            hyperparameters.put(name, value);
            return this;
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
