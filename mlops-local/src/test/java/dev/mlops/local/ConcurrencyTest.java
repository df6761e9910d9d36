package dev.mlops.local;

import static dev.mlops.local.Flows.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.ExecutionStatus;
import dev.mlops.MlopsProjects;
import dev.mlops.ModelVersion;
import dev.mlops.Project;
import dev.mlops.event.EventCursor;
import dev.mlops.event.ProjectEvent;
import dev.mlops.event.ProjectEventType;
import dev.mlops.exception.IllegalStateTransitionException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Concurrent callers, as two processes on one home would be (two backends, each with its own state store connection
 * and process identity): creates reattach, the project is made once, and of two racing decisions one wins.
 */
class ConcurrencyTest {
    @TempDir
    Path home;

    @Test
    void concurrentCreates_reattach_makeTheProjectOnce_andRacingDecisionsHaveOneWinner() throws Exception {
        int callers = 3;
        List<LocalBackend> backends = new ArrayList<>();
        for (int i = 0; i < callers; i++) {
            backends.add(LocalBackend.builder().home(home).build());
        }
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        List<Project> projects = new ArrayList<>();
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Project>> creates = new ArrayList<>();
            for (LocalBackend b : backends) {
                creates.add(pool.submit(() -> {
                    go.await();
                    return MlopsProjects.builder().name("twice").backend(b).create();
                }));
            }
            go.countDown();
            // Before: one create failed with JGit's LOCK_FAILURE instead of reattaching.
            for (Future<Project> f : creates) {
                projects.add(f.get());
            }
            assertThat(projects).extracting(Project::id).containsOnly(projects.get(0).id());
            List<ProjectEvent> events = projects.get(0).events(EventCursor.START).events();
            // Before: ProjectCreated twice.
            assertThat(events).filteredOn(e -> e.type() == ProjectEventType.ProjectCreated).hasSize(1);
            assertThat(events).filteredOn(e -> e.type() == ProjectEventType.RepositorySeeded).hasSize(2);

            Project project = projects.get(0);
            assertThat(project.pipelines().build().awaitLatest(TIMEOUT).status()).isEqualTo(ExecutionStatus.Succeeded);
            ModelVersion read = project.models().version(1);
            CountDownLatch race = new CountDownLatch(1);
            Callable<String> approve = () -> {
                race.await();
                return read.approve("ship it").status().name();
            };
            Callable<String> reject = () -> {
                race.await();
                return read.reject("not yet").status().name();
            };
            Future<String> a = pool.submit(approve);
            Future<String> r = pool.submit(reject);
            race.countDown();
            List<String> won = new ArrayList<>();
            List<Throwable> lost = new ArrayList<>();
            for (Future<String> f : List.of(a, r)) {
                try {
                    won.add(f.get());
                } catch (java.util.concurrent.ExecutionException e) {
                    lost.add(e.getCause());
                }
            }
            // Before: last writer won, and both callers were told they succeeded.
            assertThat(won).hasSize(1);
            assertThat(lost).hasSize(1);
            assertThat(lost.get(0)).isInstanceOf(IllegalStateTransitionException.class)
                    .hasMessageContaining("changed since it was read").hasMessageContaining(won.get(0));
            assertThat(project.models().version(1).status().name()).isEqualTo(won.get(0));
            assertThat(project.models().version(1).history()).hasSize(2);
        } finally {
            projects.forEach(Project::close);
            pool.shutdownNow();
            backends.forEach(LocalBackend::close);
        }
    }
}
