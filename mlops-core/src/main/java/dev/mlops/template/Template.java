package dev.mlops.template;

import dev.mlops.MlopsStyle;
import dev.mlops.exception.ValidationException;
import dev.mlops.internal.Validation;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.immutables.value.Value;

/**
 * An MLOps project template: the repositories it creates and seeds, the pipelines with their stages and
 * gates, the environments it deploys to, and its parameters. {@link Templates} has one for each
 * SageMaker-provided template; every part can be replaced.
 *
 * <pre>{@code
 * Template mine = Templates.modelBuildTrainDeploy()
 *         .withSeedCode("modelbuild", SeedCode.fromDirectory(Path.of("my-seed/modelbuild")))
 *         .withStageAfter("TestStaging", Stage.command("LoadTest", "./load-test.sh").build())
 *         .withStageVariable("TestStaging", "HTTPS_PROXY", "http://proxy.internal:3128")
 *         .withApprovalGate(ApprovalGate.manual("ApproveDeployment").approvers("ml-leads").build());
 * }</pre>
 */
@Value.Immutable
@MlopsStyle
public abstract class Template {

    /**
     * The template's identifier, e.g. {@code model-building-training-deployment}.
     *
     * @return the template's identifier, e.g. {@code model-building-training-deployment}
     */
    public abstract String id();

    /**
     * The name Studio shows, e.g. "MLOps template for model building, training, and deployment".
     *
     * @return the name Studio shows, e.g. "MLOps template for model building, training, and deployment"
     */
    public abstract String displayName();

    /**
     * The repositories, each seeded on creation.
     *
     * @return the repositories, each seeded on creation
     */
    public abstract List<RepositorySpec> repositories();

    /**
     * The CI/CD pipelines.
     *
     * @return the CI/CD pipelines
     */
    public abstract List<PipelineSpec> pipelines();

    /**
     * The environments the deploy pipeline deploys to, in promotion order.
     *
     * @return the environments the deploy pipeline deploys to, in promotion order
     */
    public abstract List<String> environments();

    /**
     * The environments that are production: every stage that deploys a model or monitors to one of them must come
     * after a manual approval stage in its pipeline, whatever the environment is called. By default the
     * environment named {@code prod}, if the template has one.
     *
     * @return the production environments, a subset of {@link #environments()}
     */
    @Value.Default
    public Set<String> productionEnvironments() {
        return environments().contains(Templates.PROD) ? Set.of(Templates.PROD) : Set.of();
    }

    /**
     * A copy with one more environment marked as production (and so behind a manual gate).
     *
     * @param environment one of the template's environments
     * @return a new template
     */
    public Template withProductionEnvironment(String environment) {
        Validation.notBlank("Template.productionEnvironments", environment);
        Set<String> prod = new java.util.TreeSet<>(productionEnvironments());
        prod.add(environment);
        return ImmutableTemplate.copyOf(this).withProductionEnvironments(prod);
    }

    /**
     * The parameters the template declares.
     *
     * @return the parameters the template declares
     */
    public abstract List<TemplateParameter> parameters();

    /**
     * Values given for parameters.
     *
     * @return values given for parameters
     */
    public abstract Map<String, String> parameterValues();

    /**
     * What the template needs from a backend.
     *
     * @return what the template needs from a backend
     */
    public abstract Set<Capability> capabilities();

