package dev.mlops.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.ModelApprovalStatus;
import dev.mlops.event.EventCursor;
import dev.mlops.event.EventPage;
import dev.mlops.event.ProjectEvent;
import dev.mlops.event.ProjectEventType;
import dev.mlops.exception.IllegalStateTransitionException;
import dev.mlops.exception.MlopsClientException;
import dev.mlops.exception.NotFoundException;
import dev.mlops.exception.UnsupportedByBackendException;
import dev.mlops.spi.Backend;
import dev.mlops.spi.ModelRegistry;
import dev.mlops.spi.ModelVersionInfo;
import dev.mlops.spi.PageRequest;
import dev.mlops.spi.ProjectRecord;
import dev.mlops.spi.ProjectStore;
import dev.mlops.spi.RegisterRequest;
import dev.mlops.template.Capability;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The contract of a {@link ModelRegistry}, checked through the SPI: registrations numbered from 1 in a group and
 * idempotent on their client token, point reads by number and ARN, pages newest first with tokens, metrics read
 * apart, the approval state machine (a change to the status a version has is refused and changes nothing; unknown
 * versions are {@link NotFoundException}s), decisions recorded with their history, and, for a registry that offers
 * {@link Capability#MODEL_APPROVAL_EVENTS}, the group's events after a cursor that resumes and replays (one that
 * does not refuses with {@link UnsupportedByBackendException}). Reads after a write wait under the registry's
 * policy, so an eventually consistent registry passes.
 *
 * <p>Versions are registered for projects recorded in the backend's {@link ProjectStore} (some registries, such as
 * the embedded one, keep versions with their project); each test uses the group {@code <name>-<id>} of a project of
 * its own. Override {@link #registry(Backend)} to check a registry that is not its backend's own.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class ModelRegistryCompatibilityKit {

    /** Scratch space for the backend, shared by the kit's tests. */
    @TempDir
    static Path scratch;

    private Backend backend;
    private ModelRegistry registry;
    private ProjectStore store;

    /** Makes the kit; subclasses name the backend in {@link #newBackend(Path)}. */
    protected ModelRegistryCompatibilityKit() {
    }

    /**
     * Makes the backend that holds the registry under test. Called once; the kit closes it after the last test.
     *
     * @param scratch an empty directory the backend may use
     * @return the backend
     */
    protected abstract Backend newBackend(Path scratch);

    /**
     * The registry under test.
     *
     * @param backend the backend
     * @return by default the backend's own
     */
    protected ModelRegistry registry(Backend backend) {
        return backend.registry().orElseThrow(() -> new AssertionError(backend.name() + " has no model registry"));
    }

    /**
     * Where the kit records the projects the versions belong to.
     *
     * @param backend the backend
     * @return by default the backend's own store
     */
    protected ProjectStore projectStore(Backend backend) {
        return backend.projectStore().orElseThrow(() -> new AssertionError(backend.name() + " has no project store"));
    }

    /**
     * How long a read may take to show a write.
     *
     * @return by default one minute (on the registry's ticker)
     */
    protected Duration timeout() {
        return Duration.ofMinutes(1);
    }

    @BeforeAll
    void startBackend() {
        backend = newBackend(scratch);
        registry = registry(backend);
        store = projectStore(backend);
    }

    @AfterAll
    void stopBackend() {
        Kits.close(backend);
    }

    private <T> T eventually(String what, Supplier<Optional<T>> check) {
        return Kits.await(what, timeout(), registry.waitPolicy(), check);
    }

    private ProjectRecord project(String hint) {
        return Kits.record(store, Kits.name(hint), Kits.bare("tck-registry"));
    }

    private ModelVersionInfo register(ProjectRecord p, ModelApprovalStatus status, double mse, String token) {
        Map<String, String> containers = new LinkedHashMap<>();
        containers.put("preprocess", "tck://artifacts/" + token + "/preprocess.tar.gz");
        containers.put("model", "tck://artifacts/" + token + "/model.tar.gz");
        return registry.register(new RegisterRequest(p.name(), p.nameId(), status, Map.of("mse", mse, "rmse", Math.sqrt(mse)),
                Map.of("sourceCommit", "0123456789abcdef0123456789abcdef01234567", "pipelineExecution", "tck-" + token),
                containers, token));
    }

    private static String token() {
        return "tck-" + UUID.randomUUID();
    }

    private ModelVersionInfo readable(String group, int version, ModelApprovalStatus status) {
        return eventually(group + "/" + version + " to read as " + status, () -> registry.version(group, version)
                .filter(v -> v.status() == status));
    }

    // ---------------------------------------------------------------- register

    @Test
    void register_numbersVersionsFromOne_pendingWithWhatWasRegistered() {
        ProjectRecord p = project("register");
        ModelVersionInfo v1 = register(p, ModelApprovalStatus.PendingManualApproval, 3.5, token());
        ModelVersionInfo v2 = register(p, ModelApprovalStatus.PendingManualApproval, 3.1, token());
        assertThat(v1.version()).isEqualTo(1);
        assertThat(v2.version()).isEqualTo(2);
        assertThat(v1.arn()).isNotBlank().isNotEqualTo(v2.arn());
        assertThat(v1.group()).isEqualTo(p.nameId());
        assertThat(v1.status()).isEqualTo(ModelApprovalStatus.PendingManualApproval);
        assertThat(v1.lineage()).containsEntry("sourceCommit", "0123456789abcdef0123456789abcdef01234567")
                .containsKey("pipelineExecution");
        assertThat(v1.containers().keySet()).as("the containers, in order").containsExactly("preprocess", "model");
        assertThat(v1.createdAt()).isNotNull();
        assertThat(v1.history()).isNotEmpty();
        assertThat(v1.decidedBy()).isEmpty();
        store.delete(p);
    }

    @Test
    void register_isIdempotentOnTheClientToken() {
        ProjectRecord p = project("idempotent");
        String token = token();
        ModelVersionInfo first = register(p, ModelApprovalStatus.PendingManualApproval, 3.5, token);
        ModelVersionInfo again = register(p, ModelApprovalStatus.PendingManualApproval, 4.5, token);
        assertThat(again.arn()).isEqualTo(first.arn());
        assertThat(again.version()).isEqualTo(first.version());
        ModelVersionInfo other = register(p, ModelApprovalStatus.PendingManualApproval, 3.5, token());
        assertThat(other.version()).isEqualTo(first.version() + 1);
        eventually("two versions", () -> registry.version(p.nameId(), 2));
        assertThat(Kits.all(100, r -> registry.versions(p.nameId(), r), () -> { })).hasSize(2);
        assertThat(registry.metrics(first.arn())).containsEntry("mse", 3.5);
        store.delete(p);
    }

    @Test
    void register_withAnApprovedStatus_isApprovedFromTheStart() {
        ProjectRecord p = project("preapproved");
        ModelVersionInfo v = register(p, ModelApprovalStatus.Approved, 2.0, token());
        assertThat(v.status()).isEqualTo(ModelApprovalStatus.Approved);
        ModelVersionInfo latest = eventually("the newest approved version", () ->
                registry.latest(p.nameId(), ModelApprovalStatus.Approved));
        assertThat(latest.arn()).isEqualTo(v.arn());
        store.delete(p);
    }

    // ---------------------------------------------------------------- point reads and pages

    @Test
    void pointReads_byNumberAndArn_andNothingForUnknownOnes() {
        ProjectRecord p = project("reads");
        ModelVersionInfo v = register(p, ModelApprovalStatus.PendingManualApproval, 3.0, token());
        ModelVersionInfo byNumber = readable(p.nameId(), 1, ModelApprovalStatus.PendingManualApproval);
        assertThat(byNumber.arn()).isEqualTo(v.arn());
        assertThat(registry.byArn(v.arn())).hasValueSatisfying(x -> assertThat(x.version()).isEqualTo(1));
        assertThat(registry.version(p.nameId(), 99)).isEmpty();
        assertThat(registry.version(p.nameId() + "-none", 1)).isEmpty();
        assertThat(registry.byArn(v.arn() + "-none")).isEmpty();
        assertThat(registry.latest(p.nameId(), ModelApprovalStatus.Approved)).isEmpty();
        store.delete(p);
    }

    @Test
    void versions_pageNewestFirst_withTokens() {
        ProjectRecord p = project("pages");
        for (int i = 0; i < 5; i++) {
            register(p, ModelApprovalStatus.PendingManualApproval, 3.0 + i / 10.0, token());
        }
        eventually("five versions", () -> registry.version(p.nameId(), 5));
        List<Integer> byTwo = Kits.all(2, r -> registry.versions(p.nameId(), r), () -> { }).stream()
                .map(ModelVersionInfo::version).toList();
        assertThat(byTwo).containsExactly(5, 4, 3, 2, 1);
        assertThat(registry.versions(p.nameId(), PageRequest.first(2)).nextToken()).isPresent();
        assertThat(registry.versions(p.nameId(), PageRequest.first(5)).nextToken()).isEmpty();
        assertThat(registry.versions(p.nameId() + "-none", PageRequest.first()).items()).isEmpty();
        assertThatThrownBy(() -> registry.versions(p.nameId(), new PageRequest(2, Optional.of("tck-not-a-token"))))
                .isInstanceOf(MlopsClientException.class);
        store.delete(p);
    }

    @Test
    void metrics_areReadApart_andUnknownVersionsAreNotFound() {
        ProjectRecord p = project("metrics");
        ModelVersionInfo v = register(p, ModelApprovalStatus.PendingManualApproval, 4.0, token());
        Map<String, Double> m = eventually("the metrics", () -> {
            try {
                return Optional.of(registry.metrics(v.arn()));
            } catch (NotFoundException notYet) {
                return Optional.empty();
            }
        });
        assertThat(m).containsEntry("mse", 4.0).containsEntry("rmse", 2.0);
        assertThatThrownBy(() -> registry.metrics(v.arn() + "-none")).isInstanceOf(NotFoundException.class);
        store.delete(p);
    }

    // ---------------------------------------------------------------- approvals

    @Test
    void approval_followsThePendingApprovedRejectedStateMachine_withHistory() {
        ProjectRecord p = project("approve");
        ModelVersionInfo v = register(p, ModelApprovalStatus.PendingManualApproval, 3.0, token());
        ModelVersionInfo approved = registry.updateApprovalStatus(p.nameId(), 1, ModelApprovalStatus.Approved, "tck: good");
        assertThat(approved.arn()).isEqualTo(v.arn());
        assertThat(approved.status()).isEqualTo(ModelApprovalStatus.Approved);
        assertThat(approved.decidedBy()).hasValueSatisfying(u -> assertThat(u).isNotBlank());
        assertThat(approved.comment()).contains("tck: good");
        assertThat(approved.history()).hasSize(v.history().size() + 1);
        assertThat(eventually("the approval", () -> registry.latest(p.nameId(), ModelApprovalStatus.Approved)).arn())
                .isEqualTo(v.arn());

        assertThatThrownBy(() -> registry.updateApprovalStatus(p.nameId(), 1, ModelApprovalStatus.Approved, "again"))
                .isInstanceOf(IllegalStateTransitionException.class)
                .hasMessageContaining("already Approved");
        ModelVersionInfo still = readable(p.nameId(), 1, ModelApprovalStatus.Approved);
        assertThat(still.history()).as("a refused change leaves no trace").hasSize(approved.history().size());

        ModelVersionInfo rejected = registry.updateApprovalStatus(p.nameId(), 1, ModelApprovalStatus.Rejected, "tck: worse");
        assertThat(rejected.status()).isEqualTo(ModelApprovalStatus.Rejected);
        assertThat(rejected.history()).hasSize(approved.history().size() + 1);
        readable(p.nameId(), 1, ModelApprovalStatus.Rejected);
        eventually("no approved version", () -> registry.latest(p.nameId(), ModelApprovalStatus.Approved).isEmpty()
                ? Optional.of(true) : Optional.empty());
        store.delete(p);
    }

    @Test
    void approval_ofAnUnknownVersion_isNotFound() {
        ProjectRecord p = project("approve-none");
        register(p, ModelApprovalStatus.PendingManualApproval, 3.0, token());
        assertThatThrownBy(() -> registry.updateApprovalStatus(p.nameId(), 42, ModelApprovalStatus.Approved, "tck"))
                .isInstanceOf(NotFoundException.class)
                .hasMessageContaining("42");
        assertThatThrownBy(() -> registry.updateApprovalStatus(p.nameId() + "-none", 1, ModelApprovalStatus.Approved, "tck"))
                .isInstanceOf(NotFoundException.class);
        store.delete(p);
    }

    // ---------------------------------------------------------------- events

    @Test
    void events_ofTheGroup_resumeFromTheirCursor_andReplayFromAnEarlierOne() {
        ProjectRecord p = project("events");
        if (!registry.capabilities().contains(Capability.MODEL_APPROVAL_EVENTS)) {
            assertThatThrownBy(() -> registry.events(p.nameId(), EventCursor.START, 10))
                    .isInstanceOf(UnsupportedByBackendException.class);
            store.delete(p);
            return;
        }
        ProjectRecord other = project("events-other");
        register(other, ModelApprovalStatus.PendingManualApproval, 3.0, token());
        register(p, ModelApprovalStatus.PendingManualApproval, 3.0, token());
        register(p, ModelApprovalStatus.PendingManualApproval, 3.2, token());
        registry.updateApprovalStatus(p.nameId(), 1, ModelApprovalStatus.Approved, "tck");
        List<ProjectEvent> all = eventually("three events of the group", () -> {
            List<ProjectEvent> seen = Kits.events(c -> registry.events(p.nameId(), c, 100), EventCursor.START);
            return seen.size() >= 3 ? Optional.of(seen) : Optional.empty();
        });
        assertThat(all).extracting(ProjectEvent::type).containsExactly(ProjectEventType.ModelRegistered,
                ProjectEventType.ModelRegistered, ProjectEventType.ModelApprovalChanged);
        assertThat(all).extracting(e -> e.detail().get("version")).containsExactly("1", "2", "1");
        assertThat(all).extracting(e -> e.detail().get("status")).containsExactly("PendingManualApproval",
                "PendingManualApproval", "Approved");
        assertThat(all).extracting(ProjectEvent::id).doesNotHaveDuplicates();

        // one at a time: the same events
        assertThat(Kits.events(c -> registry.events(p.nameId(), c, 1), EventCursor.START)).isEqualTo(all);
        // a stored cursor resumes after its page, and replays when read again
        EventPage first = registry.events(p.nameId(), EventCursor.START, 1);
        EventCursor stored = EventCursor.of(first.next().value());
        assertThat(Kits.events(c -> registry.events(p.nameId(), c, 100), stored)).isEqualTo(all.subList(1, 3));
        assertThat(Kits.events(c -> registry.events(p.nameId(), c, 100), stored)).isEqualTo(all.subList(1, 3));
        // at the end, nothing new and the same cursor
        EventCursor end = first.next();
        for (EventPage page = registry.events(p.nameId(), end, 100); !page.events().isEmpty();
                page = registry.events(p.nameId(), end, 100)) {
            end = page.next();
        }
        EventPage none = registry.events(p.nameId(), end, 100);
        assertThat(none.events()).isEmpty();
        assertThat(none.next()).isEqualTo(end);
        // a rejection comes next
        registry.updateApprovalStatus(p.nameId(), 1, ModelApprovalStatus.Rejected, "tck: no");
        EventCursor from = end;
        List<ProjectEvent> later = eventually("the rejection's event", () -> {
            List<ProjectEvent> seen = Kits.events(c -> registry.events(p.nameId(), c, 100), from);
            return seen.isEmpty() ? Optional.empty() : Optional.of(seen);
        });
        assertThat(later).singleElement().satisfies(e -> {
            assertThat(e.type()).isEqualTo(ProjectEventType.ModelApprovalChanged);
            assertThat(e.detail()).containsEntry("status", "Rejected").containsEntry("version", "1");
        });
        store.delete(p);
        store.delete(other);
    }

    // ---------------------------------------------------------------- component

    @Test
    void component_namesItsBackend_andHasAWaitPolicy() {
        assertThat(registry.backend()).isNotBlank();
        assertThat(registry.waitPolicy()).isNotNull();
        assertThat(registry.waitPolicy().ticker()).isNotNull();
    }
}
