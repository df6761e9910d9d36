package dev.mlops.aws.projects;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.aws.AwsBackend;
import dev.mlops.aws.fixtures.AwsTestClients;
import dev.mlops.aws.fixtures.MotoServer;
import dev.mlops.aws.fixtures.ValidatingInterceptor;
import dev.mlops.event.ProjectEvent;
import dev.mlops.event.ProjectEventType;
import dev.mlops.spi.ProjectDraft;
import dev.mlops.spi.ProjectRecord;
import dev.mlops.spi.ProjectStore;
import dev.mlops.template.Template;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

/** The SageMaker store's own behaviour beyond the kit: the template bucket, idempotency, leftovers. */
@ExtendWith(MotoServer.class)
class SageMakerProjectStoreTest {
    private static final Template BARE = Template.builder().id("bare-store").displayName("Bare store test").build();
    private static final String BUCKET = "sagemaker-us-east-1-" + AwsTestClients.MOTO_ACCOUNT_ID;

    private final ValidatingInterceptor interceptor = new ValidatingInterceptor();
    private MotoServer moto;
    private FakeSageMakerProjects fake;
    private MotoBucketPolicies policies;
    private AwsBackend backend;
    private ProjectStore store;
    private final List<ProjectEvent> progress = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start(MotoServer moto) {
        this.moto = moto;
        ProjectsFixture.role(moto.endpoint(), ProjectsFixture.STUDIO + "LaunchRole", "cloudformation.amazonaws.com");
        fake = new FakeSageMakerProjects(moto.endpoint());
        policies = new MotoBucketPolicies(moto.endpoint());
        backend = ProjectsFixture.backend(moto.endpoint(), fake.endpoint(), interceptor, policies).build();
        store = backend.projectStore().orElseThrow();
    }

    @AfterEach
    void stop() {
        backend.close();
        fake.close();
        assertThat(fake.violations()).isEmpty();
    }

    private ProjectRecord create(String name) {
        return store.create(new ProjectDraft(name, BARE, Map.of("team", "ml"), "store test"), progress::add);
    }

    @Test
    void theTemplateBucket_isMadeOnce_withItsProtections() {
        create("bucket-one");
        create("bucket-two");
        assertThat(interceptor.calls("S3.CreateBucket")).as(interceptor.calls().toString()).isEqualTo(1);
        assertThat(interceptor.calls("S3.PutBucketEncryption")).isEqualTo(1);
        assertThat(interceptor.calls("S3.PutPublicAccessBlock")).isEqualTo(1);
        assertThat(interceptor.calls("S3.PutBucketPolicy")).isEqualTo(1);
        try (S3Client s3 = AwsTestClients.configure(S3Client.builder(), moto.endpoint(), null).build()) {
            assertThat(s3.getBucketEncryption(r -> r.bucket(BUCKET)).serverSideEncryptionConfiguration().rules().get(0)
                    .applyServerSideEncryptionByDefault().sseAlgorithm()).isEqualTo(ServerSideEncryption.AES256);
            var block = s3.getPublicAccessBlock(r -> r.bucket(BUCKET)).publicAccessBlockConfiguration();
            assertThat(List.of(block.blockPublicAcls(), block.ignorePublicAcls(), block.blockPublicPolicy(),
                    block.restrictPublicBuckets())).containsOnly(true);
        }
        assertThat(policies.policies().get(BUCKET)).contains("\"Effect\":\"Deny\"")
                .contains("\"aws:SecureTransport\":\"false\"").contains("arn:aws:s3:::" + BUCKET + "/*");
        // SageMaker was given the uploaded template's https URL and the launch role
        FakeSageMakerProjects.P p = fake.project("bucket-one");
        assertThat(p.templateUrl).startsWith("https://" + BUCKET + ".s3.us-east-1.amazonaws.com/mlops-projects/bucket-one/");
        assertThat(p.roleArn).isEqualTo("arn:aws:iam::" + AwsTestClients.MOTO_ACCOUNT_ID
                + ":role/service-role/AmazonSageMakerServiceCatalogProductsLaunchRole");
        // and the stack's events reached the listener (moto records only the stack's own events, not its resources')
        assertThat(progress).filteredOn(e -> e.type() == ProjectEventType.ProvisioningProgress)
                .filteredOn(e -> e.subject().equals(p.stackName)).extracting(e -> e.detail().get("status"))
                .containsSubsequence("CREATE_IN_PROGRESS", "CREATE_COMPLETE");
    }

