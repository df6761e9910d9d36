package dev.mlops.internal;

import dev.mlops.ExecutionStatus;
import dev.mlops.Listing;
import dev.mlops.ModelApprovalStatus;
import dev.mlops.ModelVersion;
import dev.mlops.Models;
import dev.mlops.exception.NotFoundException;
import dev.mlops.spi.ExecutionInfo;
import dev.mlops.spi.ModelRegistry;
import dev.mlops.spi.ModelVersionInfo;
import dev.mlops.spi.Page;
import dev.mlops.spi.PageRequest;
import dev.mlops.template.Templates;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/** {@link Models}: the project's group in the composition's registry. */
final class ModelsHandle implements Models {
    private final ProjectContext ctx;

    ModelsHandle(ProjectContext ctx) {
        this.ctx = ctx;
    }

    private ModelRegistry registry() {
        return ctx.components().registry();
    }

    @Override
    public String group() {
        return ctx.modelGroup();
    }

    @Override
    public Listing<ModelVersion> versions() {
        return Listing.of(collect(v -> true), "model versions in " + group(), this::whyNone);
    }

    @Override
    public Listing<ModelVersion> pendingApproval() {
        return Listing.of(collect(v -> v.status() == ModelApprovalStatus.PendingManualApproval),
                "model versions pending approval in " + group(), this::whyNone);
    }

    private List<ModelVersion> collect(Predicate<ModelVersionInfo> keep) {
        List<ModelVersion> out = new ArrayList<>();
        Page.all(page -> registry().versions(group(), page)).stream().filter(keep)
                .forEach(v -> out.add(new ModelVersionHandle(ctx, v)));
        return out;
    }

    /** Why a listing is short: the state of the latest build, which is what registers versions. */
    private String whyNone() {
        if (ctx.record().template().pipeline(Templates.MODEL_BUILD).isEmpty()) {
            return "this template has no build pipeline that registers versions";
        }
        Optional<ExecutionInfo> latest = ctx.components().orchestrator().latest(ctx.record(), Templates.MODEL_BUILD);
        if (latest.isEmpty()) {
            return "no build has run yet";
        }
        ExecutionInfo e = latest.get();
        if (e.status() == ExecutionStatus.Failed) {
            String stage = e.stages().stream().filter(s -> s.status() == ExecutionStatus.Failed).map(s -> " at stage "
                    + s.name() + (s.summary().isEmpty() ? "" : " (" + s.summary() + ")")).findFirst().orElse("");
            return "the latest build, " + e.id() + ", failed" + stage + "; fix it and push, or start it again";
        }
        if (!e.status().isTerminal()) {
            return "the latest build, " + e.id() + ", is " + e.status() + ": await it with"
                    + " project.pipelines().build().awaitLatest(…)";
        }
        return "the latest build, " + e.id() + ", ended " + e.status();
    }

    @Override
    public Optional<ModelVersion> latestApproved() {
        return registry().latest(group(), ModelApprovalStatus.Approved).map(v -> new ModelVersionHandle(ctx, v));
    }

    @Override
    public ModelVersion version(int version) {
        return registry().version(group(), version).<ModelVersion>map(v -> new ModelVersionHandle(ctx, v))
                .orElseThrow(() -> new NotFoundException("model version", group() + "/" + version,
                        "the newest is " + registry().versions(group(), PageRequest.first(1)).items().stream()
                                .findFirst().map(v -> "version " + v.version()).orElse("none: " + whyNone())));
    }

    @Override
    public ModelVersion byArn(String arn) {
        Validation.notBlank("Models.byArn.arn", arn);
        return registry().byArn(arn).filter(v -> v.group().equals(group()))
                .<ModelVersion>map(v -> new ModelVersionHandle(ctx, v))
                .orElseThrow(() -> new NotFoundException("model version", arn, "not in group " + group()));
    }

    @Override
    public ModelVersion awaitNewVersion(Duration timeout) {
        Validation.positive("Models.awaitNewVersion.timeout", timeout);
        int known = registry().versions(group(), PageRequest.first(1)).items().stream()
                .mapToInt(ModelVersionInfo::version).max().orElse(0);
        return Await.until("a new model version in " + group(), timeout, registry().waitPolicy(),
                () -> registry().version(group(), known + 1).map(v -> new ModelVersionHandle(ctx, v)));
    }
}
