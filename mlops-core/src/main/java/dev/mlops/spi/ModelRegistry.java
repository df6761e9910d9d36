package dev.mlops.spi;

import dev.mlops.ModelApprovalStatus;
import dev.mlops.event.EventCursor;
import dev.mlops.event.EventPage;
import dev.mlops.exception.UnsupportedByBackendException;
import java.util.Map;
import java.util.Optional;

/**
 * The model registry: SageMaker Model Registry, the embedded one, or any other. Decisions are made under the
 * identity the component was configured with (its credentials), never one the caller names.
 */
public interface ModelRegistry extends Component {

    /**
     * One version.
     *
     * @param group the model package group
     * @param version its number
     * @return the version, if it exists
     */
    Optional<ModelVersionInfo> version(String group, int version);

    /**
     * One version by its identifier.
     *
     * @param arn the version's ARN
     * @return the version, if it exists
     */
    Optional<ModelVersionInfo> byArn(String arn);

    /**
     * A page of a group's versions, newest first.
     *
     * @param group the group
     * @param page which page
     * @return the page
     */
    Page<ModelVersionInfo> versions(String group, PageRequest page);

    /**
     * The newest version with a status.
     *
     * @param group the group
     * @param status the status
     * @return the version, if any
     */
    default Optional<ModelVersionInfo> latest(String group, ModelApprovalStatus status) {
        return Page.find(page -> versions(group, page), v -> v.status() == status);
    }

    /**
     * A version's metrics, flattened ({@code mse}, {@code mse.standard_deviation}, …).
     *
     * @param arn the version's ARN
     * @return the metrics, empty if it has none
     * @throws dev.mlops.exception.NotFoundException if there is no such version
     */
    Map<String, Double> metrics(String arn);

    /**
     * Changes a version's approval status under this component's identity, recording why.
     *
     * @param group the group
     * @param version the version number
     * @param status the new status
     * @param comment why
     * @return the version after the change
     * @throws dev.mlops.exception.NotFoundException if the version does not exist
     * @throws dev.mlops.exception.IllegalStateTransitionException if it already has that status
     */
    ModelVersionInfo updateApprovalStatus(String group, int version, ModelApprovalStatus status, String comment);

    /**
     * Changes a version's approval status only if it still has the status the caller read (compare-and-set), so
     * that of an approval and a rejection racing on the same version exactly one wins and the other is told. The
     * default reads and then writes, which is all a registry without conditional updates can do; the embedded
     * registry does both in one transaction.
     *
     * @param group the group
     * @param version the version number
     * @param expected the status the caller's decision was based on
     * @param status the new status
     * @param comment why
     * @return the version after the change
     * @throws dev.mlops.exception.IllegalStateTransitionException if the version no longer has the expected status
     */
    default ModelVersionInfo updateApprovalStatus(String group, int version, ModelApprovalStatus expected,
            ModelApprovalStatus status, String comment) {
        ModelVersionInfo now = version(group, version).orElseThrow(() -> new dev.mlops.exception.NotFoundException(
                "model version", group + "/" + version, "it is not in the registry"));
        if (now.status() != expected) {
            throw ApprovalConflict.of(now, expected, status);
        }
        return updateApprovalStatus(group, version, status, comment);
    }

    /**
     * Registers a version, as an orchestrator's build stage does; idempotent on the request's client token.
     *
     * @param request the version
     * @return the registered version
     * @throws UnsupportedByBackendException if this registry takes no registrations from outside
     */
    default ModelVersionInfo register(RegisterRequest request) {
        throw new UnsupportedByBackendException(backend(), "register model versions from an orchestrator",
                "compose an orchestrator that registers into this registry itself");
    }

    /**
     * The group's registry events after a cursor ({@code ModelRegistered}, {@code ModelApprovalChanged}): the route
     * by which an orchestrator of another backend learns of approvals. Offered with
     * {@link dev.mlops.template.Capability#MODEL_APPROVAL_EVENTS}.
     *
     * @param group the group
     * @param after where the reader stands
     * @param limit at most this many events
     * @return the events and the cursor to read on from
     * @throws UnsupportedByBackendException if this registry offers no event route
     */
    default EventPage events(String group, EventCursor after, int limit) {
        throw new UnsupportedByBackendException(backend(), "report model approval changes as events",
                "route the registry's events (e.g. EventBridge) to the orchestrator, or use an orchestrator of the"
                        + " registry's own backend");
    }

    /**
     * Removes what the registry holds for a project (its group and versions). Called by {@code Project.delete()}.
     *
     * @param project the project
     */
    default void deleteProject(ProjectRecord project) {
    }
}
