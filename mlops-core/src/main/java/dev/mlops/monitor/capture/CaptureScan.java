package dev.mlops.monitor.capture;

/**
 * Counts from one pass over capture (or ground-truth) files.
 *
 * @param files files read
 * @param records well-formed records delivered to the consumer
 * @param malformedLines non-blank lines that were not valid records (skipped)
 * @param outsideWindow well-formed records skipped because their time was outside the requested window
 */
public record CaptureScan(long files, long records, long malformedLines, long outsideWindow) {
}
