package dev.mlops.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.MlopsProjects;
import dev.mlops.Plan;
import dev.mlops.PlannedChange;
import dev.mlops.Project;
import dev.mlops.event.EventCursor;
import dev.mlops.event.ProjectEvent;
import dev.mlops.event.ProjectEventType;
import dev.mlops.exception.ConflictException;
import dev.mlops.exception.NotFoundException;
import dev.mlops.exception.ProjectClosedException;
import dev.mlops.exception.ValidationException;
import dev.mlops.spi.ProjectRecord;
import dev.mlops.template.Stage;
import dev.mlops.template.Template;
import dev.mlops.template.Templates;
import dev.mlops.testkit.FakeTicker;
import dev.mlops.testkit.memory.InMemoryBackend;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

class DefaultProjectTest {

    private static List<ThrowingCallable> verbs(Project p) {
        return List.of(p::repositories, p::pipelines, p::models, p::gates, p::environments, p::monitors, p::template,
                p::tags, () -> p.events(EventCursor.START), () -> p.addListener(e -> { }),
                () -> p.plan(Templates.modelBuildTrainDeploy()), () -> p.update(Templates.modelBuildTrainDeploy()));
    }

    @Test
    void handle_describesTheProject() {
        try (MemoryFixture f = new MemoryFixture("about")) {
            Project p = f.project;
            assertThat(p).isInstanceOf(DefaultProject.class);
            assertThat(p.name()).isEqualTo("about");
            assertThat(p.id()).matches("p-[a-z0-9]{12}");
            assertThat(p.backend()).isEqualTo("memory");
            assertThat(p.template().id()).isEqualTo(Templates.modelBuildTrainDeploy().id());
            assertThat(p.tags()).containsEntry("sagemaker:project-name", "about").containsEntry("sagemaker:project-id", p.id());
            assertThat(f.record().nameId()).isEqualTo("about-" + p.id());
            assertThat(p.toString()).contains("about").contains(p.id()).doesNotContain("closed");
        }
    }

    @Test
    void afterClose_everyVerbThrowsProjectClosed_andTheProjectCanBeOpenedAgain() {
        try (MemoryFixture f = new MemoryFixture("closing")) {
            Project p = f.project;
            String id = p.id();
            p.close();
            for (ThrowingCallable verb : verbs(p)) {
                assertThatThrownBy(verb).isInstanceOf(ProjectClosedException.class)
                        .hasMessageContaining("is closed").hasMessageContaining("MlopsProjects.open(\"closing\")");
            }
            p.close();
            assertThat(p.name()).isEqualTo("closing");
            assertThat(p.toString()).contains("closed");
            try (Project again = MlopsProjects.open("closing", f.memory)) {
                assertThat(again.id()).isEqualTo(id);
                assertThat(again.pipelines().build().awaitLatest(MemoryFixture.WAIT).status().isTerminal()).isTrue();
            }
        }
    }

    @Test
    void afterDelete_everyVerbThrowsProjectClosed_andNothingOfTheProjectRemains() {
        try (MemoryFixture f = new MemoryFixture("deleting")) {
            f.inStaging(f.built());
            ProjectRecord record = f.record();
            Project p = f.project;
            p.delete();
            for (ThrowingCallable verb : verbs(p)) {
                assertThatThrownBy(verb).isInstanceOf(ProjectClosedException.class).hasMessageContaining("was deleted");
            }
            assertThatThrownBy(p::delete).isInstanceOf(ProjectClosedException.class);
            p.close();
            assertThat(f.memory.projectStore().orElseThrow().find("deleting")).isEmpty();
            assertThat(f.memory.repositories().orElseThrow().list(record)).isEmpty();
            assertThat(f.memory.registry().orElseThrow().version(record.nameId(), 1)).isEmpty();
            assertThat(f.memory.endpoints().orElseThrow().describe(record, "deleting-staging")).isEmpty();
            assertThat(f.memory.orchestrator().orElseThrow().latest(record, "modelbuild")).isEmpty();
            assertThatThrownBy(() -> MlopsProjects.open("deleting", f.memory)).isInstanceOf(NotFoundException.class);
        }
    }

    @Test
    void plan_andUpdate_applyATemplateChange() {
        try (MemoryFixture f = new MemoryFixture("changes")) {
            Project p = f.project;
            assertThat(p.plan(Templates.modelBuildTrainDeploy()).isEmpty()).isTrue();
            Template wanted = Templates.modelBuildTrainDeploy()
                    .withStageAfter("TestStaging", Stage.command("Notify", "echo", "staging tested").build());
            Plan plan = p.plan(wanted);
            assertThat(plan.exists()).isTrue();
            assertThat(plan.changes()).extracting(PlannedChange::toString)
                    .anySatisfy(c -> assertThat(c).contains("stage Notify (COMMAND) added"));
            List<ProjectEvent> heard = new CopyOnWriteArrayList<>();
            p.addListener(heard::add);
            Plan applied = p.update(wanted);
            assertThat(applied.changes()).isEqualTo(plan.changes());
            assertThat(p.template().pipeline("modeldeploy").orElseThrow().indexOf("Notify")).isPositive();
            assertThat(p.pipelines().deploy().spec().indexOf("Notify")).isPositive();
            assertThat(p.plan(wanted).isEmpty()).isTrue();
            assertThat(p.update(wanted).isEmpty()).isTrue();
            assertThat(p.events(EventCursor.START).events()).extracting(ProjectEvent::type)
                    .contains(ProjectEventType.ProjectUpdated);
            p.pipelines().build().awaitLatest(MemoryFixture.WAIT);
            assertThat(heard).extracting(ProjectEvent::type).contains(ProjectEventType.ProjectUpdated);
            try (Project reopened = MlopsProjects.open("changes", f.memory)) {
                assertThat(reopened.template().pipeline("modeldeploy").orElseThrow().indexOf("Notify")).isPositive();
            }
            assertThatThrownBy(() -> p.update(Templates.modelDeploy())).isInstanceOf(ConflictException.class)
                    .hasMessageContaining("cannot drop a repository");
            assertThatThrownBy(() -> p.plan(null)).isInstanceOf(ValidationException.class);
            assertThatThrownBy(() -> p.events(null)).isInstanceOf(ValidationException.class);
            assertThatThrownBy(() -> p.addListener(null)).isInstanceOf(ValidationException.class);
        }
    }

    @Test
    void builder_plansACreation_andRefusesAnotherTemplateForAnExistingName() {
        try (InMemoryBackend memory = InMemoryBackend.builder().ticker(new FakeTicker()).build()) {
            Plan plan = MlopsProjects.builder().name("planned").backend(memory).plan();
            assertThat(plan.exists()).isFalse();
            assertThat(plan.changes()).extracting(PlannedChange::resource)
                    .contains("project", "repository", "pipeline", "model package group");
            assertThat(memory.projectStore().orElseThrow().find("planned")).as("planning makes nothing").isEmpty();
            try (Project p = MlopsProjects.builder().name("planned").backend(memory).create()) {
                assertThatThrownBy(() -> MlopsProjects.builder().name("planned").template(Templates.modelBuildTrain())
                        .backend(memory).create())
                        .isInstanceOf(ConflictException.class)
                        .hasMessageContaining("exists with a different template");
                try (Project same = MlopsProjects.builder().name("planned").backend(memory).create()) {
                    assertThat(same.id()).isEqualTo(p.id());
                }
                assertThat(MlopsProjects.builder().backend(memory).list()).containsExactly("planned");
            }
        }
    }
}
