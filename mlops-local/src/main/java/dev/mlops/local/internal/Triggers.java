package dev.mlops.local.internal;

import dev.mlops.ModelApprovalStatus;
import dev.mlops.spi.ProjectRecord;
import dev.mlops.template.PipelineSpec;
import dev.mlops.template.Trigger;
import java.sql.SQLException;

/**
 * The embedded counterpart of the originals' EventBridge rules: each change that a rule matches queues an
 * execution of the pipeline, in the same transaction as the change.
 */
final class Triggers {
    /** Reads a project inside the trigger's transaction. */
    interface ProjectLookup {
        ProjectRecord find(Db.Tx tx, String name) throws SQLException;
    }

    private final ProjectLookup projects;

    Triggers(ProjectLookup projects) {
        this.projects = projects;
    }

    void onCommit(Db.Tx tx, String project, String repositoryRole, String commit, String message) throws SQLException {
        ProjectRecord p = projects.find(tx, project);
        for (PipelineSpec spec : p.template().pipelines()) {
            for (Trigger t : spec.triggers()) {
                if (t.kind() == Trigger.Kind.COMMIT && t.repository().orElse("").equals(repositoryRole)) {
                    Executions.create(tx, project, spec, "commit " + commit.substring(0, 7) + " on " + repositoryRole
                            + (message.isEmpty() ? "" : " (" + message + ")"), commit);
                }
            }
        }
    }

    void onModelApprovalChange(Db.Tx tx, String project, String group, int version, ModelApprovalStatus status)
            throws SQLException {
        ProjectRecord p = projects.find(tx, project);
        // Only the project's own group fires its rule, as the originals' pattern names ModelPackageGroupName.
        String own = p.template().parameterValues().getOrDefault("SourceModelPackageGroupName", "");
        if (!group.equals(own.isEmpty() ? p.nameId() : own)) {
            return;
        }
        for (PipelineSpec spec : p.template().pipelines()) {
            for (Trigger t : spec.triggers()) {
                if (t.kind() == Trigger.Kind.MODEL_APPROVAL_CHANGE) {
                    Executions.create(tx, project, spec, "model version " + version + " " + status, null);
                }
            }
        }
    }

    void onEndpointInService(Db.Tx tx, String project, String environment, String endpoint) throws SQLException {
        ProjectRecord p = projects.find(tx, project);
        for (PipelineSpec spec : p.template().pipelines()) {
            for (Trigger t : spec.triggers()) {
                if (t.kind() == Trigger.Kind.ENDPOINT_IN_SERVICE && t.environment().orElse("").equals(environment)) {
                    Executions.create(tx, project, spec, "endpoint " + endpoint + " in service", null);
                }
            }
        }
    }

    /** A new image version: the image-building template's rule on {@code SageMaker Image Version State Change}. */
    void onImageVersion(Db.Tx tx, String project, String image, int version, String arn) throws SQLException {
        ProjectRecord p = projects.find(tx, project);
        for (PipelineSpec spec : p.template().pipelines()) {
            for (Trigger t : spec.triggers()) {
                if (t.kind() == Trigger.Kind.IMAGE_VERSION && t.repository().orElse("").equals(image)) {
                    Executions.create(tx, project, spec, "image " + image + " version " + version + " (" + arn + ")", null);
                }
            }
        }
    }
}
