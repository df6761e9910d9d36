package dev.mlops.jupyter.notebook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.jupyter.notebook.NotebookKernel.CellOutput;
import io.github.spencerpark.jupyter.kernel.display.DisplayData;
import io.github.spencerpark.jupyter.kernel.display.mime.MIMEType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes a notebook with the outputs a run produced, as Jupyter saves them (stream, display_data, execute_result), so
 * that a person can open what the test saw; the files in {@code examples/notebooks} stay without outputs.
 */
final class ExecutedNotebook {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<MIMEType> TYPES = List.of(MIMEType.TEXT_PLAIN, MIMEType.TEXT_HTML, MIMEType.IMAGE_SVG);

    private ExecutedNotebook() {
    }

    static Path write(Path source, List<CellOutput> outputs, Path dir) throws IOException {
        ObjectNode root = (ObjectNode) JSON.readTree(source.toFile());
        int code = 0;
        for (JsonNode cell : root.path("cells")) {
            if (!"code".equals(cell.path("cell_type").asText()) || code >= outputs.size()) {
                continue;
            }
            CellOutput out = outputs.get(code++);
            int count = code;
            ObjectNode c = (ObjectNode) cell;
            c.put("execution_count", count);
            ArrayNode list = c.putArray("outputs");
            if (!out.stdout().isEmpty()) {
                ObjectNode s = list.addObject();
                s.put("output_type", "stream");
                s.put("name", "stdout");
                s.put("text", out.stdout());
            }
            for (DisplayData d : out.displays()) {
                ObjectNode o = list.addObject();
                o.put("output_type", "display_data");
                o.set("data", bundle(d));
                o.putObject("metadata");
            }
            out.result().ifPresent(d -> {
                ObjectNode o = list.addObject();
                o.put("output_type", "execute_result");
                o.put("execution_count", count);
                o.set("data", bundle(d));
                o.putObject("metadata");
            });
        }
        Files.createDirectories(dir);
        Path target = dir.resolve(source.getFileName());
        JSON.writerWithDefaultPrettyPrinter().writeValue(target.toFile(), root);
        return target;
    }

    private static ObjectNode bundle(DisplayData d) {
        ObjectNode data = JSON.createObjectNode();
        for (MIMEType t : TYPES) {
            if (d.hasDataForType(t)) {
                data.put(t.toString(), String.valueOf(d.getData(t)));
            }
        }
        return data;
    }
}
