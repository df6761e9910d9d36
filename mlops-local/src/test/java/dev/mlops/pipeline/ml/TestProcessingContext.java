package dev.mlops.pipeline.ml;

import dev.mlops.exception.MlopsClientException;
import dev.mlops.pipeline.ProcessingContext;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Test double of a processing step's context: fixed input/output directories, a seed and a log. */
record TestProcessingContext(Map<String, Path> inputs, Map<String, Path> outputs, long seed, PrintStream log)
        implements ProcessingContext {

    @Override
    public Path input(String name) {
        Path dir = inputs.get(name);
        if (dir == null) {
            throw new MlopsClientException("The step declares no input '" + name + "'; inputs: " + inputs.keySet());
        }
        return dir;
    }

    @Override
    public Path output(String name) {
        Path dir = outputs.get(name);
        if (dir == null) {
            throw new MlopsClientException("The step declares no output '" + name + "'; outputs: "
                    + outputs.keySet());
        }
        return dir;
    }

    @Override
    public List<String> arguments() {
        return List.of();
    }

    @Override
    public Map<String, String> environment() {
        return Map.of();
    }
}
