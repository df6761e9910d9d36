package dev.mlops.aws.internal.repositories;

import dev.mlops.aws.AwsService;
import dev.mlops.aws.internal.AwsCalls;
import dev.mlops.aws.internal.AwsComponent;
import dev.mlops.aws.internal.AwsErrors;
import dev.mlops.exception.ConflictException;
import dev.mlops.exception.MlopsClientException;
import dev.mlops.exception.NotFoundException;
import dev.mlops.spi.CommitRequest;
import dev.mlops.spi.ProjectRecord;
import dev.mlops.spi.RepositoryInfo;
import dev.mlops.spi.SourceRepositories;
import dev.mlops.spi.WaitPolicy;
import dev.mlops.template.Capability;
import dev.mlops.template.RepositorySpec;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.codecommit.model.DeleteFileEntry;
import software.amazon.awssdk.services.codecommit.model.NoChangeException;
import software.amazon.awssdk.services.codecommit.model.ParentCommitIdOutdatedException;
import software.amazon.awssdk.services.codecommit.model.PutFileEntry;
import software.amazon.awssdk.services.codecommit.model.RepositoryMetadata;
import software.amazon.awssdk.services.codecommit.model.RepositoryNameExistsException;

/**
 * CodeCommit repositories as {@link SourceRepositories}: each of the template's repositories is
 * {@code sagemaker-<name>-<id>-<role>}, tagged {@code sagemaker:project-name} and {@code sagemaker:project-id}.
 *
 * <ul>
 *   <li>The project's stack normally makes them with their seed code; {@link #provision} finds the repository with
 *       {@code GetRepository} and leaves it as it is, and only if it is missing (a composition without the stack)
 *       makes it and commits the seed with {@code CreateCommit}, in as many commits as CodeCommit's limits need
 *       (see {@link CommitLimits}). A repository made but never seeded (an interrupted provisioning) is seeded.</li>
 *   <li>{@link #commit} is one {@code CreateCommit} on the tracked branch whose parent is the expected head, so that
 *       CodeCommit itself refuses a moved branch ({@code ParentCommitIdOutdatedException}); commits beyond
 *       CodeCommit's limits are refused whole, and a commit that changes nothing is refused, since CodeCommit makes
 *       no empty commits ({@code NoChangeException}).</li>
 * </ul>
 *
 * <p>Commits are made under the backend's credentials: CodeCommit records the caller's IAM identity as their author.
 */
public final class CodeCommitRepositories extends AwsComponent implements SourceRepositories {
    private static final Logger LOG = LoggerFactory.getLogger(CodeCommitRepositories.class);
    /** Attempts of a commit without an expected head when the branch moves under it. */
    private static final int ATTEMPTS = 3;

    /**
     * Creates the component.
     *
     * @param calls the backend's calls
     * @param waits its wait policy
     */
    public CodeCommitRepositories(AwsCalls calls, WaitPolicy waits) {
        super(calls, waits);
    }

    @Override
    public Set<Capability> capabilities() {
        return Set.of(Capability.HOSTED_REPOSITORIES, dev.mlops.aws.internal.AwsCapabilities.CODECOMMIT_REPOSITORIES);
    }

    @Override
    public List<RepositoryInfo> list(ProjectRecord project) {
        List<RepositoryInfo> out = new ArrayList<>();
        for (RepositorySpec spec : project.template().repositories()) {
            String name = project.resourceName(spec.role());
            repository(name).ifPresent(m -> out.add(info(spec, m, head(name, spec.branch()).orElse(""))));
        }
        return out;
    }

    @Override
    public RepositoryInfo provision(ProjectRecord project, RepositorySpec spec) {
        String name = project.resourceName(spec.role());
        Map<String, String> ctx = Map.of("project", project.name(), "repository", name);
        RepositoryMetadata meta = repository(name).orElse(null);
        if (meta == null) {
            meta = calls.call(AwsService.CODECOMMIT, "make repository " + name, ctx, () -> {
                try {
                    return clients().codeCommit().createRepository(b -> b.repositoryName(name)
                            .repositoryDescription(spec.role() + " repository of SageMaker project " + project.name())
                            .tags(Map.of("sagemaker:project-name", project.name(), "sagemaker:project-id", project.id())))
                            .repositoryMetadata();
                } catch (RepositoryNameExistsException e) {
                    // Made meanwhile by a concurrent provisioning.
                    return null;
                }
            });
            if (meta == null) {
                meta = repository(name).orElseThrow(() -> new NotFoundException("repository", name,
                        "CodeCommit said it exists, then that it does not: it was deleted meanwhile"));
            }
            LOG.debug("Made repository {}", name);
        }
        Optional<String> head = head(name, spec.branch());
        if (head.isPresent() || meta.defaultBranch() != null) {
            return info(spec, meta, head.orElse(""));
        }
        String parent = null;
        List<Map<String, byte[]>> batches = CommitLimits.split(name, spec.seed().files());
        for (int i = 0; i < batches.size(); i++) {
            String message = "Seed code of the " + spec.role() + " repository"
                    + (batches.size() > 1 ? " (" + (i + 1) + " of " + batches.size() + ")" : "");
            parent = createCommit(name, spec.branch(), parent, message, batches.get(i), ctx);
        }
        LOG.debug("Seeded {} on {} in {} commit(s): {}", name, spec.branch(), batches.size(), parent);
        return info(spec, meta, parent);
    }

