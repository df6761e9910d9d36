package dev.mlops.aws.build;

import dev.mlops.spi.WaitPolicy;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sagemaker.model.DescribePipelineExecutionResponse;
import software.amazon.awssdk.services.sagemaker.model.PipelineExecutionStep;

/**
 * Follows a pipeline execution until it ends, printing each step's status change to the build log, as the
 * original's {@code execution.wait()} and {@code list_steps()} do, but paced by a {@link WaitPolicy} (backoff with
 * jitter) instead of a fixed minute. A throttled check is skipped, not fatal: the next one asks again.
 */
final class ExecutionWatch {
    private static final Set<String> ENDED = Set.of("Succeeded", "Failed", "Stopped");

    /** How an execution ended, or that it had not ended in time. */
    record Outcome(String status, List<String> failures) {
        boolean succeeded() {
            return "Succeeded".equals(status);
        }
    }

    private final SageMakerClient sageMaker;
    private final WaitPolicy waits;
    private final PrintStream log;
    private final Map<String, String> seen = new HashMap<>();
    private int throttled;

    ExecutionWatch(SageMakerClient sageMaker, WaitPolicy waits, PrintStream log) {
        this.sageMaker = sageMaker;
        this.waits = waits;
        this.log = log;
    }

    /**
     * Waits for an execution.
     *
     * @param executionArn the execution
     * @param budget how long to wait
     * @return the outcome; status {@code Executing} (or whatever it was) if the budget ran out
     * @throws InterruptedException if interrupted while pausing
     */
    Outcome await(String executionArn, Duration budget) throws InterruptedException {
        String[] last = {"Executing"};
        Optional<Outcome> done = waits.until(budget, () -> {
            try {
                List<PipelineExecutionStep> steps = steps(executionArn);
                report(steps);
                DescribePipelineExecutionResponse d = sageMaker.describePipelineExecution(r -> r
                        .pipelineExecutionArn(executionArn));
                last[0] = d.pipelineExecutionStatusAsString();
                if (!ENDED.contains(last[0])) {
                    return Optional.empty();
                }
                // The steps as they ended: the last list may predate the execution's end.
                List<PipelineExecutionStep> end = steps(executionArn);
                report(end);
                List<String> failures = new ArrayList<>();
                for (PipelineExecutionStep s : end) {
                    if ("Failed".equals(s.stepStatusAsString())) {
                        failures.add(s.stepName() + ": " + (s.failureReason() == null ? "(no reason given)"
                                : s.failureReason()));
                    }
                }
                if (failures.isEmpty() && d.failureReason() != null && !d.failureReason().isBlank()) {
                    failures.add(d.failureReason());
                }
                return Optional.of(new Outcome(last[0], failures));
            } catch (AwsServiceException e) {
                if (e.isThrottlingException()) {
                    throttled++;
                    return Optional.empty();   // retried by the client already; the next check asks again
                }
                throw e;
            }
        });
        return done.orElseGet(() -> new Outcome(last[0], List.of()));
    }

    /** @return checks skipped because SageMaker throttled them */
    int throttled() {
        return throttled;
    }

    private List<PipelineExecutionStep> steps(String executionArn) {
        List<PipelineExecutionStep> out = new ArrayList<>();
        sageMaker.listPipelineExecutionStepsPaginator(r -> r.pipelineExecutionArn(executionArn).sortOrder("Ascending"))
                .forEach(page -> out.addAll(page.pipelineExecutionSteps()));
        return out;
    }

    private void report(List<PipelineExecutionStep> steps) {
        for (PipelineExecutionStep s : steps) {
            String status = s.stepStatusAsString();
            if (!status.equals(seen.put(s.stepName(), status))) {
                StringBuilder line = new StringBuilder("step ").append(s.stepName()).append(": ").append(status);
                if (s.attemptCount() != null && s.attemptCount() > 1) {
                    line.append(" (attempt ").append(s.attemptCount()).append(')');
                }
                if ("Failed".equals(status) && s.failureReason() != null) {
                    line.append(" - ").append(s.failureReason());
                }
                log.println(line);
            }
        }
    }
}