    @Test
    void aTemplateWithRepositories_uploadsItsSeedArchives_andNamesTheirBucketToTheStack() {
        ProjectsFixture.allRoles(moto.endpoint());
        fake.scripted("CreateCompleted");
        Template template = dev.mlops.template.Templates.modelBuildTrainDeploy();
        ProjectRecord r = store.create(new ProjectDraft("seeded", template, Map.of(), ""), progress::add);
        assertThat(r.template().repositories()).hasSize(2);
        FakeSageMakerProjects.P p = fake.project("seeded");
        assertThat(p.parameters).containsEntry("SeedCodeBucket", BUCKET);
        try (S3Client s3 = AwsTestClients.configure(S3Client.builder(), moto.endpoint(), null).build()) {
            List<String> keys = s3.listObjectsV2(l -> l.bucket(BUCKET).prefix("mlops-seedcode/")).contents().stream()
                    .map(o -> o.key()).toList();
            assertThat(keys).hasSize(2).allSatisfy(k -> assertThat(k).startsWith("mlops-seedcode/" + template.id() + "/")
                    .endsWith(".zip"));
            String key = p.templateUrl.substring(p.templateUrl.indexOf(".amazonaws.com/") + ".amazonaws.com/".length());
            assertThat(s3.getObjectAsBytes(g -> g.bucket(BUCKET).key(key)).asUtf8String())
                    .contains("AWS::CodeCommit::Repository").contains("SeedCodeBucket");
        }
        // the preflight's CodeCommit warning reached the listener (moto answers ListRepositories with 500)
        assertThat(progress).extracting(ProjectEvent::message).anySatisfy(m -> assertThat(m).startsWith("Preflight warning"));
    }

    @Test
    void anUnchangedProject_makesNoMutatingCall_onReCreateOrUpdate() {
        ProjectRecord r = create("unchanged");
        store.activate(r);
        interceptor.clear();
        ProjectRecord again = create("unchanged");
        assertThat(again.id()).isEqualTo(r.id());
        ProjectRecord updated = store.update(again, BARE, "nothing");
        assertThat(updated.template().id()).isEqualTo(BARE.id());
        assertThat(interceptor.mutatingCalls()).as("calls: " + interceptor.calls()).isEmpty();
        assertThat(fake.createCalls.get()).isEqualTo(1);

        // a template whose stack changes is updated through UpdateProject with the re-rendered template
        Template renamed = Template.builder().id("bare-store").displayName("Bare store test, renamed").build();
        store.update(again, renamed, "display name");
        assertThat(interceptor.calls("SageMaker.UpdateProject")).isEqualTo(1);
        assertThat(fake.project("unchanged").templateUrl).isNotEqualTo(r.template().id());
        assertThat(store.find("unchanged").orElseThrow().template().displayName()).isEqualTo("Bare store test, renamed");
    }

    @Test
    void aCreateWhoseAnswerWasLost_isRetried_andReattachesInsteadOfDuplicating() {
        fake.failAfterCreate = 1;
        ProjectRecord r = create("lost-answer");
        assertThat(fake.createCalls.get()).as("the SDK's retry").isEqualTo(2);
        assertThat(r.id()).isEqualTo(fake.project("lost-answer").id);
        assertThat(store.find("lost-answer")).map(ProjectRecord::id).contains(r.id());
    }

    @Test
    void delete_removesTheProject_itsEndpointStacks_andItsEmptiedArtifactBucket() {
        ProjectRecord r = create("leftovers");
        String artifacts = "sagemaker-project-" + r.id();
        try (S3Client s3 = AwsTestClients.configure(S3Client.builder(), moto.endpoint(), null).build();
             CloudFormationClient cfn = AwsTestClients.configure(CloudFormationClient.builder(), moto.endpoint(), null)
                     .build()) {
            // what the deploy pipelines and the builds leave: endpoint stacks and a versioned bucket with objects
            String endpointStack = "{\"Resources\":{\"Topic\":{\"Type\":\"AWS::SNS::Topic\"}}}";
            for (String env : List.of("staging", "prod")) {
                cfn.createStack(c -> c.stackName(r.resourceName("deploy-" + env)).templateBody(endpointStack));
            }
            try {
                s3.headBucket(h -> h.bucket(artifacts));
            } catch (NoSuchBucketException e) {
                s3.createBucket(c -> c.bucket(artifacts));
            }
            s3.putBucketVersioning(v -> v.bucket(artifacts).versioningConfiguration(c -> c.status(BucketVersioningStatus.ENABLED)));
            s3.putObject(o -> o.bucket(artifacts).key("model.tar.gz"), RequestBody.fromString("v1"));
            s3.putObject(o -> o.bucket(artifacts).key("model.tar.gz"), RequestBody.fromString("v2"));
            s3.deleteObject(o -> o.bucket(artifacts).key("model.tar.gz"));

            store.delete(r);

            assertThat(store.find("leftovers")).isEmpty();
            for (String env : List.of("staging", "prod")) {
                String name = r.resourceName("deploy-" + env);
                assertThat(cfn.listStacks().stackSummaries()).filteredOn(s -> s.stackName().equals(name))
                        .allSatisfy(s -> assertThat(s.stackStatusAsString()).isEqualTo("DELETE_COMPLETE"));
            }
            assertThat(s3.listBuckets().buckets()).extracting(b -> b.name()).doesNotContain(artifacts);
            assertThat(s3.listObjectsV2(l -> l.bucket(BUCKET).prefix("mlops-projects/leftovers/")).contents()).isEmpty();
        }
        assertThat(interceptor.calls("CloudFormation.DeleteStack")).isEqualTo(2);
        assertThat(interceptor.calls("S3.DeleteBucket")).isEqualTo(1);
    }
}
