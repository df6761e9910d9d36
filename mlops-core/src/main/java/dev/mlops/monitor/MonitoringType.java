package dev.mlops.monitor;

/** What a monitoring schedule checks, as SageMaker's {@code MonitoringType} names it. */
public enum MonitoringType {
    /** Data quality: statistics of captured inputs and outputs against a baseline. */
    DataQuality("data-quality"),
    /** Model quality: predictions merged with ground truth, metrics against a baseline. */
    ModelQuality("model-quality"),
    /** Bias drift (SageMaker Clarify). */
    ModelBias("model-bias"),
    /** Feature-attribution drift (SageMaker Clarify). */
    ModelExplainability("model-explainability");

    private final String suffix;

    MonitoringType(String suffix) {
        this.suffix = suffix;
    }

    /**
     * The suffix of schedule names of this type, e.g. {@code data-quality} in {@code abalone-staging-data-quality}.
     *
     * @return the suffix
     */
    public String nameSuffix() {
        return suffix;
    }
}
