package dev.mlops.template;

import dev.mlops.exception.MlopsException;
import dev.mlops.exception.ValidationException;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/** Nulls given to the value types' factories and builders are validation errors, never a bare NullPointerException. */
class NullArgumentsTest {
    private static final Template T = Templates.modelBuildTrainDeploy();
    private static final Stage S = Stage.command("LoadTest", "true").environment("staging").build();

    @Test
    void nullsInTemplatesStagesAndGates_areValidationExceptionsNamingTheField() {
        List<ThrowingCallable> calls = List.of(
                () -> Stage.command(null, "true").build(),
                () -> Stage.command("X", (String[]) null).build(),
                () -> Stage.of("X", null).build(),
                () -> Stage.test(null).build(),
                () -> Stage.approval(null),
                () -> ApprovalGate.manual(null).build(),
                () -> ApprovalGate.manual("Gate").approvers((String) null).build(),
                () -> T.withStageAfter(null, S),
                () -> T.withStageAfter("TestStaging", null),
                () -> T.withStageBefore(null, S),
                () -> T.withoutStage(null),
                () -> T.withStageMovedAfter(null, "TestStaging"),
                () -> T.withApprovalGate(null),
                () -> T.withParameter(null, "x"),
                () -> T.withParameter("SourceModelPackageGroupName", null),
                () -> T.withSeedCode(null, SeedCode.ofFiles(java.util.Map.of("a", new byte[0]))),
                () -> T.withSeedCode("modelbuild", null),
                () -> SeedCode.fromDirectory(null),
                () -> T.pipeline(null),
                () -> T.repository(null));
        org.assertj.core.api.SoftAssertions soft = new org.assertj.core.api.SoftAssertions();
        for (int i = 0; i < calls.size(); i++) {
            soft.assertThatThrownBy(calls.get(i)).as("call %d", i).isInstanceOf(MlopsException.class)
                    .isInstanceOf(ValidationException.class);
        }
        soft.assertAll();
    }
}
