package dev.mlops.aws.repositories;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.aws.AwsBackend;
import dev.mlops.aws.fixtures.ValidatingInterceptor;
import dev.mlops.aws.registry.MotoBackends;
import dev.mlops.exception.ConflictException;
import dev.mlops.exception.MlopsClientException;
import dev.mlops.exception.ValidationException;
import dev.mlops.spi.CommitRequest;
import dev.mlops.spi.ProjectRecord;
import dev.mlops.spi.RepositoryInfo;
import dev.mlops.spi.SourceRepositories;
import dev.mlops.template.RepositorySpec;
import dev.mlops.template.SeedCode;
import dev.mlops.template.Template;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** CodeCommit's own rules through the component: commits on a moved head, no empty commits, the API's limits. */
class CodeCommitRepositoriesTest {
    @TempDir
    Path scratch;

    private final ValidatingInterceptor validator = new ValidatingInterceptor();
    private FakeCodeCommit codeCommit;
    private AwsBackend aws;
    private SourceRepositories repos;
    private ProjectRecord project;

    @BeforeEach
    void setUp() {
        codeCommit = new FakeCodeCommit();
        aws = MotoBackends.builder(codeCommit.endpoint(), validator, scratch.resolve("cache")).build();
        repos = aws.repositories().orElseThrow();
        project = project(SeedCode.ofFiles(Map.of("README.md", "# seed\n".getBytes(StandardCharsets.UTF_8))));
    }

    @AfterEach
    void tearDown() {
        aws.close();
        codeCommit.close();
        validator.assertNoViolations();
    }

    private static ProjectRecord project(SeedCode seed) {
        Template t = Template.builder().id("cc-test").displayName("CodeCommit test")
                .addRepositories(RepositorySpec.of("modelbuild", seed)).build();
        return new ProjectRecord("abalone", "p-abcdef123456", t, Map.of(), Instant.now());
    }

    private RepositoryInfo provision() {
        return repos.provision(project, project.template().repository("modelbuild").orElseThrow());
    }

    @Test
    void provision_namesTheRepositoryAfterTheOriginals_andSeedsTheBranch() {
        RepositoryInfo r = provision();
        assertThat(r.name()).isEqualTo("sagemaker-abalone-p-abcdef123456-modelbuild");
        assertThat(r.cloneUri().toString()).isEqualTo(
                "https://git-codecommit.us-east-1.amazonaws.com/v1/repos/sagemaker-abalone-p-abcdef123456-modelbuild");
        assertThat(r.headCommit()).isNotBlank();
        assertThat(repos.list(project)).singleElement().satisfies(x -> assertThat(x.headCommit()).isEqualTo(r.headCommit()));
    }

    @Test
    void commit_addsChangesAndDeletes_andMovesTheHead() {
        String seed = provision().headCommit();
        String c1 = repos.commit(project, "modelbuild", new CommitRequest("add", Map.of("src/a.txt", "a"), Optional.empty()));
        Map<String, String> change = new HashMap<>();
        change.put("src/a.txt", null);
        change.put("README.md", "# changed\n");
        String c2 = repos.commit(project, "modelbuild", new CommitRequest("change", change, Optional.of(c1)));
        assertThat(c1).isNotEqualTo(seed);
        assertThat(c2).isNotEqualTo(c1);
        assertThat(repos.list(project).get(0).headCommit()).isEqualTo(c2);
    }

    @Test
    void commit_ofNothingNew_isRefused_sinceCodeCommitMakesNoEmptyCommits() {
        String seed = provision().headCommit();
        assertThatThrownBy(() -> repos.commit(project, "modelbuild", new CommitRequest("same",
                Map.of("README.md", "# seed\n"), Optional.of(seed))))
                .isInstanceOf(MlopsClientException.class).hasMessageContaining("Nothing to commit")
                .hasMessageContaining(seed);
    }

    @Test
    void commit_onAMovedHead_isAConflictNamingBothHeads_andCommitsNothing() {
        RepositoryInfo r = provision();
        String theirs = codeCommit.pushFromElsewhere(r.name(), "main", "theirs.txt");
        int before = codeCommit.commits();
        assertThatThrownBy(() -> repos.commit(project, "modelbuild", new CommitRequest("mine", Map.of("mine.txt", "m"),
                Optional.of(r.headCommit()))))
                .isInstanceOf(ConflictException.class)
                .hasMessageContaining(r.headCommit()).hasMessageContaining(theirs)
                .satisfies(e -> assertThat(e.getSuppressed()).isNotEmpty());
        assertThat(codeCommit.commits()).isEqualTo(before);
        assertThat(repos.list(project).get(0).headCommit()).isEqualTo(theirs);
    }

    @Test
    void commit_beyondCodeCommitsLimits_isRefusedWhole_beforeAnythingIsSent() {
        provision();
        int before = codeCommit.commits();
        Map<String, String> many = new LinkedHashMap<>();
        for (int i = 0; i < 101; i++) {
            many.put("f" + i + ".txt", "x");
        }
        assertThatThrownBy(() -> repos.commit(project, "modelbuild", new CommitRequest("many", many, Optional.empty())))
                .isInstanceOf(ValidationException.class).hasMessageContaining("at most 100 files");
        String big = "x".repeat(6 * 1024 * 1024 + 1);
        assertThatThrownBy(() -> repos.commit(project, "modelbuild", new CommitRequest("big", Map.of("big.bin", big),
                Optional.empty())))
                .isInstanceOf(ValidationException.class).hasMessageContaining("big.bin").hasMessageContaining("per file");
        assertThat(codeCommit.commits()).isEqualTo(before);
    }

    @Test
    void provision_splitsALargeSeed_intoCommitsWithinTheLimits_andLeavesAnExistingRepositoryAlone() {
        Map<String, byte[]> files = new LinkedHashMap<>();
        for (int i = 0; i < 250; i++) {
            files.put("data/f" + i + ".txt", ("row " + i + "\n").getBytes(StandardCharsets.UTF_8));
        }
        project = project(SeedCode.ofFiles(files));
        RepositoryInfo r = provision();
        assertThat(codeCommit.commits()).as("250 files in commits of at most 100").isEqualTo(3);
        assertThat(provision().headCommit()).isEqualTo(r.headCommit());
        assertThat(codeCommit.commits()).isEqualTo(3);
        assertThat(validator.calls("CodeCommit.CreateRepository")).isEqualTo(1);
    }
}
