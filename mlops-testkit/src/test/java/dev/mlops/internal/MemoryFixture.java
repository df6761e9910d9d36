package dev.mlops.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.Execution;
import dev.mlops.ExecutionStatus;
import dev.mlops.Gate;
import dev.mlops.MlopsProjects;
import dev.mlops.ModelVersion;
import dev.mlops.Project;
import dev.mlops.spi.ProjectRecord;
import dev.mlops.template.ImmutablePipelineSpec;
import dev.mlops.template.PipelineSpec;
import dev.mlops.template.Template;
import dev.mlops.template.Templates;
import dev.mlops.testkit.FakeTicker;
import dev.mlops.testkit.memory.InMemoryBackend;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/** A project on a fresh in-memory backend on fake time, with steps the handle tests share. */
final class MemoryFixture implements AutoCloseable {
    /** Any wait of the tests: fake time, so long is free. */
    static final Duration WAIT = Duration.ofMinutes(10);
    /** An abalone row. */
    static final String ROW = "M,0.455,0.365,0.095,0.514,0.2245,0.101,0.15";

    final FakeTicker time = new FakeTicker();
    final InMemoryBackend memory;
    final Project project;

    MemoryFixture(String name) {
        this(name, Templates.modelBuildTrainDeploy(), b -> b);
    }

    MemoryFixture(String name, Template template, UnaryOperator<InMemoryBackend.Builder> config) {
        this.memory = config.apply(InMemoryBackend.builder().ticker(time)).build();
        this.project = MlopsProjects.builder().name(name).template(template).backend(memory).create();
    }

    /** The stored record, through the handle (package-private access to the handle class). */
    ProjectRecord record() {
        return ((DefaultProject) project).record();
    }

    /** Waits for the seed commit's build and returns version 1. */
    ModelVersion built() {
        Execution build = project.pipelines().build().awaitLatest(WAIT);
        assertThat(build.status()).as("%s %s", build, build.stages()).isEqualTo(ExecutionStatus.Succeeded);
        return project.models().version(1);
    }

    /** Runs another build and returns the version it registered. */
    ModelVersion buildAgain() {
        Execution build = project.pipelines().build().start().await(WAIT);
        assertThat(build.status()).isEqualTo(ExecutionStatus.Succeeded);
        return project.models().versions().get(0);
    }

    /** Approves a version and waits until staging serves it and its deploy waits at the prod gate. */
    Gate inStaging(ModelVersion v) {
        ModelVersion approved = v.approve("tests: approve " + v.version());
        project.environments().staging().awaitDeployed(approved, WAIT);
        return project.gates().awaitPending(approved, WAIT);
    }

    /** Approves a version, its prod gate, and waits until prod serves it and the deploy ended. */
    void inProd(ModelVersion v) {
        inStaging(v).approve("tests: prod");
        project.environments().prod().awaitDeployed(v, WAIT);
        project.pipelines().deploy().awaitLatest(WAIT);
    }

    /** The default template with no trigger on the build pipeline: nothing builds unless started. */
    static Template withoutBuildTrigger() {
        Template t = Templates.modelBuildTrainDeploy();
        List<PipelineSpec> pipes = new ArrayList<>();
        for (PipelineSpec p : t.pipelines()) {
            pipes.add(p.role().equals(Templates.MODEL_BUILD) ? ImmutablePipelineSpec.copyOf(p).withTriggers(List.of()) : p);
        }
        return t.toBuilder().pipelines(pipes).build();
    }

    @Override
    public void close() {
        try {
            project.close();
        } finally {
            memory.close();
        }
    }
}
