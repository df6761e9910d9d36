package dev.mlops.internal;

import dev.mlops.Pipeline;
import dev.mlops.Pipelines;
import dev.mlops.exception.NotFoundException;
import dev.mlops.template.PipelineSpec;
import dev.mlops.template.Template;
import dev.mlops.template.Templates;
import java.util.ArrayList;
import java.util.List;

/** {@link Pipelines}: the template's pipelines, run by the composition's orchestrator. */
final class PipelinesHandle implements Pipelines {
    private final ProjectContext ctx;

    PipelinesHandle(ProjectContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Pipeline build() {
        return named(Templates.MODEL_BUILD);
    }

    @Override
    public Pipeline deploy() {
        return named(Templates.MODEL_DEPLOY);
    }

    @Override
    public Pipeline named(String role) {
        Validation.notBlank("Pipelines.named.role", role);
        Template t = ctx.record().template();
        PipelineSpec spec = t.pipeline(role).orElseThrow(() -> new NotFoundException("pipeline", role,
                "template " + t.id() + " has " + t.pipelines().stream().map(PipelineSpec::role).toList()));
        return new PipelineHandle(ctx, spec);
    }

    @Override
    public List<Pipeline> all() {
        List<Pipeline> out = new ArrayList<>();
        ctx.record().template().pipelines().forEach(p -> out.add(new PipelineHandle(ctx, p)));
        return out;
    }
}
