package dev.mlops.local;

import static dev.mlops.local.Flows.TIMEOUT;
import static dev.mlops.local.Flows.awaitRunOf;
import static dev.mlops.local.Flows.describe;
import static dev.mlops.local.Flows.stage;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.Execution;
import dev.mlops.ExecutionStatus;
import dev.mlops.MlopsProjects;
import dev.mlops.Project;
import dev.mlops.exception.MlopsClientException;
import dev.mlops.exception.ValidationException;
import dev.mlops.template.Stage;
import dev.mlops.template.StageType;
import dev.mlops.template.Template;
import dev.mlops.template.Templates;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.eclipse.jgit.internal.storage.file.FileRepository;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.TreeFormatter;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 7, item 7: paths from a repository tree, a template or a name cannot leave their root. A pushed tree whose
 * entries are named {@code ..} (written with JGit's low-level API, as a hostile client can) fails the Source stage
 * naming the path, and writes nothing outside the checkout; an environment named {@code ../x} is refused when the
 * template is built.
 */
class PathEscapeTest {
    @TempDir
    Path tmp;

    @Test
    void aPushedTreeWithDotDotEntries_failsTheSourceStage_andWritesNothingOutsideTheCheckout() throws Exception {
        Path home = tmp.resolve("home");
        String escaped = "escaped-" + System.nanoTime() + ".txt";
        try (LocalBackend backend = LocalBackend.builder().home(home).build();
             Project project = MlopsProjects.builder().name("escape").template(Templates.modelBuildTrainDeploy())
                     .backend(backend).create()) {
            assertThat(project.pipelines().build().awaitLatest(TIMEOUT).status()).isEqualTo(ExecutionStatus.Succeeded);
            Path repoDir = Path.of(project.repositories().named(Templates.MODEL_BUILD).cloneUri());

            // <exec>/source/../../../../../../escaped.txt is the temporary directory holding the home
            String commit = pushTreeWithDotDots(repoDir, 6, escaped);
            Execution build = awaitRunOf(project.pipelines().build(), commit);

            assertThat(build.status()).as(describe(build)).isEqualTo(ExecutionStatus.Failed);
            assertThat(stage(build, "Source").status()).isEqualTo(ExecutionStatus.Failed);
            assertThat(stage(build, "Source").summary())
                    .contains("../../../../../../" + escaped).contains("leaves its directory");
        }
        try (Stream<Path> all = Files.walk(tmp)) {
            assertThat(all.filter(p -> p.getFileName().toString().equals(escaped)))
                    .as("no file written from the tree, anywhere").isEmpty();
        }
    }

    @Test
    void stepAndOutputNamesThatAreDotOrDotDot_areRefused() {
        assertThatThrownBy(() -> dev.mlops.internal.Validation.name("Step.name", ".."))
                .isInstanceOf(ValidationException.class).hasMessageContaining("Step.name").hasMessageContaining("'..'");
        assertThatCode(() -> dev.mlops.internal.Validation.name("Step.name", "v1.0..final")).doesNotThrowAnyException();
        assertThatThrownBy(() -> dev.mlops.internal.Validation.name("ProcessingStep.output", "."))
                .isInstanceOf(ValidationException.class);
    }

    @Test
    void anEnvironmentNamedDotDotX_isRefusedWhenTheTemplateIsBuilt_andTheShippedTemplatesStayValid() {
        Template base = Templates.modelBuildTrainDeploy();
        assertThatThrownBy(() -> Template.builder().from(base).environments(List.of("staging", "prod", "../x")).build())
                .isInstanceOf(ValidationException.class).hasMessageContaining("../x")
                .hasMessageContaining("Template.environments");
        assertThatThrownBy(() -> Stage.of("DeployX", StageType.DEPLOY).environment("../x").build())
                .isInstanceOf(ValidationException.class).hasMessageContaining("../x")
                .hasMessageContaining("Stage.environment");
        assertThatThrownBy(() -> Stage.of("DeployX", StageType.DEPLOY).environment("staging")
                .configFile("../../../../outside.json").build())
                .isInstanceOf(ValidationException.class).hasMessageContaining("Stage.configFile");
        assertThatCode(() -> Templates.all().forEach(t -> Template.builder().from(t).build())).doesNotThrowAnyException();
        assertThat(base.environments()).containsExactly("staging", "prod");
    }

    @Test
    void aCommitThroughTheApiWithADotDotPath_isRefusedNamingIt() {
        Path home = tmp.resolve("home2");
        try (LocalBackend backend = LocalBackend.builder().home(home).build();
             Project project = MlopsProjects.builder().name("escape2").template(Templates.modelBuildTrainDeploy())
                     .backend(backend).create()) {
            assertThat(project.pipelines().build().awaitLatest(TIMEOUT).status()).isEqualTo(ExecutionStatus.Succeeded);
            assertThatThrownBy(() -> project.repositories().named(Templates.MODEL_BUILD)
                    .commit("escape", Map.of("../../outside.txt", "x")))
                    .isInstanceOf(MlopsClientException.class).hasMessageContaining("../../outside.txt");
        }
    }

    /**
     * Writes a commit on main whose tree is the head's plus an entry {@code ..}, holding {@code ..} {@code depth}
     * times, holding the file.
     */
    private static String pushTreeWithDotDots(Path repoDir, int depth, String fileName) throws Exception {
        try (FileRepository repo = new FileRepository(repoDir.toFile()); ObjectInserter ins = repo.newObjectInserter();
             RevWalk walk = new RevWalk(repo)) {
            ObjectId head = repo.exactRef(Constants.R_HEADS + "main").getObjectId();
            RevCommit parent = walk.parseCommit(head);
            TreeFormatter leaf = new TreeFormatter();
            leaf.append(fileName, FileMode.REGULAR_FILE, ins.insert(Constants.OBJ_BLOB,
                    "written outside the home".getBytes(StandardCharsets.UTF_8)));
            ObjectId tree = ins.insert(leaf);
            for (int i = 1; i < depth; i++) {
                TreeFormatter up = new TreeFormatter();
                up.append("..", FileMode.TREE, tree);
                tree = ins.insert(up);
            }
            TreeFormatter root = new TreeFormatter();
            root.append("..", FileMode.TREE, tree); // '.' sorts before every name of the seed
            try (TreeWalk tw = new TreeWalk(repo)) {
                tw.addTree(parent.getTree());
                while (tw.next()) {
                    root.append(tw.getNameString(), tw.getFileMode(0), tw.getObjectId(0));
                }
            }
            CommitBuilder cb = new CommitBuilder();
            cb.setTreeId(ins.insert(root));
            cb.setParentId(head);
            PersonIdent who = new PersonIdent("mallory", "mallory@localhost");
            cb.setAuthor(who);
            cb.setCommitter(who);
            cb.setMessage("Add a file");
            ObjectId commit = ins.insert(cb);
            ins.flush();
            RefUpdate ru = repo.updateRef(Constants.R_HEADS + "main");
            ru.setNewObjectId(commit);
            ru.setExpectedOldObjectId(head);
            assertThat(ru.update()).isEqualTo(RefUpdate.Result.FAST_FORWARD);
            return commit.name();
        }
    }
}
