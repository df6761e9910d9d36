package dev.mlops.aws.cfn.internal;

import java.util.List;

/**
 * The four monitors of the Model Monitor template, with the names the monitor stack uses for each: the seed
 * configuration's switch ({@code EnableDataQualityMonitor}), SageMaker's {@code MonitoringType}, the logical-id
 * part and the schedule-name suffix ({@code <endpoint>-data-quality}).
 */
public enum MonitorKind {
    /** Data quality: the captured requests against the training data's statistics and constraints. */
    DATA_QUALITY("DataQuality", "data-quality", false, false),
    /** Model quality: predictions joined with ground truth against the test split's metrics. */
    MODEL_QUALITY("ModelQuality", "model-quality", true, false),
    /** Bias drift: Clarify's post-training bias metrics against the baseline's. */
    MODEL_BIAS("ModelBias", "model-bias", true, true),
    /** Feature attribution drift: SHAP values against the training data's. */
    MODEL_EXPLAINABILITY("ModelExplainability", "model-explainability", false, true);

    /** Every kind, in the order the stack renders them. */
    public static final List<MonitorKind> ALL = List.of(values());

    private final String type;
    private final String suffix;
    private final boolean needsGroundTruth;
    private final boolean clarify;

    MonitorKind(String type, String suffix, boolean needsGroundTruth, boolean clarify) {
        this.type = type;
        this.suffix = suffix;
        this.needsGroundTruth = needsGroundTruth;
        this.clarify = clarify;
    }

    /**
     * SageMaker's {@code MonitoringType}, also the logical-id part.
     *
     * @return e.g. {@code DataQuality}
     */
    public String type() {
        return type;
    }

    /**
     * The schedule-name suffix.
     *
     * @return e.g. {@code data-quality}
     */
    public String suffix() {
        return suffix;
    }

    /**
     * The seed configuration's switch.
     *
     * @return e.g. {@code EnableDataQualityMonitor}
     */
    public String enableKey() {
        return "Enable" + type + "Monitor";
    }

    /**
     * Whether it deploys only with {@code GroundTruthInput} set, as the original's model quality and bias.
     *
     * @return true for model quality and bias
     */
    public boolean needsGroundTruth() {
        return needsGroundTruth;
    }

    /**
     * Whether it follows Clarify's contract (an {@code analysis_config.json}) rather than Model Monitor's.
     *
     * @return true for bias and explainability
     */
    public boolean clarify() {
        return clarify;
    }

    /**
     * The schedule's name for an endpoint: {@code <endpoint>-<suffix>}.
     *
     * @param endpoint the endpoint's name
     * @return the name
     */
    public String scheduleName(String endpoint) {
        return endpoint + "-" + suffix;
    }

    /**
     * The kind of a SageMaker {@code MonitoringType}.
     *
     * @param monitoringType e.g. {@code DataQuality}
     * @return the kind, or null if it is none
     */
    public static MonitorKind ofType(String monitoringType) {
        for (MonitorKind k : values()) {
            if (k.type.equals(monitoringType)) {
                return k;
            }
        }
        return null;
    }
}
