package dev.mlops.jenkins;

/**
 * A build request waiting in the Jenkins queue, as returned by a trigger.
 *
 * @param job the job that was triggered
 * @param id the queue item's id ({@code /queue/item/<id>/})
 */
public record QueueItemRef(JobPath job, long id) {
}
