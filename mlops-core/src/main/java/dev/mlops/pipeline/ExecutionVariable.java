package dev.mlops.pipeline;

import java.util.Objects;

/**
 * A property of the running pipeline execution (SageMaker's {@code ExecutionVariables}, rendered as
 * {@code {"Get": "Execution.<name>"}}). Both backends resolve the three defined here.
 */
public final class ExecutionVariable implements PipelineValue {
    /** The execution's id ({@code Execution.PipelineExecutionId}). */
    public static final ExecutionVariable PIPELINE_EXECUTION_ID = new ExecutionVariable("PipelineExecutionId");
    /** The pipeline's name ({@code Execution.PipelineName}). */
    public static final ExecutionVariable PIPELINE_NAME = new ExecutionVariable("PipelineName");
    /** When the execution started ({@code Execution.StartDateTime}). */
    public static final ExecutionVariable START_DATE_TIME = new ExecutionVariable("StartDateTime");

    private final String name;

    private ExecutionVariable(String name) {
        this.name = name;
    }

    /**
     * The variable's name as SageMaker spells it.
     *
     * @return e.g. {@code PipelineExecutionId}
     */
    public String name() {
        return name;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ExecutionVariable v && v.name.equals(name);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name);
    }

    @Override
    public String toString() {
        return "Execution." + name;
    }
}
