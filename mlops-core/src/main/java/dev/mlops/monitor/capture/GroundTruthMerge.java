package dev.mlops.monitor.capture;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Joins captured inferences with uploaded ground truth, as Model Monitor's ground-truth merge job does: a capture
 * record's inference id (or event id when it has none) is matched with the ground truth's {@code eventId}.
 * Unmatched records on either side and duplicate labels are counted, never fatal.
 */
public final class GroundTruthMerge {
    private GroundTruthMerge() {
    }

    /**
     * A capture record with its label.
     *
     * @param capture the captured inference
     * @param groundTruth its label
     */
    public record Merged(CaptureRecord capture, GroundTruthRecord groundTruth) {
    }

    /**
     * The outcome of a merge.
     *
     * @param merged matched pairs in capture order
     * @param unmatchedCaptures capture records without a label
     * @param unmatchedGroundTruth labels without a capture record
     * @param duplicateGroundTruth labels whose id was already seen (the first one is kept)
     * @param captureScan counts of the capture pass (malformed lines, …)
     * @param groundTruthMalformedLines ground-truth lines that were not valid records
     */
    public record Result(List<Merged> merged, long unmatchedCaptures, long unmatchedGroundTruth,
                         long duplicateGroundTruth, CaptureScan captureScan, long groundTruthMalformedLines) {
        /**
         * Copies the list.
         *
         * @param merged pairs
         * @param unmatchedCaptures count
         * @param unmatchedGroundTruth count
         * @param duplicateGroundTruth count
         * @param captureScan counts
         * @param groundTruthMalformedLines count
         */
        public Result {
            merged = List.copyOf(merged);
        }
    }

    /**
     * Merges the captures with the ground-truth {@code .jsonl} files under a directory.
     *
     * @param captures the capture records (usually a window)
     * @param groundTruthDir directory tree of ground-truth files
     * @return the merge result
     */
    public static Result merge(CaptureFiles captures, Path groundTruthDir) {
        List<GroundTruthRecord> records = new ArrayList<>();
        long[] malformed = new long[1];
        for (Path file : JsonLinesFiles.list(groundTruthDir)) {
            JsonLinesFiles.lines(file, line -> {
                if (line.isBlank()) {
                    return;
                }
                try {
                    records.add(GroundTruthRecord.parse(line));
                } catch (IllegalArgumentException e) {
                    malformed[0]++;
                }
            });
        }
        return merge(captures, records, malformed[0]);
    }

    /**
     * Merges the captures with ground-truth records held in memory.
     *
     * @param captures the capture records (usually a window)
     * @param groundTruth the labels, in upload order (the first of a repeated event id is kept)
     * @return the merge result; {@link Result#groundTruthMalformedLines()} is 0
     */
    public static Result merge(CaptureFiles captures, List<GroundTruthRecord> groundTruth) {
        return merge(captures, groundTruth, 0);
    }

    private static Result merge(CaptureFiles captures, List<GroundTruthRecord> groundTruth, long malformedLines) {
        Map<String, GroundTruthRecord> labels = new HashMap<>();
        long duplicates = 0;
        for (GroundTruthRecord r : groundTruth) {
            if (labels.putIfAbsent(r.eventId(), r) != null) {
                duplicates++;
            }
        }
        List<Merged> merged = new ArrayList<>();
        long[] unmatched = new long[1];
        java.util.Set<String> used = new java.util.HashSet<>();
        CaptureScan scan = captures.forEach(c -> {
            GroundTruthRecord label = labels.get(c.joinKey());
            if (label == null) {
                unmatched[0]++;
            } else {
                merged.add(new Merged(c, label));
                used.add(c.joinKey());
            }
        });
        return new Result(merged, unmatched[0], labels.size() - used.size(), duplicates, scan, malformedLines);
    }
}
