package dev.mlops.aws.cfn;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.template.ApprovalGate;
import dev.mlops.template.Stage;
import dev.mlops.template.Template;
import dev.mlops.template.Templates;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every template that renders passes {@code cfn-lint} with no error-level finding; warnings and informational
 * findings are printed. No check is ignored. Skipped, with the reason, only when cfn-lint is not installed.
 */
class CloudFormationLintTest {
    @TempDir
    Path dir;

    private static String version;

    @BeforeAll
    static void findCfnLint() {
        version = CfnLint.version();
        System.out.println(version == null ? "cfn-lint is not installed: the lint tests skip" : "Linting with " + version);
    }

    @BeforeEach
    void cfnLintIsInstalled() {
        Assumptions.assumeTrue(version != null, "cfn-lint is not installed (pip install cfn-lint==1.51.0); the"
                + " rendered templates were not linted");
    }

    static Stream<Arguments> renderable() {
        Template custom = Templates.modelBuildTrainDeploy()
                .withStageAfter("TestStaging", Stage.command("LoadTest", "./load-test.sh", "--rate", "10 rps")
                        .environment(Templates.STAGING).variable("HTTPS_PROXY", "http://proxy.internal:3128")
                        .variable("HOSTILE", "it's \"${HOME}\" ${AWS::Region} ${SageMakerProjectName} \\ \n${").build())
                .withStageVariable("TestStaging", "NO_PROXY", "localhost,.internal")
                .withStageAfter("modelbuild/Build", Stage.command("Lint", "./lint.sh")
                        .timeout(Duration.ofMinutes(15)).build())
                .withApprovalGate(ApprovalGate.manual("ApproveDeployment").message("Ship it?").build());
        return Stream.of(
                Arguments.of(Templates.modelBuildTrain()),
                Arguments.of(Templates.modelDeploy()),
                Arguments.of(Templates.modelDeploy().withParameter("SourceModelPackageGroupName", "shared-group")),
                Arguments.of(Templates.modelBuildTrainDeploy()),
                Arguments.of(Templates.modelBuildTrainDeployMonitor()),
                Arguments.of(dev.mlops.aws.cfn.MonitorMode.SCHEDULED_PROCESSING.applyTo(
                        Templates.modelBuildTrainDeployMonitor(),
                        "123456789012.dkr.ecr.us-east-1.amazonaws.com/mlops-monitor:1.0")),
                Arguments.of(Templates.imageBuildModelBuildDeploy()),
                Arguments.of(ThirdPartyStackTest.template()),
                Arguments.of(Templates.thirdPartyGitCodePipeline()),
                Arguments.of(JenkinsStackTest.template()),
                Arguments.of(Templates.thirdPartyGitJenkins()),
                Arguments.of(custom));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("renderable")
    void everyRenderedTemplatePassesCfnLintWithoutErrors(Template template) throws Exception {
        RenderedProject rendered = new CloudFormationRenderer().render(template, "abalone", AwsRoles.defaults());
        List<Path> files = rendered.writeTo(dir);

        List<CfnLint.Finding> findings = CfnLint.lint(files);

        findings.forEach(f -> System.out.println("cfn-lint (" + template.id() + "): " + f));
        assertThat(findings).filteredOn(f -> f.level().equals("Error")).isEmpty();
        assertThat(files).hasSize(template.environments().isEmpty() ? 1 : 3);
    }

    @org.junit.jupiter.api.Test
    void theLintReportsAnErrorInABrokenTemplate_soACleanRunMeansSomething() throws Exception {
        Path broken = dir.resolve("broken.json");
        java.nio.file.Files.writeString(broken, "{\"AWSTemplateFormatVersion\": \"2010-09-09\", \"Resources\": {\"B\":"
                + " {\"Type\": \"AWS::S3::Bucket\", \"Properties\": {\"NoSuchProperty\": true}}}}");

        List<CfnLint.Finding> findings = CfnLint.lint(List.of(broken));

        assertThat(findings).filteredOn(f -> f.level().equals("Error")).extracting(CfnLint.Finding::rule).contains("E3002");
    }
}
