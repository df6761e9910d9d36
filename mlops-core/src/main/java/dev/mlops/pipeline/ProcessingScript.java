package dev.mlops.pipeline;

/**
 * Code that a {@link ProcessingStep} runs, the counterpart of a SageMaker processing script
 * ({@code preprocess.py}, {@code evaluate.py}).
 *
 * <p>Scripts live in the project's model-build repository as Java source files and are compiled from there
 * when the pipeline runs. A script reads its inputs from {@link ProcessingContext#input(String)} and writes
 * its outputs under {@link ProcessingContext#output(String)}, exactly as a SageMaker script reads
 * {@code /opt/ml/processing/input/...} and writes {@code /opt/ml/processing/<output>}. A public no-argument
 * constructor is required.
 */
@FunctionalInterface
public interface ProcessingScript {

    /**
     * Runs the script.
     *
     * @param context the step's inputs, outputs, arguments and log
     * @throws Exception any failure; the step fails with it and the pipeline execution stops
     */
    void run(ProcessingContext context) throws Exception;
}