    /** Validates the value when it is built; each failure names the field, the value and the rule. */
    @Value.Check
    protected void check() {
        Validation.name("Template.id", id());
        Set<String> envs = new HashSet<>();
        for (String e : environments()) {
            Validation.environmentName("Template.environments", e);
            if (!envs.add(e)) {
                throw new ValidationException("Template.environments", e, "unique environment names (template " + id() + ")");
            }
        }
        Set<String> repos = new HashSet<>();
        for (RepositorySpec r : repositories()) {
            if (!repos.add(r.role())) {
                throw new ValidationException("Template.repositories", r.role(), "unique repository roles (template " + id() + ")");
            }
        }
        Set<String> pipes = new HashSet<>();
        for (PipelineSpec p : pipelines()) {
            if (!pipes.add(p.role())) {
                throw new ValidationException("Template.pipelines", p.role(), "unique pipeline roles (template " + id() + ")");
            }
            if (!repos.contains(p.sourceRepository())) {
                throw new ValidationException("PipelineSpec.sourceRepository", p.sourceRepository(),
                        "the role of one of the template's repositories " + repos + " (pipeline " + p.role() + ")");
            }
            for (Trigger t : p.triggers()) {
                t.repository().filter(r -> !repos.contains(r)).ifPresent(r -> {
                    throw new ValidationException("Trigger.repository", r, "the role of one of the template's repositories " + repos);
                });
            }
            for (Stage s : p.stages()) {
                s.environment().filter(e -> !environments().contains(e)).ifPresent(e -> {
                    throw new ValidationException("Stage.environment", e,
                            "one of the template's environments " + environments() + " (stage " + s.name() + ")");
                });
            }
        }
        for (String prod : productionEnvironments()) {
            if (!environments().contains(prod)) {
                throw new ValidationException("Template.productionEnvironments", prod,
                        "one of the template's environments " + environments());
            }
        }
        // The prod gate is the product's promise: nothing reaches a production environment, a model or a monitor,
        // without a manual approval first in the same pipeline.
        for (PipelineSpec p : pipelines()) {
            boolean gated = false;
            for (Stage s : p.stages()) {
                if (s.type() == StageType.APPROVAL) {
                    gated = true;
                }
                boolean deploys = s.type() == StageType.DEPLOY || s.type() == StageType.MONITOR_DEPLOY;
                String env = s.environment().orElse("");
                if (deploys && productionEnvironments().contains(env) && !gated) {
                    throw new ValidationException("PipelineSpec.stages", s.name(),
                            "preceded by a manual APPROVAL stage: stage " + s.name() + " of pipeline " + p.role()
                                    + " deploys to production environment " + env);
                }
            }
        }
        Set<String> declared = new HashSet<>();
        parameters().forEach(p -> declared.add(p.name()));
        for (RepositorySpec r : repositories()) {
            if (r.includedBy().isPresent() && !declared.contains(r.includedBy().get())) {
                throw new ValidationException("RepositorySpec.includedBy", r.includedBy().get(),
                        "a parameter the template declares: one of " + declared + " (repository " + r.role() + ")");
            }
        }
        for (PipelineSpec p : pipelines()) {
            if (p.includedBy().isPresent() && !declared.contains(p.includedBy().get())) {
                throw new ValidationException("PipelineSpec.includedBy", p.includedBy().get(),
                        "a parameter the template declares: one of " + declared + " (pipeline " + p.role() + ")");
            }
        }
        for (String given : parameterValues().keySet()) {
            if (!declared.contains(given)) {
                throw new ValidationException("Template.parameterValues", given,
                        "a parameter the template declares: one of " + declared + " (template " + id() + ")");
            }
        }
    }

    /**
     * The value of every parameter: given values, else defaults.
     *
     * @return parameter name to value
     * @throws ValidationException naming the first required parameter that has neither
     */
    public Map<String, String> resolvedParameters() {
        Map<String, String> out = new LinkedHashMap<>();
        for (TemplateParameter p : parameters()) {
            String v = parameterValues().get(p.name());
            if (v == null) {
                v = p.defaultValue().orElse(null);
            }
            if (v == null && p.required()) {
                throw new ValidationException("Template.parameters." + p.name(), null,
                        "given: template " + id() + " requires it (" + p.description() + ")");
            }
            if (v != null) {
                out.put(p.name(), v);
            }
        }
        return out;
    }

    /**
     * The pipeline with a role.
     *
     * @param role e.g. {@code modelbuild}
     * @return the pipeline, if the template has it
     */
    public Optional<PipelineSpec> pipeline(String role) {
        Validation.notBlank("Template.pipeline.role", role);
        return pipelines().stream().filter(p -> p.role().equals(role)).findFirst();
    }

    /**
     * The repository with a role.
     *
     * @param role e.g. {@code modeldeploy}
     * @return the repository, if the template has it
     */
    public Optional<RepositorySpec> repository(String role) {
        Validation.notBlank("Template.repository.role", role);
        return repositories().stream().filter(p -> p.role().equals(role)).findFirst();
    }

