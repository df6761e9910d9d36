package dev.mlops.internal;

import dev.mlops.Repository;
import dev.mlops.exception.NotFoundException;
import dev.mlops.spi.CommitRequest;
import dev.mlops.spi.RepositoryInfo;
import java.net.URI;
import java.util.Map;
import java.util.Optional;

/** {@link Repository}: reads are fresh from the component; commits are checked before they are sent. */
final class RepositoryHandle implements Repository {
    private final ProjectContext ctx;
    private final String role;

    RepositoryHandle(ProjectContext ctx, String role) {
        this.ctx = ctx;
        this.role = role;
    }

    private RepositoryInfo info() {
        return ctx.components().repositories().list(ctx.record()).stream().filter(r -> r.role().equals(role)).findFirst()
                .orElseThrow(() -> new NotFoundException("repository", role, "it was removed"));
    }

    @Override
    public String name() {
        return ctx.recordUnchecked().resourceName(role);
    }

    @Override
    public String role() {
        return role;
    }

    @Override
    public String branch() {
        return info().branch();
    }

    @Override
    public URI cloneUri() {
        return info().cloneUri();
    }

    @Override
    public String headCommit() {
        return info().headCommit();
    }

    @Override
    public String commit(String message, Map<String, String> files) {
        return ctx.components().repositories().commit(ctx.record(), role,
                new CommitRequest(message, files, Optional.empty()));
    }

    @Override
    public String commit(String message, Map<String, String> files, String expectedHead) {
        Validation.notBlank("Repository.commit.expectedHead", expectedHead);
        return ctx.components().repositories().commit(ctx.record(), role,
                new CommitRequest(message, files, Optional.of(expectedHead)));
    }

    @Override
    public String toString() {
        return "Repository{" + name() + "}";
    }
}
