package dev.mlops.aws.repositories;

import dev.mlops.aws.AwsService;
import dev.mlops.aws.fixtures.MotoServer;
import dev.mlops.aws.fixtures.ValidatingInterceptor;
import dev.mlops.aws.registry.MotoBackends;
import dev.mlops.spi.Backend;
import dev.mlops.spi.ProjectStore;
import dev.mlops.tck.SourceRepositoriesCompatibilityKit;
import dev.mlops.testkit.memory.InMemoryBackend;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The repositories kit against CodeCommit as {@link FakeCodeCommit} answers it (moto's CodeCommit has no commits, and
 * its repository answers do not unmarshal); every request validated against the botocore model.
 *
 * <p>One kit test does not apply and is skipped with its reason (see {@link NotOnCodeCommit}):
 * {@code commit_movesTheHead_toANewCommit} ends by expecting a new commit for content equal to the head's, and
 * CodeCommit's {@code CreateCommit} refuses a commit that changes nothing ({@code NoChangeException}); there is no
 * API for an empty commit. Its other steps are covered by {@link CodeCommitRepositoriesTest}.
 */
@ExtendWith(CodeCommitRepositoriesCompatibilityTest.NotOnCodeCommit.class)
class CodeCommitRepositoriesCompatibilityTest extends SourceRepositoriesCompatibilityKit {
    private final ValidatingInterceptor validator = new ValidatingInterceptor();
    private InMemoryBackend memory;
    private FakeCodeCommit codeCommit;

    @Override
    protected Backend newBackend(Path scratch) {
        MotoServer moto = MotoServer.shared();
        memory = InMemoryBackend.create();
        codeCommit = new FakeCodeCommit();
        return MotoBackends.builder(moto.endpoint(), validator, scratch.resolve("cache"))
                .endpointOverride(AwsService.CODECOMMIT, codeCommit.endpoint()).build();
    }

    @Override
    protected ProjectStore projectStore(Backend backend) {
        return memory.projectStore().orElseThrow();
    }

    @AfterAll
    void noInvalidRequests() {
        memory.close();
        codeCommit.close();
        validator.assertNoViolations();
    }

    /** Skips the kit tests that cannot apply to CodeCommit, naming why. */
    static final class NotOnCodeCommit implements ExecutionCondition {
        private static final Map<String, String> SKIPPED = Map.of("commit_movesTheHead_toANewCommit",
                "CodeCommit makes no commit that changes nothing (CreateCommit answers NoChangeException), and the"
                        + " kit's last step commits content equal to the head's; see CodeCommitRepositoriesTest");

        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            return context.getTestMethod().map(m -> SKIPPED.get(m.getName()))
                    .map(ConditionEvaluationResult::disabled)
                    .orElse(ConditionEvaluationResult.enabled("applies to CodeCommit"));
        }
    }
}
