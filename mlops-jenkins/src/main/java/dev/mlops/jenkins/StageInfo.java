package dev.mlops.jenkins;

/**
 * One stage of a pipeline run, from {@code /job/X/N/wfapi/describe}.
 *
 * @param id the stage's flow node id
 * @param name the stage's name as written in the script, e.g. {@code Train}
 * @param status its status
 * @param startedAtMillis start, epoch milliseconds (0 if not started)
 * @param durationMillis how long it ran so far
 */
public record StageInfo(String id, String name, StageStatus status, long startedAtMillis, long durationMillis) {
}
