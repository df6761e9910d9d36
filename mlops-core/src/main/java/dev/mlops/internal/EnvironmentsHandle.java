package dev.mlops.internal;

import dev.mlops.Environment;
import dev.mlops.Environments;
import dev.mlops.exception.NotFoundException;
import dev.mlops.template.Template;
import dev.mlops.template.Templates;
import java.util.ArrayList;
import java.util.List;

/** {@link Environments}: the template's deployment environments. */
final class EnvironmentsHandle implements Environments {
    private final ProjectContext ctx;

    EnvironmentsHandle(ProjectContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Environment staging() {
        return named(Templates.STAGING);
    }

    @Override
    public Environment prod() {
        return named(Templates.PROD);
    }

    @Override
    public Environment named(String env) {
        Validation.notBlank("Environments.named.name", env);
        Template t = ctx.record().template();
        if (!t.environments().contains(env)) {
            throw new NotFoundException("environment", env, "template " + t.id() + " has " + t.environments());
        }
        return new EnvironmentHandle(ctx, env);
    }

    @Override
    public List<Environment> all() {
        List<Environment> out = new ArrayList<>();
        ctx.record().template().environments().forEach(e -> out.add(new EnvironmentHandle(ctx, e)));
        return out;
    }
}
