package dev.mlops.jenkins;

/**
 * One build of a job.
 *
 * @param job the job
 * @param number the build number ({@code /job/X/<number>/})
 */
public record BuildRef(JobPath job, int number) {
    @Override
    public String toString() {
        return job + " #" + number;
    }
}
