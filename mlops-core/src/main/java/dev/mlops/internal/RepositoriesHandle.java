package dev.mlops.internal;

import dev.mlops.Repositories;
import dev.mlops.Repository;
import dev.mlops.exception.NotFoundException;
import dev.mlops.spi.RepositoryInfo;
import java.util.ArrayList;
import java.util.List;

/** {@link Repositories} over the composition's source repositories. */
final class RepositoriesHandle implements Repositories {
    private final ProjectContext ctx;

    RepositoriesHandle(ProjectContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Repository named(String role) {
        Validation.notBlank("Repositories.named.role", role);
        List<Repository> all = all();
        return all.stream().filter(r -> r.role().equals(role)).findFirst()
                .orElseThrow(() -> new NotFoundException("repository", role, "project " + ctx.record().name() + " has "
                        + all.stream().map(Repository::role).toList()));
    }

    @Override
    public List<Repository> all() {
        List<Repository> out = new ArrayList<>();
        for (RepositoryInfo info : ctx.components().repositories().list(ctx.record())) {
            out.add(new RepositoryHandle(ctx, info.role()));
        }
        return out;
    }
}
