package dev.mlops.monitor.quality;

import dev.mlops.exception.MlopsClientException;
import dev.mlops.monitor.capture.GroundTruthRecord;
import java.io.Reader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Joins captured inferences with ground truth by event id, as SageMaker's ground-truth merge job does (the
 * capture's {@code inferenceId} if it has one, else its {@code eventId}, matched to the ground truth's
 * {@code eventMetadata.eventId}). Records that find no partner are counted, not dropped silently.
 */
public final class GroundTruthJoin {

    private GroundTruthJoin() {
    }

    /**
     * A captured inference.
     *
     * @param eventId the join key (inference id or event id)
     * @param prediction the predicted value or label, or {@code null}
     * @param probability the positive-class probability, or {@code null}
     */
    public record Inference(String eventId, String prediction, Double probability) {
    }

    /**
     * One ground-truth label.
     *
     * @param eventId the join key
     * @param label the observed value or label
     */
    public record GroundTruth(String eventId, String label) {
    }

    /**
     * The joined rows and what could not be joined.
     *
     * @param rows one row per inference that has ground truth, in inference order
     * @param inferencesWithoutGroundTruth inferences with no ground truth (yet)
     * @param groundTruthWithoutInference ground-truth records whose event id matches no inference
     * @param duplicateGroundTruth ground-truth records repeating an event id; the last one wins
     */
    public record Result(List<PredictionRow> rows, long inferencesWithoutGroundTruth,
            long groundTruthWithoutInference, long duplicateGroundTruth) {
        /**
         * Copies the rows.
         *
         * @param rows the joined rows
         * @param inferencesWithoutGroundTruth count
         * @param groundTruthWithoutInference count
         * @param duplicateGroundTruth count
         */
        public Result {
            rows = List.copyOf(rows);
        }
    }

    /**
     * Joins inferences with ground truth.
     *
     * @param inferences captured inferences
     * @param groundTruth ground-truth records
     * @return the joined rows and the counts of unmatched records
     */
    public static Result join(List<Inference> inferences, List<GroundTruth> groundTruth) {
        Map<String, String> labels = new LinkedHashMap<>();
        long duplicates = 0;
        for (GroundTruth g : groundTruth) {
            if (labels.put(g.eventId(), g.label()) != null) {
                duplicates++;
            }
        }
        List<PredictionRow> rows = new ArrayList<>();
        long missing = 0;
        java.util.Set<String> used = new java.util.HashSet<>();
        for (Inference i : inferences) {
            if (i.eventId() != null && labels.containsKey(i.eventId())) {
                rows.add(new PredictionRow(i.prediction(), i.probability(), labels.get(i.eventId())));
                used.add(i.eventId());
            } else {
                missing++;
            }
        }
        long orphans = labels.keySet().stream().filter(k -> !used.contains(k)).count();
        return new Result(rows, missing, orphans, duplicates);
    }

    /**
     * Reads SageMaker ground-truth JSON Lines:
     * {@code {"groundTruthData":{"data":"1","encoding":"CSV"},"eventMetadata":{"eventId":"..."},"eventVersion":"0"}}.
     *
     * @param jsonLines the text
     * @return the records
     * @throws MlopsClientException naming the line if a record is not JSON or lacks the event id or data
     */
    public static List<GroundTruth> readGroundTruth(Reader jsonLines) {
        List<GroundTruth> out = new ArrayList<>();
        PredictionRows.forEachLine(jsonLines, "ground truth JSON Lines", (line, lineNo) -> {
            GroundTruthRecord record;
            try {
                record = GroundTruthRecord.parse(line);
            } catch (IllegalArgumentException e) {
                throw new MlopsClientException("Ground truth JSON Lines, line " + lineNo + ": " + e.getMessage()
                        + " (a record needs eventMetadata.eventId and groundTruthData.data)", e,
                        Map.of("line", Integer.toString(lineNo)));
            }
            if (record.eventId() == null) {
                throw new MlopsClientException("Ground truth JSON Lines, line " + lineNo + ": needs "
                        + "eventMetadata.eventId and groundTruthData.data", null, Map.of("line", Integer.toString(lineNo)));
            }
            out.add(new GroundTruth(record.eventId(), record.data().trim()));
        });
        return List.copyOf(out);
    }
}