    @Override
    public String commit(ProjectRecord project, String role, CommitRequest request) {
        RepositorySpec spec = project.template().repository(role).orElseThrow(() -> new NotFoundException("repository",
                role, "project " + project.name() + "'s template has no repository of that role"));
        String name = project.resourceName(role);
        Map<String, String> ctx = Map.of("project", project.name(), "repository", name, "branch", spec.branch());
        if (repository(name).isEmpty()) {
            throw new NotFoundException("repository", name + " (role " + role + ")", "CodeCommit has no such repository;"
                    + " provision the project's repositories first");
        }
        Map<String, byte[]> files = new LinkedHashMap<>();
        request.files().forEach((path, content) -> files.put(path, content == null ? null
                : content.getBytes(StandardCharsets.UTF_8)));
        CommitLimits.check(name, files);
        for (int attempt = 1; ; attempt++) {
            Optional<String> head = head(name, spec.branch());
            String parent = request.expectedHead().orElse(head.orElse(null));
            if (request.expectedHead().isPresent() && head.isEmpty()) {
                throw moved(name, spec.branch(), request.expectedHead().get(), "has no commit", ctx, null);
            }
            try {
                return createCommit(name, spec.branch(), parent, request.message(), files, ctx);
            } catch (ConflictException e) {
                if (request.expectedHead().isPresent() || attempt == ATTEMPTS) {
                    throw e;
                }
                LOG.debug("Branch {} of {} moved while committing; reading its head again", spec.branch(), name);
            }
        }
    }

    @Override
    public void deleteProject(ProjectRecord project) {
        for (RepositorySpec spec : project.template().repositories()) {
            String name = project.resourceName(spec.role());
            calls.call(AwsService.CODECOMMIT, "delete repository " + name + " of project " + project.name(),
                    Map.of("project", project.name(), "repository", name),
                    () -> clients().codeCommit().deleteRepository(b -> b.repositoryName(name)));
        }
    }

    // ------------------------------------------------------------------------------------------------ calls

    private Optional<RepositoryMetadata> repository(String name) {
        return calls.call(AwsService.CODECOMMIT, "look for repository " + name, Map.of("repository", name), () -> {
            try {
                return Optional.of(clients().codeCommit().getRepository(b -> b.repositoryName(name)).repositoryMetadata());
            } catch (SdkException e) {
                if (AwsErrors.isNotFound(e)) {
                    return Optional.empty();
                }
                throw e;
            }
        });
    }

    private Optional<String> head(String name, String branch) {
        return calls.call(AwsService.CODECOMMIT, "read the head of " + branch + " in " + name,
                Map.of("repository", name, "branch", branch), () -> {
                    try {
                        return Optional.ofNullable(clients().codeCommit().getBranch(b -> b.repositoryName(name)
                                .branchName(branch)).branch().commitId());
                    } catch (SdkException e) {
                        // BranchDoesNotExistException: an empty repository, or one without this branch yet.
                        if (AwsErrors.isNotFound(e)) {
                            return Optional.empty();
                        }
                        throw e;
                    }
                });
    }

    private String createCommit(String name, String branch, String parent, String message, Map<String, byte[]> files,
            Map<String, String> ctx) {
        List<PutFileEntry> puts = new ArrayList<>();
        List<DeleteFileEntry> deletes = new ArrayList<>();
        files.forEach((path, content) -> {
            if (content == null) {
                deletes.add(DeleteFileEntry.builder().filePath(path).build());
            } else {
                puts.add(PutFileEntry.builder().filePath(path).fileContent(SdkBytes.fromByteArray(content)).build());
            }
        });
        return calls.call(AwsService.CODECOMMIT, "commit to " + branch + " of " + name, ctx, () -> {
            try {
                return clients().codeCommit().createCommit(b -> {
                    b.repositoryName(name).branchName(branch).parentCommitId(parent).commitMessage(message);
                    if (!puts.isEmpty()) {
                        b.putFiles(puts);
                    }
                    if (!deletes.isEmpty()) {
                        b.deleteFiles(deletes);
                    }
                }).commitId();
            } catch (ParentCommitIdOutdatedException e) {
                String now = head(name, branch).orElse("no commit");
                throw moved(name, branch, parent, "is now at " + now, ctx, e);
            } catch (NoChangeException e) {
                throw new MlopsClientException("Nothing to commit to " + branch + " of " + name + ": the files are as"
                        + " the head " + parent + " has them, and CodeCommit makes no commit that changes nothing", e, ctx);
            }
        });
    }

    private static ConflictException moved(String name, String branch, String expected, String now,
            Map<String, String> ctx, Exception cause) {
        ConflictException e = new ConflictException("Branch " + branch + " of " + name + " moved: it " + now
                + ", not the expected head " + expected + "; nothing was committed. Read the head again and redo the"
                + " change on it", List.of(), ctx);
        if (cause != null) {
            // ConflictException takes no cause: CodeCommit's refusal is kept as a suppressed exception.
            e.addSuppressed(cause);
        }
        return e;
    }

    private static RepositoryInfo info(RepositorySpec spec, RepositoryMetadata m, String head) {
        return new RepositoryInfo(spec.role(), m.repositoryName(), spec.branch(), URI.create(m.cloneUrlHttp()), head);
    }
}
