package dev.mlops.local;

import static dev.mlops.local.Flows.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.MlopsProjects;
import dev.mlops.Project;
import dev.mlops.exception.ConflictException;
import dev.mlops.template.Stage;
import dev.mlops.template.Template;
import dev.mlops.template.Templates;
import java.nio.file.Path;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A project deleted through one backend while another backend on the same home runs its work: the delete waits
 * for that leader to stop, then leaves nothing behind. Seen in CI: the README's composition example deleted the
 * project from a second handle while the first one's engine was still checking the source out, and the delete
 * failed on a file that the checkout had just moved away.
 */
class DeleteWhileWorkingTest {
    /** A stage that keeps making and removing files in its working directory, under the project's directory. */
    private static final String CHURN = "while :; do mkdir -p churn/a/b; echo x > churn/a/b/f; rm -rf churn; done";

    @TempDir
    Path home;

    @RepeatedTest(3)
    void deleteFromAnotherBackend_waitsForTheLeadersWork_thenLeavesNoFile() {
        Template churning = Templates.modelBuildTrain().withStageBefore("Build",
                Stage.command("Churn", "sh", "-c", CHURN, "churn-" + home.getFileName()).build());
        LocalBackend leading = LocalBackend.builder().home(home).build();
        try {
            MlopsProjects.builder().name("busy").template(churning).backend(leading).create();
            ProcessHandle churn = eventually("the churning command to run", () -> ProcessHandle.current().descendants()
                    .filter(h -> h.info().commandLine().orElse("").contains("churn-" + home.getFileName())).findFirst());
            Path projectDir = home.resolve("projects").resolve("busy");
            assertThat(projectDir).isDirectory();

            try (LocalBackend other = LocalBackend.builder().home(home).build()) {
                // Before: DirectoryNotEmptyException or NoSuchFileException, the rows gone and the files left.
                MlopsProjects.open("busy", other).delete();
            }
            assertThat(churn.isAlive()).as("the leader's command ended before the files were deleted").isFalse();
            assertThat(projectDir).as("the project's directory right after the delete").doesNotExist();
            assertThat(MlopsProjects.list(home)).isEmpty();
        } finally {
            leading.close();
        }
        assertThat(home.resolve("projects").resolve("busy")).as("the directory once the leader closed").doesNotExist();
    }

    @Test
    void aDeleteCutShort_isFinishedByTheNextDelete_andCreateSaysSo() throws Exception {
        try (LocalBackend backend = LocalBackend.builder().home(home).build()) {
            MlopsProjects.builder().name("half").template(Templates.modelBuildTrain()).backend(backend).create().close();
            // A delete that was killed after marking the project: what a killed process leaves.
            try (var c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + home.resolve("state.db"))) {
                c.createStatement().executeUpdate("UPDATE projects SET state='DELETING' WHERE name='half'");
            }
            assertThatThrownBy(() -> MlopsProjects.builder().name("half").template(Templates.modelBuildTrain())
                    .backend(backend).create())
                    .isInstanceOf(ConflictException.class).hasMessageContaining("half").hasMessageContaining("being deleted")
                    .hasMessageContaining("delete");
            // Before: the plan offered to resume a provisioning, which create then refused.
            assertThat(MlopsProjects.builder().name("half").template(Templates.modelBuildTrain()).backend(backend).plan()
                    .changes()).singleElement().satisfies(c -> {
                        assertThat(c.action()).isEqualTo(dev.mlops.PlannedChange.Action.DELETE);
                        assertThat(c.toString()).contains("delete the project again");
                    });
            MlopsProjects.open("half", backend).delete();
            assertThat(MlopsProjects.list(home)).isEmpty();
            assertThat(home.resolve("projects").resolve("half")).doesNotExist();
            try (Project made = MlopsProjects.builder().name("half").template(Templates.modelBuildTrain()).backend(backend)
                    .create()) {
                assertThat(made.name()).isEqualTo("half");
            }
        }
    }
}
