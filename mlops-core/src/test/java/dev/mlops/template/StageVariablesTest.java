package dev.mlops.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.exception.ValidationException;
import dev.mlops.spi.TemplateCodec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A stage's plain environment variables: set fluently, kept in order, validated when the stage is built (each message
 * naming field, value and rule), accepted only by stages that run a command, and kept by the template codec, which
 * still reads templates stored before stages had variables.
 */
class StageVariablesTest {

    @Test
    void variables_areSetFluently_inOrder_andReplacedByTheMapSetter() {
        Stage lint = Stage.command("Lint", "./lint.sh").variable("HTTPS_PROXY", "http://proxy:3128")
                .variable("NO_PROXY", "localhost,127.0.0.1").variable("HTTPS_PROXY", "http://proxy:8080").build();
        assertThat(lint.variables()).containsExactly(Map.entry("HTTPS_PROXY", "http://proxy:8080"),
                Map.entry("NO_PROXY", "localhost,127.0.0.1"));
        assertThat(lint.toString()).contains("HTTPS_PROXY=http://proxy:8080");

        Map<String, String> many = new LinkedHashMap<>();
        many.put("Z_LAST_SET_FIRST", "1");
        many.put("A_SECOND", "2");
        Stage replaced = Stage.command("Lint", "./lint.sh").variable("DROPPED", "x").variables(many).build();
        assertThat(replaced.variables().keySet()).containsExactly("Z_LAST_SET_FIRST", "A_SECOND");
        assertThat(Stage.command("Lint", "./lint.sh").variable("KEPT", "x").putAllVariables(many).build().variables())
                .containsOnlyKeys("KEPT", "Z_LAST_SET_FIRST", "A_SECOND");

        Stage test = Stage.test("TestStaging").environment("staging").variable("SSL_CERT_FILE", "/etc/ssl/corp.pem").build();
        assertThat(test.variables()).containsEntry("SSL_CERT_FILE", "/etc/ssl/corp.pem");
        assertThat(Stage.command("Plain", "true").build().variables()).isEmpty();
        assertThat(Stage.command("Lint", "./lint.sh").variable("lower_case_ok", "1").variable("_X9", "2").build()
                .variables()).hasSize(2);
    }

    @Test
    void badNames_badValues_andReservedNames_areRefusedAtBuild_namingFieldValueAndRule() {
        expect(() -> Stage.command("Lint", "true").variable("1ABC", "x").build(), "Stage.variables", "1ABC", "[A-Za-z_]");
        expect(() -> Stage.command("Lint", "true").variable("A-B", "x").build(), "Stage.variables", "A-B", "[A-Za-z_]");
        expect(() -> Stage.command("Lint", "true").variable("", "x").build(), "Stage.variables", "", "1 to 128");
        expect(() -> Stage.command("Lint", "true").variable("A".repeat(129), "x").build(), "Stage.variables",
                "A".repeat(40) + "… (129 characters)", "1 to 128");
        expect(() -> Stage.command("Lint", "true").variable("A", "").build(), "Stage.variables.A", "", "non-empty");
        expect(() -> Stage.command("Lint", "true").variable("A", "a\0b").build(), "Stage.variables.A", "a\\0b", "NUL");
        expect(() -> Stage.command("Lint", "true").variable("A", "x".repeat(8193)).build(), "Stage.variables.A",
                "(8193 characters)", "at most 8192");
        assertThat(Stage.command("Lint", "true").variable("A", "x".repeat(8192)).build().variables().get("A")).hasSize(8192);
        expect(() -> Stage.command("Lint", "true").variable("proxy", "a").variable("PROXY", "b").build(),
                "Stage.variables", "PROXY", "ignoring case");
        Stage.Builder tooMany = Stage.command("Lint", "true");
        for (int i = 0; i <= 100; i++) {
            tooMany.variable("V" + i, "x");
        }
        expect(tooMany::build, "Stage.variables", "101 variables", "at most 100");

        for (String sdk : List.of("SAGEMAKER_PROJECT_NAME", "SAGEMAKER_PROJECT_ID", "ENDPOINT_NAME", "ENDPOINT_URL")) {
            expect(() -> Stage.command("Lint", "true").variable(sdk, "x").build(), "Stage.variables", sdk, "set by the SDK");
        }
        expect(() -> Stage.command("Lint", "true").variable("PATH", "/x").build(), "Stage.variables", "PATH", "full path");
        expect(() -> Stage.command("Lint", "true").variable("path", "/x").build(), "Stage.variables", "path", "not PATH");
        expect(() -> Stage.command("Lint", "true").variable("HOME", "/x").build(), "Stage.variables", "HOME", "private");
        expect(() -> Stage.command("Lint", "true").variable("TMPDIR", "/x").build(), "Stage.variables", "TMPDIR", "private");
        expect(() -> Stage.command("Lint", "true").variable("CODEBUILD_SRC_DIR", "/x").build(), "Stage.variables",
                "CODEBUILD_SRC_DIR", "CodeBuild reserves");
        expect(() -> Stage.command("Lint", "true").variable("MLOPS_HOME", "/x").build(), "Stage.variables", "MLOPS_HOME",
                "the SDK reserves");
        expect(() -> Stage.command("Lint", "true").variable("AWS_REGION", "eu-west-1").build(), "Stage.variables",
                "AWS_REGION", "region");
        assertThat(Stage.command("Lint", "true").variable("AWS_CA_BUNDLE", "/etc/ssl/corp.pem").build().variables())
                .as("a CA bundle is a setting, not a secret").containsKey("AWS_CA_BUNDLE");
    }

