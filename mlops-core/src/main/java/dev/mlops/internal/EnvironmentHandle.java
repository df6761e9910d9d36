package dev.mlops.internal;

import dev.mlops.Endpoint;
import dev.mlops.Environment;
import dev.mlops.Execution;
import dev.mlops.ModelApprovalStatus;
import dev.mlops.ModelVersion;
import dev.mlops.exception.IllegalStateTransitionException;
import dev.mlops.exception.NotFoundException;
import dev.mlops.exception.ValidationException;
import dev.mlops.spi.EndpointHost;
import dev.mlops.spi.EndpointInfo;
import dev.mlops.spi.ExecutionInfo;
import dev.mlops.spi.ModelVersionInfo;
import dev.mlops.spi.StartRequest;
import dev.mlops.template.PipelineSpec;
import dev.mlops.template.StageType;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** {@link Environment}: what the environment's endpoint serves, and the deploy pipeline's verbs on it. */
final class EnvironmentHandle implements Environment {
    /** The deploy pipeline's parameter naming the version to deploy instead of the newest approved one. */
    static final String MODEL_PACKAGE_ARN = "ModelPackageArn";

    private final ProjectContext ctx;
    private final String env;

    EnvironmentHandle(ProjectContext ctx, String env) {
        this.ctx = ctx;
        this.env = env;
    }

    private EndpointHost host() {
        return ctx.components().endpoints();
    }

    @Override
    public String name() {
        return env;
    }

    @Override
    public String endpointName() {
        return ctx.recordUnchecked().endpointName(env);
    }

    @Override
    public Optional<ModelVersion> deployedVersion() {
        Optional<String> arn = host().describe(ctx.record(), endpointName()).filter(i -> i.status().equals("InService"))
                .flatMap(EndpointInfo::modelArn);
        return arn.flatMap(a -> ctx.components().registry().byArn(a)).map(v -> new ModelVersionHandle(ctx, v));
    }

    @Override
    public Environment awaitDeployed(ModelVersion version, Duration timeout) {
        Validation.notNull("Environment.awaitDeployed.version", version, "a model version of this project");
        Validation.positive("Environment.awaitDeployed.timeout", timeout);
        Await.until("model version " + version.version() + " to serve in " + env, timeout, host().waitPolicy(),
                () -> host().describe(ctx.record(), endpointName()).filter(i -> i.status().equals("InService"))
                        .flatMap(EndpointInfo::modelArn).filter(version.arn()::equals).map(a -> this));
        return this;
    }

    @Override
    public Endpoint endpoint() {
        EndpointInfo info = host().describe(ctx.record(), endpointName()).orElseThrow(() -> new NotFoundException(
                "endpoint", endpointName(), "nothing is deployed to " + env + " yet"));
        return new EndpointHandle(ctx, info);
    }

    @Override
    public Execution rollbackTo(ModelVersion version, String reason) {
        Validation.notNull("Environment.rollbackTo.version", version, "an approved model version of this project");
        Validation.notBlank("Environment.rollbackTo.reason", reason);
        ModelVersionInfo v = ctx.components().registry().byArn(version.arn())
                .filter(i -> i.group().equals(ctx.modelGroup()))
                .orElseThrow(() -> new ValidationException("Environment.rollbackTo.version", version.arn(),
                        "a model version of group " + ctx.modelGroup()));
        if (v.status() != ModelApprovalStatus.Approved) {
            throw new IllegalStateTransitionException("Model version " + v.version() + " is " + v.status()
                    + ": only an approved version can be rolled back to; approve it first if it should serve",
                    Map.of("version", Integer.toString(v.version()), "status", v.status().name()));
        }
        PipelineSpec deploy = deployPipeline();
        ExecutionInfo run = ctx.components().orchestrator().start(ctx.record(), deploy.role(), new StartRequest(
                "rollback of " + env + " to model version " + v.version() + ": " + reason,
                Map.of(MODEL_PACKAGE_ARN, v.arn()), Optional.empty()));
        return new ExecutionHandle(ctx, run);
    }

    private PipelineSpec deployPipeline() {
        return ctx.record().template().pipelines().stream()
                .filter(p -> p.stages().stream().anyMatch(s -> s.type() == StageType.DEPLOY
                        && s.environment().map(env::equals).orElse(false)))
                .findFirst().orElseThrow(() -> new NotFoundException("deploy pipeline", env, "template "
                        + ctx.record().template().id() + " has no pipeline with a deploy stage for " + env));
    }

    @Override
    public boolean undeploy(String reason) {
        Validation.notBlank("Environment.undeploy.reason", reason);
        return host().undeploy(ctx.record(), endpointName());
    }

    @Override
    public String toString() {
        return "Environment{" + env + "}";
    }
}
