package dev.mlops.local;

import static dev.mlops.local.Flows.ROW;
import static dev.mlops.local.Flows.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.mlops.ExecutionStatus;
import dev.mlops.MlopsProjects;
import dev.mlops.ModelVersion;
import dev.mlops.Project;
import dev.mlops.template.Templates;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 7, item 12 (permissions): the home is 0700 and what the backend writes in it is its owner's alone (files
 * 0600, directories 0700): the state store, artifacts, repositories, checkouts and exported configuration, and
 * the captured payloads; a home made before (0755, files 0644) is tightened when it is opened.
 */
class HomePermissionsTest {
    private static final Set<PosixFilePermission> DIR = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

    @TempDir
    Path tmp;

    @BeforeEach
    void posixOnly() {
        assumeTrue(tmp.getFileSystem().supportedFileAttributeViews().contains("posix"), "POSIX permissions");
    }

    @Test
    void aNewHomeIs0700_andTheStoreArtifactsRepositoriesCheckoutsAndCapturesAreOwnerOnly() throws Exception {
        Path home = tmp.resolve("home");
        try (LocalBackend backend = LocalBackend.builder().home(home).build();
             Project project = MlopsProjects.builder().name("private").template(Templates.modelBuildTrainDeploy())
                     .backend(backend).create()) {
            assertThat(project.pipelines().build().awaitLatest(TIMEOUT).status()).isEqualTo(ExecutionStatus.Succeeded);
            ModelVersion v1 = project.models().version(1).approve("good");
            project.environments().staging().awaitDeployed(v1, TIMEOUT);
            project.environments().staging().endpoint().invoke(ROW);
        } // closing completes the capture files

        assertThat(mode(home)).isEqualTo(DIR);
        assertThat(mode(home.resolve("state.db"))).isEqualTo(FILE);
        for (String f : List.of("state.db-wal", "state.db-shm")) {
            if (Files.exists(home.resolve(f))) {
                assertThat(mode(home.resolve(f))).as(f).isEqualTo(FILE);
            }
        }
        Path project = home.resolve("projects/private");
        Path capture = project.resolve("datacapture");
        assertThat(tree(capture)).as("capture files").anyMatch(p -> p.toString().endsWith(".jsonl"));
        assertOwnerOnly(capture);
        assertOwnerOnly(home.resolve("artifacts"));
        try (Stream<Path> repos = Files.list(project.resolve("repos"))) {
            for (Path repo : (Iterable<Path>) repos::iterator) {
                assertThat(mode(repo)).as(repo.toString()).isEqualTo(DIR);
                assertThat(mode(repo.resolve("config"))).as(repo + "/config").isEqualTo(FILE);
            }
        }
        try (Stream<Path> runs = Files.list(project.resolve("work"))) {
            for (Path run : (Iterable<Path>) runs::iterator) {
                assertThat(mode(run)).as(run.toString()).isEqualTo(DIR);
                assertOwnerOnly(run.resolve("source"));
                try (Stream<Path> exports = Files.list(run)) {
                    exports.filter(p -> p.getFileName().toString().endsWith("-config-export.json"))
                            .forEach(p -> assertThat(mode(p)).as(p.toString()).isEqualTo(FILE));
                }
            }
        }
    }

    @Test
    void anExistingHomeWith0755And0644_isTightenedWhenOpened() throws Exception {
        Path home = tmp.resolve("old");
        LocalBackend.builder().home(home).build().close();
        // what a home made before looked like: the process umask's 0755 and 0644
        Path capture = home.resolve("projects/p/datacapture/p-staging/AllTraffic/2026/01/02/03/04-05-006-x.jsonl");
        Path artifact = home.resolve("artifacts/sha256/ab/ab00/model.tar.gz");
        for (Path f : List.of(capture, artifact)) {
            Files.createDirectories(f.getParent());
            Files.writeString(f, "{}\n");
        }
        for (Path p : tree(home)) {
            Files.setPosixFilePermissions(p, Files.isDirectory(p) ? PosixFilePermissions.fromString("rwxr-xr-x")
                    : PosixFilePermissions.fromString("rw-r--r--"));
        }
        assertThat(mode(home.resolve("state.db"))).isEqualTo(PosixFilePermissions.fromString("rw-r--r--"));

        LocalBackend.builder().home(home).build().close();

        assertThat(mode(home)).isEqualTo(DIR);
        assertOwnerOnly(home);
        assertThat(mode(capture)).isEqualTo(FILE);
        assertThat(mode(home.resolve("state.db"))).isEqualTo(FILE);
    }

    private static void assertOwnerOnly(Path root) throws IOException {
        List<String> loose = new ArrayList<>();
        for (Path p : tree(root)) {
            Set<PosixFilePermission> want = Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS) ? DIR : FILE;
            Set<PosixFilePermission> has = mode(p);
            if (!has.equals(want) && !(has.equals(DIR) && !Files.isDirectory(p))) {
                loose.add(root.relativize(p) + " " + PosixFilePermissions.toString(has));
            }
        }
        assertThat(loose).as("paths under " + root + " that are not owner-only").isEmpty();
    }

    private static List<Path> tree(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.toList();
        }
    }

    private static Set<PosixFilePermission> mode(Path p) {
        try {
            return Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
