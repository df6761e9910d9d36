package dev.mlops.monitor.quality;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.mlops.exception.MlopsClientException;
import dev.mlops.monitor.quality.internal.MqJson;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads joined prediction/ground-truth rows from CSV (with a header line) or JSON Lines (one flat object per
 * line). Cells that are empty or absent become {@code null} so that {@link ModelQuality#compute} counts them.
 */
public final class PredictionRows {

    private PredictionRows() {
    }

    /**
     * Reads CSV whose first line names the columns.
     *
     * @param csv the text
     * @param predictionColumn the predicted value or label column
     * @param probabilityColumn the positive-class probability column, or {@code null}
     * @param groundTruthColumn the observed value or label column
     * @return the rows
     * @throws MlopsClientException if the text is empty, a column is missing or a probability is not a number
     */
    public static List<PredictionRow> readCsv(Reader csv, String predictionColumn, String probabilityColumn,
            String groundTruthColumn) {
        try (BufferedReader in = new BufferedReader(csv)) {
            String header = in.readLine();
            if (header == null) {
                throw new MlopsClientException("Prediction CSV is empty: expected a header line naming "
                        + predictionColumn + " and " + groundTruthColumn);
            }
            List<String> names = split(header);
            int p = index(names, predictionColumn, "prediction");
            int prob = probabilityColumn == null ? -1 : index(names, probabilityColumn, "probability");
            int g = index(names, groundTruthColumn, "ground truth");
            List<PredictionRow> rows = new ArrayList<>();
            String line;
            int lineNo = 1;
            while ((line = in.readLine()) != null) {
                lineNo++;
                if (line.isBlank()) {
                    continue;
                }
                List<String> cells = split(line);
                rows.add(new PredictionRow(cell(cells, p), probability(cell(cells, prob), "line " + lineNo),
                        cell(cells, g)));
            }
            return List.copyOf(rows);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read prediction CSV", e);
        }
    }

    /**
     * Reads JSON Lines, one object per line, e.g. {@code {"prediction": 1, "score": 0.8, "label": 1}}.
     *
     * @param jsonLines the text
     * @param predictionAttribute the predicted value or label key
     * @param probabilityAttribute the positive-class probability key, or {@code null}
     * @param groundTruthAttribute the observed value or label key
     * @return the rows
     * @throws MlopsClientException naming the line if a line is not a JSON object
     */
    public static List<PredictionRow> readJsonLines(Reader jsonLines, String predictionAttribute,
            String probabilityAttribute, String groundTruthAttribute) {
        List<PredictionRow> rows = new ArrayList<>();
        forEachLine(jsonLines, "prediction JSON Lines", (line, lineNo) -> {
            JsonNode node;
            try {
                node = MqJson.MAPPER.readTree(line);
            } catch (JsonProcessingException e) {
                throw new MlopsClientException("Prediction JSON Lines, line " + lineNo + ": not JSON ("
                        + e.getOriginalMessage() + ")", null, Map.of("line", Integer.toString(lineNo)));
            }
            if (!node.isObject()) {
                throw new MlopsClientException("Prediction JSON Lines, line " + lineNo
                        + ": expected a JSON object", null, Map.of("line", Integer.toString(lineNo)));
            }
            rows.add(new PredictionRow(text(node.get(predictionAttribute)),
                    probabilityAttribute == null ? null
                            : probability(text(node.get(probabilityAttribute)), "line " + lineNo),
                    text(node.get(groundTruthAttribute))));
        });
        return List.copyOf(rows);
    }

    /** Receives one non-blank line of a JSON Lines text with its 1-based number. */
    interface LineConsumer {
        void accept(String line, int lineNo);
    }

    /** Calls the consumer for each non-blank line, numbering lines from 1 as a reader of the file would. */
    static void forEachLine(Reader jsonLines, String what, LineConsumer consumer) {
        try (BufferedReader in = new BufferedReader(jsonLines)) {
            String line;
            int lineNo = 0;
            while ((line = in.readLine()) != null) {
                lineNo++;
                if (!line.isBlank()) {
                    consumer.accept(line, lineNo);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + what, e);
        }
    }

    static String text(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        return node.isTextual() ? node.textValue() : node.toString();
    }

    private static Double probability(String text, String where) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return Double.valueOf(text.trim());
        } catch (NumberFormatException e) {
            throw new MlopsClientException("Probability '" + text + "' at " + where + " is not a number");
        }
    }

    private static int index(List<String> names, String column, String role) {
        int i = names.indexOf(column);
        if (i < 0) {
            throw new MlopsClientException("The " + role + " column '" + column + "' is not in the CSV header "
                    + names, null, Map.of("column", column, "role", role));
        }
        return i;
    }

    private static String cell(List<String> cells, int i) {
        if (i < 0 || i >= cells.size()) {
            return null;
        }
        String c = cells.get(i).trim();
        return c.isEmpty() ? null : c;
    }

    private static List<String> split(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted && c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                cell.append('"');
                i++;
            } else if (c == '"') {
                quoted = !quoted;
            } else if (c == ',' && !quoted) {
                out.add(cell.toString());
                cell.setLength(0);
            } else {
                cell.append(c);
            }
        }
        out.add(cell.toString());
        return out;
    }
}
