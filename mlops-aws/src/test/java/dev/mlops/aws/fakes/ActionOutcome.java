package dev.mlops.aws.fakes;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How an action of a {@link FakeCodePipeline} ended.
 *
 * @param succeeded whether it succeeded
 * @param summary the execution summary (the failure's message when it failed)
 * @param log lines its build wrote (CodeBuild actions)
 * @param outputVariables the variables it exported
 * @param revision the commit it read (source actions)
 */
public record ActionOutcome(boolean succeeded, String summary, List<String> log, Map<String, String> outputVariables,
        Optional<String> revision) {
    /** Copies. */
    public ActionOutcome {
        log = List.copyOf(log);
        outputVariables = Map.copyOf(outputVariables);
    }

    /**
     * A success.
     *
     * @param summary its summary
     * @return the outcome
     */
    public static ActionOutcome succeeded(String summary) {
        return new ActionOutcome(true, summary, List.of(), Map.of(), Optional.empty());
    }

    /**
     * A failure.
     *
     * @param message why, as CodePipeline's error details show it
     * @return the outcome
     */
    public static ActionOutcome failed(String message) {
        return new ActionOutcome(false, message, List.of(), Map.of(), Optional.empty());
    }

    /**
     * The same outcome with log lines.
     *
     * @param lines what the build printed
     * @return the outcome
     */
    public ActionOutcome withLog(List<String> lines) {
        return new ActionOutcome(succeeded, summary, lines, outputVariables, revision);
    }

    /**
     * The same outcome with exported variables.
     *
     * @param variables the variables
     * @return the outcome
     */
    public ActionOutcome withOutputVariables(Map<String, String> variables) {
        return new ActionOutcome(succeeded, summary, log, variables, revision);
    }

    /**
     * The same outcome with the commit a source action read.
     *
     * @param commit the commit id
     * @return the outcome
     */
    public ActionOutcome withRevision(String commit) {
        return new ActionOutcome(succeeded, summary, log, outputVariables, Optional.of(commit));
    }
}
