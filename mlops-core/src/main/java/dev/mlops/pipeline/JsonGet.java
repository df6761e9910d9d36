package dev.mlops.pipeline;

import dev.mlops.internal.Validation;

/**
 * A value read from a step's {@link PropertyFile} at a dotted path, such as
 * {@code regression_metrics.mse.value} (SageMaker's {@code JsonGet}).
 */
public final class JsonGet implements PipelineValue {
    private final String step;
    private final PropertyFile propertyFile;
    private final String jsonPath;

    private JsonGet(String step, PropertyFile propertyFile, String jsonPath) {
        Validation.notBlank("JsonGet.jsonPath", jsonPath);
        this.step = step;
        this.propertyFile = propertyFile;
        this.jsonPath = jsonPath;
    }

    /**
     * Reads a value from a step's property file.
     *
     * @param step the step that writes the file
     * @param propertyFile the file
     * @param jsonPath dotted path, e.g. {@code regression_metrics.mse.value}
     * @return the value reference
     */
    public static JsonGet of(ProcessingStep step, PropertyFile propertyFile, String jsonPath) {
        return new JsonGet(step.name(), propertyFile, jsonPath);
    }

    /**
     * The step that writes the property file.
     *
     * @return the step's name
     */
    public String step() {
        return step;
    }

    /**
     * The property file.
     *
     * @return the property file
     */
    public PropertyFile propertyFile() {
        return propertyFile;
    }

    /**
     * The dotted path.
     *
     * @return the path
     */
    public String jsonPath() {
        return jsonPath;
    }

    @Override
    public String toString() {
        return "JsonGet(" + step + "/" + propertyFile.name() + ":" + jsonPath + ")";
    }
}
