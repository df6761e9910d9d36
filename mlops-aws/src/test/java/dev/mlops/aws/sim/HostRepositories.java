package dev.mlops.aws.sim;

import dev.mlops.aws.cfn.internal.RepositoryParameters;
import dev.mlops.exception.ConflictException;
import dev.mlops.exception.NotFoundException;
import dev.mlops.spi.CommitRequest;
import dev.mlops.spi.ProjectRecord;
import dev.mlops.spi.RepositoryInfo;
import dev.mlops.spi.SourceRepositories;
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

/**
 * The project's third-party repositories as a {@link SourceRepositories} component over an {@link InMemoryGitHost}, the
 * test's stand-in for the GitHub or Bitbucket component: each repository is the one the template's parameters name
 * ({@code <Role>CodeRepositoryFullname}, {@code <Role>CodeRepositoryBranch}); provisioning adopts the branch the stack's
 * seed check-in pushed (and seeds it only when there is none); a commit is a push, which reaches the pipelines.
 */
final class HostRepositories implements SourceRepositories {
    private final InMemoryGitHost host;
    private final AwsSimulation aws;

    HostRepositories(InMemoryGitHost host, AwsSimulation aws) {
        this.host = host;
        this.aws = aws;
    }

    @Override
    public String backend() {
        return "git-host";
    }

    @Override
    public Set<Capability> capabilities() {
        return Set.of(Capability.THIRD_PARTY_REPOSITORIES);
    }

    @Override
    public List<RepositoryInfo> list(ProjectRecord project) {
        List<RepositoryInfo> out = new ArrayList<>();
        for (RepositorySpec spec : project.template().repositories()) {
            String full = fullName(project, spec.role());
            String branch = branch(project, spec.role());
            host.head(full, branch).ifPresent(h -> out.add(info(spec.role(), full, branch, h)));
        }
        return out;
    }

    @Override
    public RepositoryInfo provision(ProjectRecord project, RepositorySpec spec) {
        String full = fullName(project, spec.role());
        String branch = branch(project, spec.role());
        Optional<String> head = host.head(full, branch);
        String h = head.orElseGet(() -> host.checkIn(full, branch, spec.seed().files(), "Seed code"));
        return info(spec.role(), full, branch, h);
    }

    @Override
    public String commit(ProjectRecord project, String role, CommitRequest request) {
        if (project.template().repository(role).isEmpty()) {
            throw new NotFoundException("repository", role, "project " + project.name() + " has no repository of that role");
        }
        String full = fullName(project, role);
        String branch = branch(project, role);
        String head = host.head(full, branch).orElse(null);
        if (request.expectedHead().isPresent() && !request.expectedHead().get().equals(head)) {
            throw new ConflictException("Branch " + branch + " of " + full + " moved to " + head, List.of(),
                    Map.of("repository", role));
        }
        Map<String, byte[]> files = new LinkedHashMap<>();
        request.files().forEach((p, c) -> files.put(p, c == null ? null : c.getBytes(StandardCharsets.UTF_8)));
        String id = host.commit(full, branch, files, request.message());
        aws.pushed(full, branch);
        return id;
    }

    private static String fullName(ProjectRecord project, String role) {
        return project.template().resolvedParameters().get(RepositoryParameters.fullname(role));
    }

    private static String branch(ProjectRecord project, String role) {
        return project.template().resolvedParameters().getOrDefault(RepositoryParameters.branch(role), "main");
    }

    private static RepositoryInfo info(String role, String full, String branch, String head) {
        return new RepositoryInfo(role, full, branch, URI.create("https://github.com/" + full + ".git"), head);
    }
}
