package dev.mlops.pipeline;

import dev.mlops.internal.Validation;

/**
 * A JSON file a processing step writes to one of its outputs, whose values later steps can read with
 * {@link JsonGet} (SageMaker's {@code PropertyFile}).
 */
public final class PropertyFile {
    private final String name;
    private final String outputName;
    private final String path;

    private PropertyFile(String name, String outputName, String path) {
        Validation.name("PropertyFile.name", name);
        Validation.name("PropertyFile.outputName", outputName);
        Validation.notBlank("PropertyFile.path", path);
        this.name = name;
        this.outputName = outputName;
        this.path = path;
    }

    /**
     * Declares a property file.
     *
     * @param name its name, e.g. {@code AbaloneEvaluationReport}
     * @param outputName the output it is written to, e.g. {@code evaluation}
     * @param path its path inside that output, e.g. {@code evaluation.json}
     * @return the property file
     */
    public static PropertyFile of(String name, String outputName, String path) {
        return new PropertyFile(name, outputName, path);
    }

    /**
     * The name.
     *
     * @return the property file's name
     */
    public String name() {
        return name;
    }

    /**
     * The output it lives in.
     *
     * @return the output name
     */
    public String outputName() {
        return outputName;
    }

    /**
     * Its path inside the output.
     *
     * @return the relative path
     */
    public String path() {
        return path;
    }
}
