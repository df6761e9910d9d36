package dev.mlops.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.MlopsProjects;
import dev.mlops.Plan;
import dev.mlops.Project;
import dev.mlops.event.EventCursor;
import dev.mlops.event.EventPage;
import dev.mlops.local.LocalBackend;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The blocks of docs/architecture.md: a plan before anything exists, and reading events after a cursor. */
class ArchitectureDocTest {
    @TempDir
    Path home;

    @BeforeEach
    void home() {
        System.setProperty("mlops.home", home.toString());
    }

    @AfterEach
    void clear() {
        System.clearProperty("mlops.home");
    }

    @Test
    void aPlanChangesNothing_andEventsResumeAfterAStoredCursor() {
        // tag::plan[]
        Plan plan = MlopsProjects.builder().name("abalone").plan();   // changes nothing
        System.out.println(plan);
        // Plan{abalone (create)
        //   + project abalone: from template model-building-training-deployment (id assigned on apply)
        //   + repository sagemaker-abalone-<id>-modelbuild: seeded with 7 files on branch main
        //   …
        //   + model package group abalone-<id>
        // }
        // end::plan[]
        assertThat(plan.exists()).isFalse();
        assertThat(plan.toString()).startsWith("Plan{abalone (create)")
                .contains("+ project abalone: from template model-building-training-deployment")
                .containsPattern("\\+ repository sagemaker-abalone-\\S+-modelbuild: seeded with \\d+ files on branch main")
                .contains("+ model package group abalone-");
        assertThat(MlopsProjects.list(home)).isEmpty();

        try (Project project = MlopsProjects.builder().name("abalone").create()) {
            project.pipelines().build().awaitLatest(Duration.ofMinutes(5));
            // tag::events[]
            EventPage page = project.events(EventCursor.START);
            page.events().forEach(System.out::println);
            String stored = page.next().value();                                   // keep it anywhere
            EventPage later = project.events(EventCursor.of(stored));              // only what happened since
            // end::events[]
            assertThat(page.events()).isNotEmpty();
            assertThat(later.events()).doesNotContainAnyElementsOf(page.events());
            project.models().pendingApproval().first().orElseThrow().approve("ok");
            assertThat(project.events(EventCursor.of(stored)).events()).isNotEmpty();
            project.delete();
        }
    }
}
