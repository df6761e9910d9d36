package dev.mlops.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.event.EventCursor;
import dev.mlops.event.EventPage;
import dev.mlops.event.ProjectEvent;
import dev.mlops.event.ProjectEventType;
import dev.mlops.exception.MlopsClientException;
import dev.mlops.exception.NotFoundException;
import dev.mlops.spi.Backend;
import dev.mlops.spi.PageRequest;
import dev.mlops.spi.ProjectDraft;
import dev.mlops.spi.ProjectRecord;
import dev.mlops.spi.ProjectStore;
import dev.mlops.template.Template;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The contract of a {@link ProjectStore}, checked through the SPI: ids the store assigns, creation that returns the
 * existing project of a name, activation once, point reads, pages by name with tokens, template updates, event
 * cursors that resume and replay, and deletion. Reads after a write wait, under the store's own
 * {@link ProjectStore#waitPolicy() policy}, for the write to show, so an eventually consistent store passes.
 *
 * <pre>{@code
 * class MyStoreCompatibilityTest extends ProjectStoreCompatibilityKit {
 *     @Override
 *     protected Backend newBackend(Path scratch) {
 *         return MyBackend.builder().workDir(scratch).build();
 *     }
 * }
 * }</pre>
 *
 * <p>Override {@link #store(Backend)} to check a store that is not its backend's own. The kit makes a handful of
 * projects with names starting {@code tck-} and deletes them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class ProjectStoreCompatibilityKit {

    /** Scratch space for the backend, shared by the kit's tests. */
    @TempDir
    static Path scratch;

    private Backend backend;
    private ProjectStore store;

    /** Makes the kit; subclasses name the backend in {@link #newBackend(Path)}. */
    protected ProjectStoreCompatibilityKit() {
    }

    /**
     * Makes the backend that holds the store under test. Called once; the kit closes it after the last test.
     *
     * @param scratch an empty directory the backend may use
     * @return the backend
     */
    protected abstract Backend newBackend(Path scratch);

    /**
     * The store under test.
     *
     * @param backend the backend {@link #newBackend(Path)} made
     * @return by default the backend's own store
     */
    protected ProjectStore store(Backend backend) {
        return backend.projectStore().orElseThrow(() -> new AssertionError(backend.name() + " has no project store"));
    }

    /**
     * How long a read may take to show a write.
     *
     * @return by default one minute (on the store's ticker)
     */
    protected Duration timeout() {
        return Duration.ofMinutes(1);
    }

    @BeforeAll
    void startBackend() {
        backend = newBackend(scratch);
        store = store(backend);
    }

    @AfterAll
    void stopBackend() {
        Kits.close(backend);
    }

    /**
     * The store under test.
     *
     * @return the store
     */
    protected final ProjectStore store() {
        return store;
    }

    private <T> T eventually(String what, Supplier<Optional<T>> check) {
        return Kits.await(what, timeout(), store.waitPolicy(), check);
    }

    private static final Template ONE = Kits.bare("tck-store-one");
    private static final Template TWO = Kits.bare("tck-store-two");

    // ---------------------------------------------------------------- create, activate, find

    @Test
    void create_assignsAnIdAndTheSageMakerTags() {
        String name = Kits.name("create");
        ProjectRecord r = store.create(new ProjectDraft(name, ONE, Map.of("team", "tck"), "a description"), e -> { });
        assertThat(r.name()).isEqualTo(name);
        assertThat(r.id()).matches("p-[a-z0-9]{12}");
        assertThat(r.template().id()).isEqualTo(ONE.id());
        assertThat(r.tags()).containsEntry("team", "tck").containsEntry("sagemaker:project-name", name)
                .containsEntry("sagemaker:project-id", r.id());
        assertThat(r.createdAt()).isNotNull();
        assertThat(r.nameId()).isEqualTo(name + "-" + r.id());
        store.delete(r);
    }

    @Test
    void create_whenTheNameExists_returnsTheExistingProject() {
        String name = Kits.name("twice");
        ProjectRecord first = store.create(new ProjectDraft(name, ONE, Map.of(), ""), e -> { });
        ProjectRecord again = store.create(new ProjectDraft(name, TWO, Map.of(), ""), e -> { });
        assertThat(again.id()).isEqualTo(first.id());
        assertThat(again.template().id()).as("the existing project's template, not the draft's").isEqualTo(ONE.id());
        ProjectRecord other = store.create(new ProjectDraft(Kits.name("other"), ONE, Map.of(), ""), e -> { });
        assertThat(other.id()).isNotEqualTo(first.id());
        store.delete(first);
        store.delete(other);
    }

    @Test
    void activate_makesTheProjectActive_once() {
        String name = Kits.name("activate");
        ProjectRecord r = store.create(new ProjectDraft(name, ONE, Map.of(), ""), e -> { });
        assertThat(store.isActive(r)).as("a project before activate()").isFalse();
        assertThat(store.activate(r)).isTrue();
        eventually("project " + name + " to read as active", () -> store.isActive(r) ? Optional.of(true) : Optional.empty());
        assertThat(store.activate(r)).as("a second activate()").isFalse();
        assertThat(Kits.events(c -> store.events(name, c, 100), EventCursor.START))
                .filteredOn(e -> e.type() == ProjectEventType.ProjectCreated).hasSize(1);
        store.delete(r);
    }

    @Test
    void find_readsTheProjectBack_andNothingForAnUnknownName() {
        ProjectRecord r = Kits.record(store, Kits.name("find"), ONE);
        ProjectRecord found = eventually("project " + r.name() + " to be found", () -> store.find(r.name()));
        assertThat(found.id()).isEqualTo(r.id());
        assertThat(found.template().id()).isEqualTo(ONE.id());
        assertThat(found.tags()).isEqualTo(r.tags());
        assertThat(store.find(Kits.name("nothing"))).isEmpty();
        store.delete(r);
    }

    // ---------------------------------------------------------------- list

    @Test
    void list_pagesThroughEveryProjectByName_withTokens() {
        List<ProjectRecord> mine = List.of(Kits.record(store, Kits.name("list-b"), ONE),
                Kits.record(store, Kits.name("list-a"), ONE), Kits.record(store, Kits.name("list-c"), ONE));
        List<String> names = mine.stream().map(ProjectRecord::name).toList();
        List<String> listed = eventually("the new projects to be listed", () -> {
            List<String> all = Kits.all(2, store::list, () -> { }).stream().map(ProjectRecord::name).toList();
            return all.containsAll(names) ? Optional.of(all) : Optional.empty();
        });
        assertThat(listed).doesNotHaveDuplicates().isSorted();
        assertThat(Kits.all(1000, store::list, () -> { }).stream().map(ProjectRecord::name).toList()).containsAll(names);
        mine.forEach(store::delete);
    }

    @Test
    void list_whenTheTokenIsNotTheStores_thenRefused() {
        assertThatThrownBy(() -> store.list(new PageRequest(2, Optional.of("tck-not-a-token"))))
                .isInstanceOf(MlopsClientException.class);
    }

    // ---------------------------------------------------------------- update

    @Test
    void update_replacesTheTemplate_andRecordsTheChange() {
        ProjectRecord r = Kits.record(store, Kits.name("update"), ONE);
        ProjectRecord updated = store.update(r, TWO, "template tck-store-one -> tck-store-two");
        assertThat(updated.id()).isEqualTo(r.id());
        assertThat(updated.name()).isEqualTo(r.name());
        assertThat(updated.template().id()).isEqualTo(TWO.id());
        assertThat(updated.tags()).isEqualTo(r.tags());
        eventually("the update to be read back", () -> store.find(r.name())
                .filter(p -> p.template().id().equals(TWO.id())));
        ProjectEvent e = eventually("the ProjectUpdated event", () -> Kits.events(c -> store.events(r.name(), c, 100),
                EventCursor.START).stream().filter(x -> x.type() == ProjectEventType.ProjectUpdated).findFirst());
        assertThat(e.project()).isEqualTo(r.name());
        store.delete(r);
    }

    @Test
    void update_whenNoSuchProject_thenNotFound() {
        ProjectRecord ghost = new ProjectRecord(Kits.name("ghost"), "p-tck000000000", ONE, Map.of(), Instant.now());
        assertThatThrownBy(() -> store.update(ghost, TWO, "nothing")).isInstanceOf(NotFoundException.class);
    }

    // ---------------------------------------------------------------- events

    @Test
    void events_resumeFromTheirCursor_inOrder_andReplayFromAnEarlierOne() {
        ProjectRecord r = Kits.record(store, Kits.name("events"), ONE);
        store.update(r, TWO, "first change");
        List<ProjectEvent> all = eventually("two events", () -> {
            List<ProjectEvent> seen = Kits.events(c -> store.events(r.name(), c, 100), EventCursor.START);
            return seen.size() >= 2 ? Optional.of(seen) : Optional.empty();
        });
        assertThat(all).extracting(ProjectEvent::type).containsSubsequence(ProjectEventType.ProjectCreated,
                ProjectEventType.ProjectUpdated);
        assertThat(all).extracting(ProjectEvent::id).doesNotHaveDuplicates();
        assertThat(all).allSatisfy(e -> assertThat(e.project()).isEqualTo(r.name()));

        // one at a time: the same events, in the same order
        assertThat(Kits.events(c -> store.events(r.name(), c, 1), EventCursor.START)).isEqualTo(all);

        // a stored cursor resumes where its page ended, in this process or another
        EventPage first = store.events(r.name(), EventCursor.START, 1);
        assertThat(first.events()).hasSize(1);
        EventCursor stored = EventCursor.of(first.next().value());
        assertThat(Kits.events(c -> store.events(r.name(), c, 100), stored)).isEqualTo(all.subList(1, all.size()));
        // and reading from it again replays the same events (delivery is at least once)
        assertThat(Kits.events(c -> store.events(r.name(), c, 100), stored)).isEqualTo(all.subList(1, all.size()));

        // at the end, nothing new: the next cursor is the one read from
        EventCursor end = lastCursor(r.name());
        EventPage none = store.events(r.name(), end, 100);
        assertThat(none.events()).isEmpty();
        assertThat(none.next()).isEqualTo(end);

        // what happens next is read from there
        store.update(r, ONE, "second change");
        List<ProjectEvent> later = eventually("the second update", () -> {
            List<ProjectEvent> seen = Kits.events(c -> store.events(r.name(), c, 100), end);
            return seen.isEmpty() ? Optional.empty() : Optional.of(seen);
        });
        assertThat(later).extracting(ProjectEvent::type).containsExactly(ProjectEventType.ProjectUpdated);
        assertThat(later).extracting(ProjectEvent::id).doesNotContainAnyElementsOf(all.stream().map(ProjectEvent::id).toList());
        store.delete(r);
    }

    @Test
    void events_areEachProjectsOwn() {
        ProjectRecord a = Kits.record(store, Kits.name("events-a"), ONE);
        ProjectRecord b = Kits.record(store, Kits.name("events-b"), ONE);
        eventually("b's creation event", () -> Kits.events(c -> store.events(b.name(), c, 100), EventCursor.START)
                .stream().findFirst());
        assertThat(Kits.events(c -> store.events(a.name(), c, 100), EventCursor.START))
                .allSatisfy(e -> assertThat(e.project()).isEqualTo(a.name()));
        assertThat(store.events(Kits.name("nobody"), EventCursor.START, 100).events()).isEmpty();
        store.delete(a);
        store.delete(b);
    }

    @Test
    void events_whenTheCursorIsNotTheStores_thenRefused() {
        ProjectRecord r = Kits.record(store, Kits.name("cursor"), ONE);
        assertThatThrownBy(() -> store.events(r.name(), EventCursor.of("tck-not-a-cursor"), 10))
                .isInstanceOf(MlopsClientException.class);
        store.delete(r);
    }

    // ---------------------------------------------------------------- delete

    @Test
    void delete_removesTheProject_andTheNameCanBeUsedAgain() {
        String name = Kits.name("delete");
        ProjectRecord r = Kits.record(store, name, ONE);
        eventually("project " + name + " to be found", () -> store.find(name));
        store.delete(r);
        eventually("project " + name + " to be gone", () -> store.find(name).isEmpty() ? Optional.of(true) : Optional.empty());
        assertThat(Kits.all(1000, store::list, () -> { })).extracting(ProjectRecord::name).doesNotContain(name);
        ProjectRecord again = store.create(new ProjectDraft(name, ONE, Map.of(), ""), e -> { });
        assertThat(again.id()).isNotEqualTo(r.id());
        assertThat(store.isActive(again)).isFalse();
        store.delete(again);
    }

    @Test
    void beginDelete_isIdempotent_keepsTheRecordUntilTheDelete_whichFinishesIt() {
        String name = Kits.name("begin");
        ProjectRecord r = Kits.record(store, name, ONE);
        eventually("project " + name + " to be found", () -> store.find(name));
        store.beginDelete(r);
        store.beginDelete(r);
        assertThat(store.find(name)).as("the record between the two steps of a delete").map(ProjectRecord::id)
                .contains(r.id());
        store.delete(r);
        eventually("project " + name + " to be gone", () -> store.find(name).isEmpty() ? Optional.of(true) : Optional.empty());
        assertThat(store.isBeingDeleted(r)).as("a project whose delete finished").isFalse();
        store.beginDelete(r);
        store.delete(r);
        assertThat(store.find(name)).as("a delete repeated after the project is gone").isEmpty();
    }

    // ---------------------------------------------------------------- component

    @Test
    void component_namesItsBackend_andHasAWaitPolicy() {
        assertThat(store.backend()).isNotBlank();
        assertThat(store.waitPolicy()).isNotNull();
        assertThat(store.waitPolicy().ticker()).isNotNull();
        assertThat(store.capabilities()).isNotNull();
    }

    private EventCursor lastCursor(String project) {
        EventCursor cursor = EventCursor.START;
        while (true) {
            EventPage page = store.events(project, cursor, 100);
            if (page.events().isEmpty()) {
                return cursor;
            }
            cursor = page.next();
        }
    }
}
