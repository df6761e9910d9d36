package dev.mlops.pipeline;

import dev.mlops.exception.ValidationException;
import dev.mlops.internal.Validation;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Registers a model version in the project's model package group (SageMaker's {@code RegisterModel}). The
 * model is an inference pipeline of one or more containers, each with its artifacts; the embedded backend
 * serves a {@code preprocessor} container (a {@code preprocessor.json} feature transform) followed by an
 * {@code xgboost} container ({@code model.tar.gz} holding {@code xgboost-model}).
 *
 * <p>On SageMaker the model package is the same inference pipeline: a {@code preprocessor} container is the SDK's
 * own image serving the transform (started with {@code serve}) over the uncompressed files of its artifacts, and each
 * built-in algorithm kind is its image of the version that trained the artifacts (from {@link BuiltInImages}), so a
 * SageMaker endpoint takes the same raw rows as the embedded one. See
 * {@code docs/backend-aws.md}.
 */
public final class RegisterModelStep extends Step {
    private final PipelineValue approvalStatus;
    private final Map<String, PipelineValue> containers;
    private final PipelineValue metrics;
    private final String metricsFile;
    private final List<String> contentTypes;
    private final List<String> responseTypes;
    private final List<String> inferenceInstances;
    private final List<String> transformInstances;

    private RegisterModelStep(Builder b) {
        super(b.name);
        if (b.containers.isEmpty()) {
            throw new ValidationException("RegisterModelStep.containers", "{}", "at least one container (step " + b.name + ")");
        }
        this.approvalStatus = b.approvalStatus;
        this.containers = Collections.unmodifiableMap(new LinkedHashMap<>(b.containers));
        this.metrics = b.metrics;
        this.metricsFile = b.metricsFile;
        this.contentTypes = List.copyOf(b.contentTypes);
        this.responseTypes = List.copyOf(b.responseTypes);
        this.inferenceInstances = List.copyOf(b.inferenceInstances);
        this.transformInstances = List.copyOf(b.transformInstances);
    }

    /**
     * Starts a register step.
     *
     * @param name the step's name
     * @return a builder
     */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    @Override
    public String type() {
        return "RegisterModel";
    }

    /**
     * The approval status the version starts with.
     *
     * @return a value resolving to {@code PendingManualApproval} or {@code Approved}
     */
    public PipelineValue approvalStatus() {
        return approvalStatus;
    }

    /**
     * The inference containers, in order: container kind to its artifacts.
     *
     * @return an unmodifiable map
     */
    public Map<String, PipelineValue> containers() {
        return containers;
    }

    /**
     * The output holding the model-statistics file, if any.
     *
     * @return the output reference, or {@code null}
     */
    public PipelineValue metrics() {
        return metrics;
    }

    /**
     * The metrics file's path inside {@link #metrics()}.
     *
     * @return the path, or {@code null}
     */
    public String metricsFile() {
        return metricsFile;
    }

    /**
     * The request content types the model accepts.
     *
     * @return an unmodifiable list
     */
    public List<String> contentTypes() {
        return contentTypes;
    }

    /**
     * The response types the model answers with.
     *
     * @return an unmodifiable list
     */
    public List<String> responseTypes() {
        return responseTypes;
    }

    /**
     * The instance types a cloud backend may deploy to.
     *
     * @return an unmodifiable list
     */
    public List<String> inferenceInstances() {
        return inferenceInstances;
    }

    /**
     * The instance types a cloud backend may run batch transforms on.
     *
     * @return an unmodifiable list
     */
    public List<String> transformInstances() {
        return transformInstances;
    }

    @Override
    public <R> R accept(StepVisitor<R> visitor) {
        return visitor.visitRegisterModel(this);
    }

    @Override
    public List<PipelineValue> references() {
        List<PipelineValue> out = new ArrayList<>();
        containers.values().forEach(v -> out.addAll(v.parts()));
        if (metrics != null) {
            out.addAll(metrics.parts());
        }
        out.addAll(approvalStatus.parts());
        return out;
    }

    /** Builds a {@link RegisterModelStep}. */
    public static final class Builder {
        private final String name;
        private PipelineValue approvalStatus = PipelineValue.literal("PendingManualApproval");
        private final Map<String, PipelineValue> containers = new LinkedHashMap<>();
        private PipelineValue metrics;
        private String metricsFile;
        private final List<String> contentTypes = new ArrayList<>(List.of("text/csv"));
        private final List<String> responseTypes = new ArrayList<>(List.of("text/csv"));
        private final List<String> inferenceInstances = new ArrayList<>(List.of("ml.t2.medium", "ml.m5.large"));
        private final List<String> transformInstances = new ArrayList<>(List.of("ml.m5.large"));

        private Builder(String name) {
            this.name = name;
        }

        /**
         * Sets the initial approval status.
         *
         * @param status a parameter or literal
         * @return this builder
         */
        public Builder approvalStatus(PipelineValue status) {
            this.approvalStatus = Validation.notNull("RegisterModelStep.approvalStatus", status, "a value");
            return this;
        }

        /**
         * Sets the initial approval status to a literal.
         *
         * @param status {@code PendingManualApproval}, {@code Approved} or {@code Rejected}
         * @return this builder
         * @throws ValidationException for any other text
         */
        public Builder approvalStatus(String status) {
            if (!List.of("PendingManualApproval", "Approved", "Rejected").contains(status)) {
                throw new ValidationException("RegisterModelStep.approvalStatus", status,
                        "one of PendingManualApproval, Approved, Rejected");
            }
            return approvalStatus(PipelineValue.literal(status));
        }

        /**
         * Replaces the request content types.
         *
         * @param types e.g. {@code text/csv}
         * @return this builder
         */
        public Builder contentTypes(String... types) {
            contentTypes.clear();
            contentTypes.addAll(List.of(types));
            return this;
        }

        /**
         * Replaces the response types.
         *
         * @param types e.g. {@code text/csv}
         * @return this builder
         */
        public Builder responseTypes(String... types) {
            responseTypes.clear();
            responseTypes.addAll(List.of(types));
            return this;
        }

        /**
         * Replaces the real-time inference instance types.
         *
         * @param types e.g. {@code ml.m5.large}
         * @return this builder
         */
        public Builder inferenceInstances(String... types) {
            inferenceInstances.clear();
            inferenceInstances.addAll(List.of(types));
            return this;
        }

        /**
         * Replaces the batch-transform instance types.
         *
         * @param types e.g. {@code ml.m5.large}
         * @return this builder
         */
        public Builder transformInstances(String... types) {
            transformInstances.clear();
            transformInstances.addAll(List.of(types));
            return this;
        }

        /**
         * Adds an inference container.
         *
         * @param kind {@code preprocessor} or {@code xgboost}
         * @param artifacts where its artifacts are
         * @return this builder
         */
        public Builder container(String kind, PipelineValue artifacts) {
            Validation.name("RegisterModelStep.container", kind);
            containers.put(kind, artifacts);
            return this;
        }

        /**
         * Sets the model-statistics file recorded as the version's metrics.
         *
         * @param output the output holding it
         * @param file its path inside the output, e.g. {@code evaluation.json}
         * @return this builder
         */
        public Builder metrics(PipelineValue output, String file) {
            this.metrics = output;
            this.metricsFile = file;
            return this;
        }

        /**
         * Builds the step.
         *
         * @return the step
         */
        public RegisterModelStep build() {
            return new RegisterModelStep(this);
        }
    }
}
