package dev.mlops.aws.internal.preflight;

import dev.mlops.aws.AwsService;
import dev.mlops.aws.PreflightProblem;
import dev.mlops.aws.PreflightProblem.Severity;
import dev.mlops.aws.internal.AwsCalls;
import dev.mlops.exception.MlopsException;
import java.util.List;
import java.util.Map;

/**
 * Checks whether CodeCommit is open to the account. Since July 2024 CodeCommit makes repositories only for accounts
 * (or organizations) that already had one; there is no read that says so. An account with a repository is open; a
 * refusal that says the operation is not allowed is closed; an account with none cannot be told apart without making a
 * repository, which the preflight does not do, so it is a warning. [INFERRED: the refusal's code and wording.]
 */
final class CodeCommitCheck {
    static final String ALTERNATIVES = "use a template whose repositories are third-party (GitHub, GitLab, Bitbucket)"
            + " through AWS CodeConnections (Templates.thirdPartyGitCodePipeline()), or an S3 source for the pipelines";

    private final AwsCalls calls;

    CodeCommitCheck(AwsCalls calls) {
        this.calls = calls;
    }

    List<PreflightProblem> check() {
        int repositories;
        try {
            repositories = calls.call(AwsService.CODECOMMIT, "list CodeCommit repositories", Map.of(),
                    () -> calls.clients().codeCommit().listRepositories(r -> { }).repositories().size());
        } catch (MlopsException e) {
            String code = e.context().getOrDefault("errorCode", "");
            if (code.contains("OperationNotAllowed") || String.valueOf(e.getMessage()).contains("not allowed")) {
                return List.of(new PreflightProblem(Severity.ERROR, "codecommit", "CodeCommit", "CodeCommit is closed to"
                        + " this account (" + e.getMessage() + "); the project's repositories cannot be made.",
                        "Ask AWS Support to open CodeCommit to the account, or " + ALTERNATIVES));
            }
            return List.of(new PreflightProblem(Severity.WARNING, "codecommit", "CodeCommit", "Could not tell whether"
                    + " CodeCommit is open to this account: " + e.getMessage(), "Grant codecommit:ListRepositories to the"
                    + " caller so the preflight can check it"));
        }
        if (repositories > 0) {
            return List.of();
        }
        return List.of(new PreflightProblem(Severity.WARNING, "codecommit", "CodeCommit", "The account has no CodeCommit"
                + " repository. Since July 2024 CodeCommit makes repositories only in accounts that already used it; if"
                + " this account never did, the project stack will fail at its first repository.",
                "If the stack fails there, " + ALTERNATIVES));
    }
}
