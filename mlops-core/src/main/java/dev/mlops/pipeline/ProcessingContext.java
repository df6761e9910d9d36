package dev.mlops.pipeline;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What a {@link ProcessingScript} sees while it runs: its input and output directories, its arguments
 * and a log that the step keeps.
 */
public interface ProcessingContext {

    /**
     * The directory holding the named input, already filled with its files.
     *
     * @param name the input's name, as declared on the step
     * @return an existing directory
     * @throws dev.mlops.exception.MlopsClientException if the step declares no such input
     */
    Path input(String name);

    /**
     * The directory the script writes the named output to; empty when the script starts.
     *
     * @param name the output's name, as declared on the step
     * @return an existing, empty directory
     * @throws dev.mlops.exception.MlopsClientException if the step declares no such output
     */
    Path output(String name);

    /**
     * The step's arguments, in order, as a command line would pass them (e.g. {@code --input-data}, a URL).
     *
     * @return an unmodifiable list
     */
    List<String> arguments();

    /**
     * The step's environment variables, including the pipeline parameters it was given.
     *
     * @return an unmodifiable map
     */
    Map<String, String> environment();

    /**
     * The step's log. What is printed here is kept with the step execution and shown by the stage log.
     *
     * @return a print stream
     */
    PrintStream log();

    /**
     * A seed for any randomness the script uses. The embedded backend derives it from the content of the
     * checked-out repository, so the same code and data always give the same result (and the same model).
     *
     * @return the seed
     */
    long seed();
}
