package dev.mlops.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.exception.ConflictException;
import dev.mlops.exception.NotFoundException;
import dev.mlops.exception.ValidationException;
import dev.mlops.spi.Backend;
import dev.mlops.spi.CommitInfo;
import dev.mlops.spi.CommitRequest;
import dev.mlops.spi.ProjectRecord;
import dev.mlops.spi.ProjectStore;
import dev.mlops.spi.RepositoryInfo;
import dev.mlops.spi.SourceRepositories;
import dev.mlops.template.Capability;
import dev.mlops.template.RepositorySpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The contract of {@link SourceRepositories}, checked through the SPI: provisioning that seeds the tracked branch
 * and is idempotent, names and branches as the template says, commits that move the head (adding, changing and
 * deleting files), commits on an expected head that moved refused with a {@link ConflictException} and no change,
 * and unknown repositories refused with a {@link NotFoundException}. Reads after a write wait under the component's
 * policy, so eventually consistent repositories pass. A component offering {@code repositories.readable} is also
 * checked for {@link SourceRepositories#head} (the seed commit, then each commit with its message) and
 * {@link SourceRepositories#export} (the exact files and bytes of an older commit; unknown commits and
 * repositories not found); for the others those tests are skipped.
 *
 * <p>Projects are recorded in the backend's {@link ProjectStore} (override {@link #projectStore(Backend)}); the
 * repositories under test are the backend's own unless {@link #repositories(Backend)} is overridden. Override
 * {@link #hostsRepositories()} for repositories on a third-party host, which do not offer
 * {@code repositories.hosted}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class SourceRepositoriesCompatibilityKit {

    /** Scratch space for the backend, shared by the kit's tests. */
    @TempDir
    static Path scratch;

    private Backend backend;
    private SourceRepositories repos;
    private ProjectStore store;

    /** Makes the kit; subclasses name the backend in {@link #newBackend(Path)}. */
    protected SourceRepositoriesCompatibilityKit() {
    }

    /**
     * Makes the backend that holds the repositories under test. Called once; the kit closes it after the last test.
     *
     * @param scratch an empty directory the backend may use
     * @return the backend
     */
    protected abstract Backend newBackend(Path scratch);

    /**
     * The repositories under test.
     *
     * @param backend the backend
     * @return by default the backend's own
     */
    protected SourceRepositories repositories(Backend backend) {
        return backend.repositories().orElseThrow(() -> new AssertionError(backend.name() + " has no repositories"));
    }

    /**
     * Where the kit records the projects that own the repositories.
     *
     * @param backend the backend
     * @return by default the backend's own store
     */
    protected ProjectStore projectStore(Backend backend) {
        return backend.projectStore().orElseThrow(() -> new AssertionError(backend.name() + " has no project store"));
    }

    /**
     * Whether the repositories are hosted by the component (and so offer {@code repositories.hosted}).
     *
     * @return by default {@code true}
     */
    protected boolean hostsRepositories() {
        return true;
    }

    /**
     * How long a read may take to show a write.
     *
     * @return by default one minute (on the component's ticker)
     */
    protected Duration timeout() {
        return Duration.ofMinutes(1);
    }

    @BeforeAll
    void startBackend() {
        backend = newBackend(scratch);
        repos = repositories(backend);
        store = projectStore(backend);
    }

    @AfterAll
    void stopBackend() {
        Kits.close(backend);
    }

    private <T> T eventually(String what, Supplier<Optional<T>> check) {
        return Kits.await(what, timeout(), repos.waitPolicy(), check);
    }

    private ProjectRecord project(String hint) {
        return Kits.record(store, Kits.name(hint), Kits.repositories());
    }

    private RepositorySpec spec(ProjectRecord p, String role) {
        return p.template().repository(role).orElseThrow();
    }

    private String headOnceRead(ProjectRecord p, String role, String expected) {
        return eventually("the head of " + role + " to read " + expected, () -> repos.list(p).stream()
                .filter(r -> r.role().equals(role) && expected.equals(r.headCommit())).map(RepositoryInfo::headCommit)
                .findFirst());
    }

    // ---------------------------------------------------------------- provision and list

    @Test
    void provision_seedsTheTrackedBranch_underTheTemplatesNames() {
        ProjectRecord p = project("provision");
        RepositoryInfo app = repos.provision(p, spec(p, Kits.APP));
        RepositoryInfo lib = repos.provision(p, spec(p, Kits.LIB));
        assertThat(app.role()).isEqualTo(Kits.APP);
        assertThat(app.name()).isEqualTo(p.resourceName(Kits.APP));
        assertThat(app.branch()).isEqualTo("main");
        assertThat(app.cloneUri()).isNotNull();
        assertThat(app.headCommit()).isNotBlank();
        assertThat(lib.branch()).isEqualTo("trunk");
        assertThat(lib.headCommit()).isNotBlank();
        headOnceRead(p, Kits.APP, app.headCommit());
        headOnceRead(p, Kits.LIB, lib.headCommit());
        assertThat(repos.list(p)).extracting(RepositoryInfo::role).containsExactlyInAnyOrder(Kits.APP, Kits.LIB);
        store.delete(p);
    }

    @Test
    void provision_isIdempotent_leavingTheRepositoryAsItIs() {
        ProjectRecord p = project("reprovision");
        RepositoryInfo first = repos.provision(p, spec(p, Kits.APP));
        String moved = repos.commit(p, Kits.APP, new CommitRequest("tck: a change", Map.of("a.txt", "a"), Optional.empty()));
        RepositoryInfo again = repos.provision(p, spec(p, Kits.APP));
        assertThat(again.name()).isEqualTo(first.name());
        assertThat(again.headCommit()).as("provisioning an existing repository keeps its history").isEqualTo(moved);
        store.delete(p);
    }

    @Test
    void list_isEachProjectsOwn() {
        ProjectRecord a = project("list-a");
        ProjectRecord b = project("list-b");
        RepositoryInfo ra = repos.provision(a, spec(a, Kits.APP));
        RepositoryInfo rb = repos.provision(b, spec(b, Kits.APP));
        assertThat(ra.name()).isNotEqualTo(rb.name());
        headOnceRead(a, Kits.APP, ra.headCommit());
        assertThat(repos.list(a)).extracting(RepositoryInfo::name).doesNotContain(rb.name());
        store.delete(a);
        store.delete(b);
    }

    // ---------------------------------------------------------------- commits

    @Test
    void commit_movesTheHead_toANewCommit() {
        ProjectRecord p = project("commit");
        String seed = repos.provision(p, spec(p, Kits.APP)).headCommit();
        String c1 = repos.commit(p, Kits.APP, new CommitRequest("tck: add a file", Map.of("src/new.txt", "new\n"),
                Optional.empty()));
        assertThat(c1).isNotBlank().isNotEqualTo(seed);
        headOnceRead(p, Kits.APP, c1);
        Map<String, String> delete = new HashMap<>();
        delete.put("src/new.txt", null);
        delete.put("README.md", "# changed\n");
        String c2 = repos.commit(p, Kits.APP, new CommitRequest("tck: change and delete", delete, Optional.empty()));
        assertThat(c2).isNotEqualTo(c1).isNotEqualTo(seed);
        headOnceRead(p, Kits.APP, c2);
        String c3 = repos.commit(p, Kits.APP, new CommitRequest("tck: the same content again",
                Map.of("README.md", "# changed\n"), Optional.empty()));
        assertThat(c3).as("a commit id is new even for an unchanged tree").isNotEqualTo(c2);
        store.delete(p);
    }

    @Test
    void commit_onTheExpectedHead_succeeds() {
        ProjectRecord p = project("expected");
        String seed = repos.provision(p, spec(p, Kits.APP)).headCommit();
        String next = repos.commit(p, Kits.APP, new CommitRequest("tck: on the seed", Map.of("x.txt", "x"), Optional.of(seed)));
        String after = repos.commit(p, Kits.APP, new CommitRequest("tck: on that", Map.of("y.txt", "y"), Optional.of(next)));
        headOnceRead(p, Kits.APP, after);
        store.delete(p);
    }

    @Test
    void commit_onAHeadThatMoved_isRefusedWithAConflict_andChangesNothing() {
        ProjectRecord p = project("conflict");
        String seed = repos.provision(p, spec(p, Kits.APP)).headCommit();
        String theirs = repos.commit(p, Kits.APP, new CommitRequest("tck: someone else", Map.of("theirs.txt", "t"),
                Optional.empty()));
        assertThatThrownBy(() -> repos.commit(p, Kits.APP, new CommitRequest("tck: mine, on the old head",
                Map.of("mine.txt", "m"), Optional.of(seed))))
                .isInstanceOf(ConflictException.class)
                .hasMessageContaining(seed);
        headOnceRead(p, Kits.APP, theirs);
        String mine = repos.commit(p, Kits.APP, new CommitRequest("tck: mine, redone", Map.of("mine.txt", "m"),
                Optional.of(theirs)));
        headOnceRead(p, Kits.APP, mine);
        store.delete(p);
    }

    @Test
    void commit_toAnUnknownRepository_isNotFound() {
        ProjectRecord p = project("unknown");
        repos.provision(p, spec(p, Kits.APP));
        assertThatThrownBy(() -> repos.commit(p, "nosuchrepo", new CommitRequest("tck", Map.of("a", "a"), Optional.empty())))
                .isInstanceOf(NotFoundException.class)
                .hasMessageContaining("nosuchrepo");
        store.delete(p);
    }

    @Test
    void commitRequest_refusesPathsThatLeaveTheRepository() {
        for (String bad : new String[] {"../escape", "/absolute", "a/./b", ".git/config", "a\\b", ""}) {
            assertThatThrownBy(() -> new CommitRequest("tck", Map.of(bad, "x"), Optional.empty()))
                    .as("path %s", bad).isInstanceOf(ValidationException.class);
        }
    }

    // ---------------------------------------------------------------- readable repositories (head and export)

    private void assumeReadable() {
        Assumptions.assumeTrue(repos.capabilities().contains(Capability.READABLE_REPOSITORIES),
                repos.backend() + " does not offer " + Capability.READABLE_REPOSITORIES);
    }

    private CommitInfo headOnceAt(ProjectRecord p, String role, String expected) {
        return eventually("head(" + role + ") to read " + expected, () -> repos.head(p, role)
                .filter(c -> c.id().equals(expected)));
    }

    @Test
    void head_beforeProvisioning_hasNoCommit() {
        assumeReadable();
        ProjectRecord p = project("head-none");
        Optional<CommitInfo> before;
        try {
            before = repos.head(p, Kits.APP);
        } catch (NotFoundException notMadeYet) {
            before = Optional.empty();   // a host may report a repository not made yet as not found
        }
        assertThat(before).as("a repository not provisioned yet has no head").isEmpty();
        store.delete(p);
    }

    @Test
    void head_isTheSeedCommit_thenMovesWithEachCommit_carryingItsMessage() {
        assumeReadable();
        ProjectRecord p = project("head");
        String seed = repos.provision(p, spec(p, Kits.APP)).headCommit();
        CommitInfo first = headOnceAt(p, Kits.APP, seed);
        assertThat(first.message()).as("the seed commit's message").isNotBlank();
        String c1 = repos.commit(p, Kits.APP, new CommitRequest("tck: first change\n\nwith a body", Map.of("a.txt", "a"),
                Optional.empty()));
        CommitInfo h1 = headOnceAt(p, Kits.APP, c1);
        assertThat(h1.subject()).isEqualTo("tck: first change");
        String c2 = repos.commit(p, Kits.APP, new CommitRequest("tck: second change", Map.of("b.txt", "b"), Optional.of(c1)));
        assertThat(headOnceAt(p, Kits.APP, c2).subject()).isEqualTo("tck: second change");
        store.delete(p);
    }

    @Test
    void head_ofAnUnknownRepository_isNotFound() {
        assumeReadable();
        ProjectRecord p = project("head-unknown");
        repos.provision(p, spec(p, Kits.APP));
        assertThatThrownBy(() -> repos.head(p, "nosuchrepo"))
                .isInstanceOf(NotFoundException.class)
                .hasMessageContaining("nosuchrepo");
        store.delete(p);
    }

    @Test
    void export_writesExactlyTheFilesAndBytesOfTheCommitAskedFor_evenAnOlderOne() throws IOException {
        assumeReadable();
        ProjectRecord p = project("export");
        String seed = repos.provision(p, spec(p, Kits.APP)).headCommit();
        Map<String, String> change = new HashMap<>();
        change.put("README.md", "# changed: caf\u00e9 \u2713\n");
        change.put("src/deep/er/new.txt", "new\n");
        String c1 = repos.commit(p, Kits.APP, new CommitRequest("tck: change and add", change, Optional.empty()));
        Map<String, String> delete = new HashMap<>();
        delete.put("src/hello.txt", null);
        String c2 = repos.commit(p, Kits.APP, new CommitRequest("tck: delete", delete, Optional.of(c1)));
        headOnceAt(p, Kits.APP, c2);

        Map<String, byte[]> seedFiles = exported(p, Kits.APP, seed, "seed");
        assertThat(seedFiles.keySet()).containsExactlyInAnyOrderElementsOf(Kits.seed().files().keySet());
        Kits.seed().files().forEach((k, v) -> assertThat(seedFiles.get(k)).as(k).isEqualTo(v));

        Map<String, byte[]> first = exported(p, Kits.APP, c1, "c1");
        assertThat(first.keySet()).containsExactlyInAnyOrder("README.md", "src/hello.txt", "src/deep/er/new.txt");
        assertThat(first.get("README.md")).isEqualTo("# changed: caf\u00e9 \u2713\n".getBytes(StandardCharsets.UTF_8));
        assertThat(first.get("src/hello.txt")).isEqualTo(Kits.seed().files().get("src/hello.txt"));

        Map<String, byte[]> second = exported(p, Kits.APP, c2, "c2");
        assertThat(second.keySet()).containsExactlyInAnyOrder("README.md", "src/deep/er/new.txt");
        store.delete(p);
    }

    @Test
    void export_ofAnUnknownCommitOrRepository_isNotFound() throws IOException {
        assumeReadable();
        ProjectRecord p = project("export-unknown");
        String seed = repos.provision(p, spec(p, Kits.APP)).headCommit();
        headOnceAt(p, Kits.APP, seed);
        Path unknownCommit = Files.createDirectories(scratch.resolve(p.name() + "-unknown-commit"));
        assertThatThrownBy(() -> repos.export(p, Kits.APP, "0123456789abcdef0123456789abcdef01234567", unknownCommit))
                .isInstanceOf(NotFoundException.class)
                .hasMessageContaining("0123456789abcdef0123456789abcdef01234567");
        Path unknownRole = Files.createDirectories(scratch.resolve(p.name() + "-unknown-role"));
        assertThatThrownBy(() -> repos.export(p, "nosuchrepo", seed, unknownRole))
                .isInstanceOf(NotFoundException.class)
                .hasMessageContaining("nosuchrepo");
        store.delete(p);
    }

    /** Exports a commit into a fresh directory and reads back every file under it, by relative path. */
    private Map<String, byte[]> exported(ProjectRecord p, String role, String commit, String label) throws IOException {
        Path target = Files.createDirectories(scratch.resolve(p.name() + "-" + label));
        repos.export(p, role, commit, target);
        Map<String, byte[]> out = new TreeMap<>();
        try (Stream<Path> tree = Files.walk(target)) {
            for (Path f : tree.filter(x -> !x.equals(target)).toList()) {
                assertThat(Files.isSymbolicLink(f)).as("%s is a link", f).isFalse();
                if (Files.isRegularFile(f)) {
                    StringBuilder rel = new StringBuilder();
                    target.relativize(f).forEach(n -> rel.append(rel.length() == 0 ? "" : "/").append(n));
                    out.put(rel.toString(), Files.readAllBytes(f));
                }
            }
        }
        assertThat(out.keySet()).as("no .git in an export").noneMatch(k -> k.equals(".git") || k.startsWith(".git/"));
        return out;
    }

    // ---------------------------------------------------------------- component

    @Test
    void component_offersHostedRepositories_andHasAWaitPolicy() {
        assertThat(repos.backend()).isNotBlank();
        assertThat(repos.waitPolicy()).isNotNull();
        if (hostsRepositories()) {
            assertThat(repos.capabilities()).contains(Capability.HOSTED_REPOSITORIES);
        }
    }
}