    /**
     * A copy with one repository's seed code replaced.
     *
     * @param repositoryRole the repository's role
     * @param seed the new seed
     * @return a new template
     */
    public Template withSeedCode(String repositoryRole, SeedCode seed) {
        Validation.notBlank("Template.withSeedCode.repositoryRole", repositoryRole);
        Validation.notNull("Template.withSeedCode.seed", seed, "seed code, e.g. SeedCode.fromDirectory(path)");
        List<RepositorySpec> repos = new ArrayList<>();
        boolean found = false;
        for (RepositorySpec r : repositories()) {
            if (r.role().equals(repositoryRole)) {
                repos.add(ImmutableRepositorySpec.copyOf(r).withSeed(seed));
                found = true;
            } else {
                repos.add(r);
            }
        }
        if (!found) {
            throw new ValidationException("Template.repositories", repositoryRole, "the role of one of the template's repositories");
        }
        return ImmutableTemplate.copyOf(this).withRepositories(repos);
    }

    /**
     * A copy with a stage inserted after an existing one.
     *
     * @param existing the existing stage's name, or {@code pipelineRole/stageName} if names repeat across pipelines
     * @param stage the new stage
     * @return a new template
     */
    public Template withStageAfter(String existing, Stage stage) {
        Validation.notNull("Template.withStageAfter.stage", stage, "a stage, e.g. Stage.command(name, command).build()");
        return edit(existing, (stages, i) -> stages.add(i + 1, stage));
    }

    /**
     * A copy with a stage inserted before an existing one.
     *
     * @param existing the existing stage's name, or {@code pipelineRole/stageName}
     * @param stage the new stage
     * @return a new template
     */
    public Template withStageBefore(String existing, Stage stage) {
        Validation.notNull("Template.withStageBefore.stage", stage, "a stage, e.g. Stage.command(name, command).build()");
        return edit(existing, (stages, i) -> stages.add(i, stage));
    }

    /**
     * A copy without a stage. Removing the approval stage before prod is refused.
     *
     * @param existing the stage's name, or {@code pipelineRole/stageName}
     * @return a new template
     */
    public Template withoutStage(String existing) {
        return edit(existing, (stages, i) -> stages.remove(i));
    }

    /**
     * A copy with a plain environment variable set on an existing test or command stage, e.g. a proxy for the
     * stock templates' {@code TestStaging}: {@code withStageVariable("TestStaging", "HTTPS_PROXY",
     * "http://proxy.internal:3128")}. Not for secrets; the rules are {@link Stage#variables()}'s.
     *
     * @param stage the stage's name, or {@code pipelineRole/stageName}
     * @param name the variable's name
     * @param value its value
     * @return a new template
     * @throws dev.mlops.exception.ValidationException if there is no such stage, it runs no command, or the
     *     variable breaks a rule
     */
    public Template withStageVariable(String stage, String name, String value) {
        Located at = find(stage);
        Stage changed = at.stage.toBuilder().variable(name, value).build();
        return edit(stage, (stages, i) -> stages.set(i, changed));
    }

    /**
     * A copy with a stage moved to come right after another.
     *
     * @param stage the stage to move
     * @param after the stage it should follow (same pipeline)
     * @return a new template
     */
    public Template withStageMovedAfter(String stage, String after) {
        Stage moved = find(stage).stage;
        return withoutStage(stage).withStageAfter(after, moved);
    }

    /**
     * A copy with the approval gate of the same name replaced, or, when no gate has that name, the first
     * approval gate of the deploy pipeline replaced.
     *
     * @param gate the new gate
     * @return a new template
     */
    public Template withApprovalGate(ApprovalGate gate) {
        Validation.notNull("Template.withApprovalGate.gate", gate, "a gate, e.g. ApprovalGate.manual(name).build()");
        for (PipelineSpec p : pipelines()) {
            for (Stage s : p.stages()) {
                if (s.type() == StageType.APPROVAL && s.name().equals(gate.name())) {
                    return edit(p.role() + "/" + s.name(), (stages, i) -> stages.set(i, Stage.approval(gate)));
                }
            }
        }
        for (PipelineSpec p : pipelines()) {
            for (Stage s : p.stages()) {
                if (s.type() == StageType.APPROVAL) {
                    return edit(p.role() + "/" + s.name(), (stages, i) -> stages.set(i, Stage.approval(gate)));
                }
            }
        }
        throw new ValidationException("Template.pipelines", id(), "a template with an approval stage to replace");
    }

