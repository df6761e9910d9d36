package dev.mlops.aws.projects;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import dev.mlops.aws.AwsBackend;
import dev.mlops.aws.AwsService;
import dev.mlops.aws.fixtures.AwsWire;
import dev.mlops.aws.fixtures.MotoServer;
import dev.mlops.aws.fixtures.ValidatingInterceptor;
import dev.mlops.event.ProjectEvent;
import dev.mlops.exception.MlopsClientException;
import dev.mlops.spi.ProjectDraft;
import dev.mlops.spi.ProjectRecord;
import dev.mlops.spi.ProjectStore;
import dev.mlops.template.Template;
import dev.mlops.template.Templates;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The first-party template provisioned from its Service Catalog product, found by its Studio name: the newest active
 * version and the launch path are chosen, the portfolio is checked, and the same store operates the project.
 */
@ExtendWith(MotoServer.class)
class ServiceCatalogProvisioningTest {
    private static final String PRODUCT = "MLOps template for model building, training, and deployment";
    private static final String BODY = "{\"Parameters\":{\"SageMakerProjectName\":{\"Type\":\"String\"},"
            + "\"SageMakerProjectId\":{\"Type\":\"String\"}},\"Resources\":{\"Topic\":{\"Type\":\"AWS::SNS::Topic\"}}}";

    private final ValidatingInterceptor interceptor = new ValidatingInterceptor();
    private FakeSageMakerProjects fake;
    private WireMockServer codeCommit;
    private AwsBackend backend;

    @BeforeEach
    void start(MotoServer moto) {
        ProjectsFixture.allRoles(moto.endpoint());
        ProjectsFixture.role(moto.endpoint(), ProjectsFixture.STUDIO + "LaunchRole", "servicecatalog.amazonaws.com");
        fake = new FakeSageMakerProjects(moto.endpoint());
        fake.addProduct(new FakeSageMakerProjects.Product(PRODUCT, "prod-abcdefghijklm", "pa-olderolderold", "pa-newernewernew",
                "lpv3-launchpath0001", BODY));
        codeCommit = new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1"));
        codeCommit.start();
        codeCommit.stubFor(AwsWire.awsJson("codecommit", "ListRepositories").willReturn(AwsWire.awsJsonResponse("codecommit",
                "ListRepositories", "{\"repositories\":[{\"repositoryName\":\"old\",\"repositoryId\":\"r1\"}]}")));
        backend = ProjectsFixture.backend(moto.endpoint(), fake.endpoint(), interceptor).provisionThroughServiceCatalog()
                .endpointOverride(AwsService.CODECOMMIT, URI.create("http://127.0.0.1:" + codeCommit.port())).build();
    }

    @AfterEach
    void stop() {
        backend.close();
        fake.close();
        codeCommit.stop();
        interceptor.assertNoViolations();
        assertThat(fake.violations()).isEmpty();
    }

    @Test
    void aFirstPartyTemplate_isProvisionedFromItsProduct_andOperatedByTheSameStore() {
        ProjectStore store = backend.projectStore().orElseThrow();
        Template template = Templates.modelBuildTrainDeploy();
        List<ProjectEvent> progress = new CopyOnWriteArrayList<>();
        ProjectRecord r = store.create(new ProjectDraft("catalogued", template, Map.of("team", "ml"), ""), progress::add);

        FakeSageMakerProjects.P p = fake.project("catalogued");
        assertThat(p.productId).isEqualTo("prod-abcdefghijklm");
        assertThat(p.artifactId).as("the newest active version").isEqualTo("pa-newernewernew");
        assertThat(p.pathId).isEqualTo("lpv3-launchpath0001");
        assertThat(p.lastRequest.has("TemplateProviders")).isFalse();
        assertThat(interceptor.calls("SageMaker.GetSagemakerServicecatalogPortfolioStatus")).isEqualTo(1);
        assertThat(interceptor.calls("S3.PutObject")).as("only the stored template").isEqualTo(2);
        // the stack found through the provisioned product's record: its events reached the listener
        assertThat(progress).filteredOn(e -> p.stackName.equals(e.subject())).isNotEmpty();

        assertThat(r.template().id()).isEqualTo(template.id());
        assertThat(store.find("catalogued")).map(x -> x.template().id()).contains(template.id());
        assertThat(store.activate(r)).isTrue();
        interceptor.clear();
        store.create(new ProjectDraft("catalogued", template, Map.of("team", "ml"), ""), e -> { });
        store.update(r, template, "nothing");
        assertThat(interceptor.mutatingCalls()).as(interceptor.calls().toString()).isEmpty();

        store.delete(r);
        assertThat(store.find("catalogued")).isEmpty();
    }

    @Test
    void aDisabledPortfolio_refusesTheCreation_sayingHowToEnableIt() {
        fake.portfolioStatus = "Disabled";
        assertThatThrownBy(() -> backend.projectStore().orElseThrow().create(new ProjectDraft("catalogued",
                Templates.modelBuildTrainDeploy(), Map.of(), ""), e -> { }))
                .isInstanceOf(MlopsClientException.class).hasMessageContaining("portfolio of project templates is Disabled")
                .hasMessageContaining("aws sagemaker enable-sagemaker-servicecatalog-portfolio");
        assertThat(fake.createCalls.get()).isZero();
    }
}
