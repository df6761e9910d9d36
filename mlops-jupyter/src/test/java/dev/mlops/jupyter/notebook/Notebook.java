package dev.mlops.jupyter.notebook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A Jupyter notebook file (nbformat 4), read and checked: the format's required fields, a Java kernel spec, and code
 * cells saved without outputs (the test regenerates them).
 *
 * @param file the file
 * @param codeCells the code cells' sources, in order
 */
record Notebook(Path file, List<String> codeCells) {
    static Notebook read(Path file) throws IOException {
        JsonNode root = new ObjectMapper().readTree(file.toFile());
        require(file, root.path("nbformat").asInt() == 4, "nbformat 4");
        require(file, root.path("nbformat_minor").isInt(), "an integer nbformat_minor");
        JsonNode kernel = root.path("metadata").path("kernelspec");
        require(file, "java".equals(kernel.path("language").asText()) && kernel.path("name").isTextual()
                && kernel.path("display_name").isTextual(), "a kernelspec for a Java kernel (name, display_name, language java)");
        require(file, root.path("cells").isArray(), "a cells array");
        List<String> code = new ArrayList<>();
        java.util.Set<String> ids = new java.util.HashSet<>();
        int i = 0;
        for (JsonNode cell : root.path("cells")) {
            String type = cell.path("cell_type").asText();
            require(file, List.of("code", "markdown", "raw").contains(type), "cell " + i + " of a known cell_type, not " + type);
            require(file, cell.path("metadata").isObject(), "cell " + i + " with metadata");
            if (root.path("nbformat_minor").asInt() >= 5) {
                require(file, cell.path("id").asText().matches("[a-zA-Z0-9_-]{1,64}") && ids.add(cell.path("id").asText()),
                        "cell " + i + " with a unique id of 1 to 64 letters, digits, - or _ (nbformat 4.5)");
            }
            JsonNode source = cell.path("source");
            StringBuilder text = new StringBuilder();
            if (source.isTextual()) {
                text.append(source.asText());
            } else {
                require(file, source.isArray(), "cell " + i + " with a source string or list");
                source.forEach(line -> text.append(line.asText()));
            }
            if (type.equals("code")) {
                require(file, cell.has("execution_count") && cell.path("outputs").isArray(),
                        "code cell " + i + " with execution_count and outputs");
                require(file, cell.path("outputs").isEmpty() && cell.path("execution_count").isNull(),
                        "code cell " + i + " saved without outputs (the notebook test regenerates them)");
                code.add(text.toString());
            }
            i++;
        }
        return new Notebook(file, List.copyOf(code));
    }

    private static void require(Path file, boolean ok, String what) {
        if (!ok) {
            throw new IllegalStateException(file + " is not a valid notebook: expected " + what);
        }
    }
}