    /**
     * A copy with a parameter value set.
     *
     * @param name the parameter's name
     * @param value its value
     * @return a new template
     */
    public Template withParameter(String name, String value) {
        Validation.notBlank("Template.withParameter.name", name);
        Validation.notNull("Template.parameters." + name, value, "a value (empty for none)");
        Map<String, String> values = new LinkedHashMap<>(parameterValues());
        values.put(name, value);
        return ImmutableTemplate.copyOf(this).withParameterValues(values);
    }

    /**
     * A copy without the repositories and pipelines whose {@code includedBy} parameter resolves to {@code false}
     * (any case), and without the triggers that name a repository left out. The project builder applies it when
     * it creates a project, so the stored template holds only the parts made.
     *
     * @return the template of the parts included; this template when every part is
     * @throws ValidationException if a pipeline included reads its source from a repository left out
     */
    public Template withoutExcludedParts() {
        Map<String, String> values = resolvedParameters();
        Set<String> dropped = new HashSet<>();
        List<RepositorySpec> repos = new ArrayList<>();
        for (RepositorySpec r : repositories()) {
            if (r.includedBy().map(n -> "false".equalsIgnoreCase(values.getOrDefault(n, "").trim())).orElse(false)) {
                dropped.add(r.role());
            } else {
                repos.add(r);
            }
        }
        List<PipelineSpec> pipes = new ArrayList<>();
        boolean changed = !dropped.isEmpty();
        for (PipelineSpec p : pipelines()) {
            if (p.includedBy().map(n -> "false".equalsIgnoreCase(values.getOrDefault(n, "").trim())).orElse(false)) {
                changed = true;
                continue;
            }
            if (dropped.contains(p.sourceRepository())) {
                throw new ValidationException("PipelineSpec.sourceRepository", p.sourceRepository(),
                        "a repository the project makes: parameter " + p.includedBy().orElse("(none)") + " keeps pipeline "
                                + p.role() + " but its repository is left out");
            }
            List<Trigger> kept = p.triggers().stream()
                    .filter(t -> t.repository().map(r -> !dropped.contains(r)).orElse(true)).toList();
            if (kept.size() != p.triggers().size()) {
                p = ImmutablePipelineSpec.copyOf(p).withTriggers(kept);
            }
            pipes.add(p);
        }
        if (!changed) {
            return this;
        }
        return toBuilder().repositories(repos).pipelines(pipes).build();
    }

    /**
     * A builder seeded with this template's values.
     *
     * @return a builder
     */
    public Builder toBuilder() {
        return new Builder().from(this);
    }

    /**
     * Starts an empty template builder.
     *
     * @return a builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds a {@link Template}; {@link #build()} validates. */
    public static final class Builder extends ImmutableTemplate.Builder {
    }

    private interface StageEdit {
        void apply(List<Stage> stages, int index);
    }

    private static final class Located {
        final PipelineSpec pipeline;
        final int index;
        final Stage stage;

        Located(PipelineSpec pipeline, int index) {
            this.pipeline = pipeline;
            this.index = index;
            this.stage = pipeline.stages().get(index);
        }
    }

    private Located find(String ref) {
        Validation.notBlank("Template.stage", ref);
        String pipe = null;
        String name = ref;
        int slash = ref.indexOf('/');
        if (slash > 0) {
            pipe = ref.substring(0, slash);
            name = ref.substring(slash + 1);
        }
        List<Located> hits = new ArrayList<>();
        for (PipelineSpec p : pipelines()) {
            if (pipe != null && !p.role().equals(pipe)) {
                continue;
            }
            int i = p.indexOf(name);
            if (i >= 0) {
                hits.add(new Located(p, i));
            }
        }
        if (hits.isEmpty()) {
            throw new ValidationException("Template.stage", ref, "the name of an existing stage (template " + id() + ")");
        }
        if (hits.size() > 1) {
            throw new ValidationException("Template.stage", ref,
                    "unambiguous: several pipelines have it; write pipelineRole/" + name);
        }
        return hits.get(0);
    }

    private Template edit(String ref, StageEdit edit) {
        Located at = find(ref);
        List<Stage> stages = new ArrayList<>(at.pipeline.stages());
        edit.apply(stages, at.index);
        PipelineSpec changed = ImmutablePipelineSpec.copyOf(at.pipeline).withStages(stages);
        List<PipelineSpec> pipes = new ArrayList<>(pipelines());
        pipes.set(pipes.indexOf(at.pipeline), changed);
        return ImmutableTemplate.copyOf(this).withPipelines(pipes);
    }
}
