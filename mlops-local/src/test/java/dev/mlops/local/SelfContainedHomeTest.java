package dev.mlops.local;

import static dev.mlops.local.Flows.ROW;
import static dev.mlops.local.Flows.TIMEOUT;
import static dev.mlops.local.Flows.describe;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.Execution;
import dev.mlops.ExecutionStatus;
import dev.mlops.MlopsProjects;
import dev.mlops.ModelVersion;
import dev.mlops.Project;
import dev.mlops.template.Templates;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 7, item 5: a home is self-contained. A copy made with {@code cp -a} semantics after a full build and
 * deploy, in which the project is deleted, leaves the original serving with every file intact; a moved home
 * works; and an older home, whose rows hold absolute {@code file:} URIs, is migrated when it is opened.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SelfContainedHomeTest {
    @TempDir
    static Path tmp;
    private Path golden;
    private String prodAnswer;

    @BeforeAll
    void buildAndDeployToProd() {
        golden = tmp.resolve("golden");
        try (LocalBackend backend = LocalBackend.builder().home(golden).build();
             Project project = MlopsProjects.builder().name("abalone").template(Templates.modelBuildTrainDeploy())
                     .backend(backend).create()) {
            Execution build = project.pipelines().build().awaitLatest(TIMEOUT);
            assertThat(build.status()).as(describe(build)).isEqualTo(ExecutionStatus.Succeeded);
            ModelVersion v1 = project.models().version(1).approve("good");
            project.environments().staging().awaitDeployed(v1, TIMEOUT);
            project.gates().awaitPending(TIMEOUT).approve("staging ok");
            project.environments().prod().awaitDeployed(v1, TIMEOUT);
            prodAnswer = project.environments().prod().endpoint().invoke(ROW);
        }
    }

    @Test
    @Order(2)
    void deletingTheProjectInACopy_leavesTheOriginalServingWithItsFilesIntact() throws Exception {
        Path original = golden;
        Map<Path, String> before = digests(original);
        assertThat(before.keySet()).anyMatch(p -> p.toString().endsWith("model.tar.gz"));
        Path copy = copy(original, tmp.resolve("copy"));

        try (LocalBackend backend = LocalBackend.builder().home(copy).build()) {
            MlopsProjects.open("abalone", backend).delete();
        }
        assertThat(copy.resolve("projects/abalone")).doesNotExist();

        assertThat(changed(before, digests(original))).as("files of the original home missing or changed").isEmpty();
        assertServes(original);
    }

    @Test
    @Order(3)
    void aMovedHomeServesAndBuilds() throws Exception {
        Path moved = tmp.resolve("moved");
        Files.move(golden, moved, StandardCopyOption.ATOMIC_MOVE);
        try (LocalBackend backend = LocalBackend.builder().home(moved).build();
             Project project = MlopsProjects.open("abalone", backend)) {
            assertThat(awaitAnswer(project)).isEqualTo(prodAnswer);
            for (String uri : project.models().version(1).containers().values()) {
                assertThat(backend.artifacts().orElseThrow().fetch(uri)).startsWith(moved).isRegularFile();
            }
            assertThat(project.repositories().named(Templates.MODEL_BUILD).cloneUri().getPath())
                    .startsWith(moved.toString());
            Execution again = project.pipelines().build().start().await(TIMEOUT);
            assertThat(again.status()).as(describe(again)).isEqualTo(ExecutionStatus.Succeeded);
        }
        assertThat(golden).doesNotExist();
    }

    @Test
    @Order(1)
    void anOlderHomeWithAbsoluteUris_isMigratedOnOpen_soDeletingInItsCopyLeavesTheOriginalIntact() throws Exception {
        Path legacy = copy(golden, tmp.resolve("legacy"));
        toLegacyLayout(legacy);
        Map<Path, String> before = digests(legacy);
        Path copy = copy(legacy, tmp.resolve("legacy-copy"));

        try (LocalBackend backend = LocalBackend.builder().home(copy).build()) {
            Project project = MlopsProjects.open("abalone", backend);
            ModelVersion v1 = project.models().version(1);
            assertThat(v1.containers().values()).allSatisfy(uri -> assertThat(uri).startsWith("home:artifacts/sha256/"));
            assertThat(v1.lineage()).hasEntrySatisfying("modelStatistics", uri -> assertThat(uri).startsWith("home:"));
            assertThat(rows(copy, "SELECT path FROM repositories")).allSatisfy(p -> assertThat(p).startsWith("projects/"));
            project.delete();
        }
        assertThat(changed(before, digests(legacy))).as("files of the original home missing or changed").isEmpty();
        assertServes(legacy);
    }

    /** Rewrites a home's rows as homes made before layout 2 held them: absolute file: URIs and paths. */
    private static void toLegacyLayout(Path home) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + home.resolve("state.db"))) {
            List<String[]> versions = new ArrayList<>();
            try (Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT grp, version, containers_json, lineage_json FROM model_versions")) {
                while (rs.next()) {
                    versions.add(new String[] {rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)});
                }
            }
            for (String[] v : versions) {
                try (PreparedStatement ps = c.prepareStatement(
                        "UPDATE model_versions SET containers_json=?, lineage_json=? WHERE grp=? AND version=?")) {
                    ps.setString(1, absolute(home, v[2]));
                    ps.setString(2, absolute(home, v[3]));
                    ps.setString(3, v[0]);
                    ps.setInt(4, Integer.parseInt(v[1]));
                    ps.executeUpdate();
                }
            }
            try (Statement st = c.createStatement()) {
                st.executeUpdate("UPDATE repositories SET path='" + home + "/' || path WHERE path NOT LIKE '/%'");
                st.executeUpdate("DROP TABLE IF EXISTS meta");
            }
        }
        assertThat(rows(home, "SELECT containers_json FROM model_versions"))
                .allSatisfy(j -> assertThat(j).contains(home.toUri().toString() + "artifacts/sha256/"));
    }

    private static String absolute(Path home, String json) {
        return json.replace("\"home:", "\"" + home.toUri().toString());
    }

    private static List<String> rows(Path home, String sql) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + home.resolve("state.db"));
             Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    private void assertServes(Path home) {
        try (LocalBackend backend = LocalBackend.builder().home(home).build();
             Project project = MlopsProjects.open("abalone", backend)) {
            assertThat(awaitAnswer(project)).isEqualTo(prodAnswer);
            ModelVersion v1 = project.models().version(1);
            for (String uri : v1.containers().values()) {
                assertThat(backend.artifacts().orElseThrow().fetch(uri)).startsWith(home).isRegularFile();
            }
        }
    }

    /** The prod endpoint's answer once this process serves it again. */
    private static String awaitAnswer(Project project) {
        return Flows.eventually("prod to answer", () -> {
            try {
                return Optional.of(project.environments().prod().endpoint().invoke(ROW));
            } catch (RuntimeException notYet) {
                return Optional.empty();
            }
        });
    }

    /** Copies a tree as {@code cp -a} does: every file and directory, with its attributes. */
    private static Path copy(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
        return to;
    }

    /** The files of {@code before} missing or with other content in {@code after}. */
    private static List<Path> changed(Map<Path, String> before, Map<Path, String> after) {
        return before.keySet().stream().filter(p -> !before.get(p).equals(after.get(p))).toList();
    }

    /** Every regular file outside the state store, by path relative to the home, with its SHA-256. */
    private static Map<Path, String> digests(Path home) throws Exception {
        Map<Path, String> out = new LinkedHashMap<>();
        try (Stream<Path> walk = Files.walk(home)) {
            for (Path p : (Iterable<Path>) walk.filter(Files::isRegularFile).sorted()::iterator) {
                if (p.getFileName().toString().startsWith("state.db")) {
                    continue;
                }
                try (InputStream in = new DigestInputStream(Files.newInputStream(p), MessageDigest.getInstance("SHA-256"))) {
                    in.transferTo(java.io.OutputStream.nullOutputStream());
                    out.put(home.relativize(p), HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest()));
                }
            }
        }
        return out;
    }
}