    @Test
    void secrets_areRefused_andAPasswordInAValueNeverReachesTheMessage() {
        for (String name : List.of("GITHUB_TOKEN", "DB_PASSWORD", "CLIENT_SECRET", "STRIPE_API_KEY", "AWS_SECRET_ACCESS_KEY",
                "AWS_ACCESS_KEY_ID", "AWS_SESSION_TOKEN", "token")) {
            assertThatThrownBy(() -> Stage.command("Lint", "true").variable(name, "x").build())
                    .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo("Stage.variables"))
                    .hasMessageContaining(name).hasMessageContaining("Secrets Manager");
        }
        assertThatThrownBy(() -> Stage.command("Lint", "true").variable("HTTPS_PROXY", "http://bob:hunter2@proxy:3128").build())
                .isInstanceOfSatisfying(ValidationException.class, e -> {
                    assertThat(e.field()).isEqualTo("Stage.variables.HTTPS_PROXY");
                    assertThat(e.context().toString()).doesNotContain("hunter2");
                })
                .hasMessageNotContaining("hunter2").hasMessageContaining("password");
        assertThat(Stage.command("Lint", "true").variable("HTTPS_PROXY", "http://proxy.internal:3128").build().variables())
                .as("a URL with a port but no password").hasSize(1);
    }

    @Test
    void onlyStagesThatRunACommand_takeVariables() {
        assertThatThrownBy(() -> Stage.of("DeployStaging", StageType.DEPLOY).environment("staging")
                .variable("HTTPS_PROXY", "http://proxy:3128").build())
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo("Stage.variables"))
                .hasMessageContaining("HTTPS_PROXY").hasMessageContaining("TEST or COMMAND").hasMessageContaining("DEPLOY");
        for (StageType t : List.of(StageType.SOURCE, StageType.ML_PIPELINE, StageType.DEPLOY_CONFIG, StageType.IMAGE_BUILD,
                StageType.MONITOR_CONFIG)) {
            assertThatThrownBy(() -> Stage.of("S", t).variable("A", "b").build()).isInstanceOf(ValidationException.class)
                    .hasMessageContaining(t.name());
        }
    }

    @Test
    void nulls_areValidationErrorsNamingTheField() {
        expect(() -> Stage.command("Lint", "true").variable(null, "x"), "Stage.variables", null, "variable name");
        expect(() -> Stage.command("Lint", "true").variable("A", null), "Stage.variables.A", null, "a value");
        Template t = Templates.modelBuildTrainDeploy();
        for (org.assertj.core.api.ThrowableAssert.ThrowingCallable call : List.<org.assertj.core.api.ThrowableAssert.ThrowingCallable>of(
                () -> t.withStageVariable(null, "A", "b"), () -> t.withStageVariable("TestStaging", null, "b"),
                () -> t.withStageVariable("TestStaging", "A", null))) {
            assertThatThrownBy(call).isInstanceOf(ValidationException.class);
        }
    }

    @Test
    void theTemplateSetsAVariableOnAStockStage_andTheCodecKeepsThem_inOrder() {
        Template t = Templates.modelBuildTrainDeploy()
                .withStageVariable("TestStaging", "HTTPS_PROXY", "http://proxy:3128")
                .withStageVariable("modeldeploy/TestStaging", "NO_PROXY", "localhost")
                .withStageAfter("TestStaging", Stage.command("LoadTest", "./load.sh").environment("staging")
                        .variable("RATE", "10 rps").variable("QUOTED", "it's \"${HOME}\" \\ \n ok").build());
        Stage test = stage(t, "TestStaging");
        assertThat(test.variables()).containsExactly(Map.entry("HTTPS_PROXY", "http://proxy:3128"),
                Map.entry("NO_PROXY", "localhost"));
        assertThat(test.command()).as("still the deploy repository's Java tests").isEmpty();

        String json = TemplateCodec.encode(t);
        Template back = TemplateCodec.decode(json);
        assertThat(back).isEqualTo(t);
        assertThat(stage(back, "TestStaging").variables().keySet()).containsExactly("HTTPS_PROXY", "NO_PROXY");
        assertThat(stage(back, "LoadTest").variables()).containsExactly(Map.entry("RATE", "10 rps"),
                Map.entry("QUOTED", "it's \"${HOME}\" \\ \n ok"));
        assertThat(TemplateCodec.encode(Templates.modelBuildTrainDeploy())).as("no field for a stage without variables")
                .doesNotContain("\"variables\"");

        assertThatThrownBy(() -> t.withStageVariable("DeployStaging", "A", "b")).isInstanceOf(ValidationException.class)
                .hasMessageContaining("TEST or COMMAND");
        assertThatThrownBy(() -> t.withStageVariable("NoSuchStage", "A", "b"))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo("Template.stage"));
        assertThatThrownBy(() -> t.withStageVariable("TestStaging", "ENDPOINT_URL", "b"))
                .isInstanceOf(ValidationException.class).hasMessageContaining("set by the SDK");
    }

    @Test
    void aTemplateStoredBeforeStagesHadVariables_stillDecodes() {
        // The shape TemplateCodec wrote before this field: stages carry no "variables".
        String stored = "{\"id\":\"old\",\"displayName\":\"Old\",\"repositories\":[{\"role\":\"app\",\"branch\":\"main\","
                + "\"seed\":{\"a.txt\":\"YQo=\"}}],\"pipelines\":[{\"role\":\"build\",\"sourceRepository\":\"app\","
                + "\"stages\":[{\"name\":\"Source\",\"type\":\"SOURCE\",\"command\":[]},{\"name\":\"Lint\","
                + "\"type\":\"COMMAND\",\"timeoutMillis\":60000,\"command\":[\"./lint.sh\"]}],\"triggers\":[]}],"
                + "\"environments\":[],\"parameters\":[],\"parameterValues\":{},\"capabilities\":[]}";
        Template old = TemplateCodec.decode(stored);
        Stage lint = old.pipeline("build").orElseThrow().stages().get(1);
        assertThat(lint.command()).containsExactly("./lint.sh");
        assertThat(lint.variables()).isEmpty();
        assertThat(TemplateCodec.decode(TemplateCodec.encode(old))).isEqualTo(old);
    }

    private static Stage stage(Template t, String name) {
        return t.pipelines().stream().flatMap(p -> p.stages().stream()).filter(s -> s.name().equals(name)).findFirst()
                .orElseThrow();
    }

    private static void expect(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String field, String value,
            String rule) {
        assertThatThrownBy(call).isInstanceOfSatisfying(ValidationException.class, e -> {
            assertThat(e.field()).isEqualTo(field);
            assertThat(e.context().get("value")).isEqualTo(String.valueOf(value));
            assertThat(e.rule()).contains(rule);
            assertThat(e.getMessage()).contains(field).contains(rule);
        });
    }
}
