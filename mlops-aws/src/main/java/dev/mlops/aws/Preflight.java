package dev.mlops.aws;

import java.util.List;

/**
 * What a project's preflight found before anything was made: every problem at once, rather than the first one at the
 * end of a half-made project. {@link AwsBackend#preflight} runs it on its own; the project store runs it first in
 * every creation and refuses with all of its errors.
 *
 * <pre>{@code
 * Preflight check = aws.preflight("abalone", Templates.modelBuildTrainDeploy());
 * check.problems().forEach(System.out::println);
 * }</pre>
 *
 * @param project the project's name
 * @param problems the problems, errors first
 */
public record Preflight(String project, List<PreflightProblem> problems) {
    /**
     * Copies the list, errors first: the record does not change when the caller's collection does.
     *
     * @param project the project's name
     * @param problems the problems, errors first
     */
    public Preflight {
        problems = problems.stream().sorted(java.util.Comparator.comparing(PreflightProblem::severity)).toList();
    }

    /**
     * Whether creation may go on.
     *
     * @return true if no problem is an {@link PreflightProblem.Severity#ERROR}
     */
    public boolean passed() {
        return errors().isEmpty();
    }

    /** @return the problems that stop the creation */
    public List<PreflightProblem> errors() {
        return problems.stream().filter(p -> p.severity() == PreflightProblem.Severity.ERROR).toList();
    }

    /** @return the problems that may make it fail later */
    public List<PreflightProblem> warnings() {
        return problems.stream().filter(p -> p.severity() == PreflightProblem.Severity.WARNING).toList();
    }

    /**
     * The report, one problem a line.
     *
     * @return the text
     */
    public String report() {
        if (problems.isEmpty()) {
            return "Preflight of project " + project + ": no problem found";
        }
        StringBuilder sb = new StringBuilder("Preflight of project ").append(project).append(": ")
                .append(errors().size()).append(" error(s), ").append(warnings().size()).append(" warning(s)");
        problems.forEach(p -> sb.append("\n  - ").append(p));
        return sb.toString();
    }
}
