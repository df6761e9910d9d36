package dev.mlops.aws.registry;

import dev.mlops.aws.fixtures.AwsTestClients;
import dev.mlops.event.EventCursor;
import dev.mlops.event.EventPage;
import dev.mlops.event.ProjectListener;
import dev.mlops.spi.Page;
import dev.mlops.spi.PageRequest;
import dev.mlops.spi.ProjectDraft;
import dev.mlops.spi.ProjectRecord;
import dev.mlops.spi.ProjectStore;
import dev.mlops.spi.WaitPolicy;
import dev.mlops.template.Template;
import java.net.URI;
import java.util.Optional;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The testkit's in-memory project store, standing in for the SageMaker project store (built elsewhere), that also
 * makes each new project's artifact bucket {@code sagemaker-project-<id>} in the emulator, as the project's stack
 * would.
 */
public final class ProjectBuckets implements ProjectStore {
    private final ProjectStore store;
    private final S3Client s3;

    /**
     * Wraps a store.
     *
     * @param store the in-memory store
     * @param emulator the emulator's URL
     */
    public ProjectBuckets(ProjectStore store, URI emulator) {
        this.store = store;
        this.s3 = AwsTestClients.configure(S3Client.builder(), emulator, null).build();
    }

    /** @return the client of the emulator's S3 */
    public S3Client s3() {
        return s3;
    }

    @Override
    public String backend() {
        return store.backend();
    }

    @Override
    public WaitPolicy waitPolicy() {
        return store.waitPolicy();
    }

    @Override
    public Optional<ProjectRecord> find(String name) {
        return store.find(name);
    }

    @Override
    public Page<ProjectRecord> list(PageRequest page) {
        return store.list(page);
    }

    @Override
    public ProjectRecord create(ProjectDraft draft, ProjectListener progress) {
        ProjectRecord r = store.create(draft, progress);
        String bucket = "sagemaker-project-" + r.id();
        if (s3.listBuckets().buckets().stream().noneMatch(b -> b.name().equals(bucket))) {
            s3.createBucket(b -> b.bucket(bucket));
        }
        return r;
    }

    @Override
    public boolean activate(ProjectRecord project) {
        return store.activate(project);
    }

    @Override
    public boolean isActive(ProjectRecord project) {
        return store.isActive(project);
    }

    @Override
    public ProjectRecord update(ProjectRecord project, Template template, String summary) {
        return store.update(project, template, summary);
    }

    @Override
    public EventPage events(String project, EventCursor after, int limit) {
        return store.events(project, after, limit);
    }

    @Override
    public void delete(ProjectRecord project) {
        store.delete(project);
    }
}
