package dev.mlops.aws.build;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.mlops.aws.cfn.CloudFormationRenderer;
import dev.mlops.aws.cfn.internal.PipelineRenderer;
import dev.mlops.template.Templates;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * The seeds' build specs parse as YAML, reference only environment variables that the rendered CodeBuild project
 * (or its pipeline action, the build spec itself, or CodeBuild) defines, verify the SDK bundle before they run a
 * main, and pass each main only options it takes.
 */
class BuildSpecTest {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{?([A-Za-z_][A-Za-z0-9_]*)");
    private static final Pattern OPTION = Pattern.compile("(?<=\\s)--([a-z][a-z-]*)");
    /** Variables CodeBuild sets in every build. */
    private static final Set<String> CODEBUILD = Set.of("CODEBUILD_SRC_DIR", "CODEBUILD_BUILD_ID",
            "CODEBUILD_RESOLVED_SOURCE_VERSION", "HOME", "PATH");

    static JsonNode buildSpec(String path) throws Exception {
        try (InputStream in = BuildSpecTest.class.getClassLoader().getResourceAsStream("dev/mlops/seed/" + path)) {
            assertThat(in).as(path).isNotNull();
            return YAML.readTree(in);
        }
    }

    private static JsonNode stack() throws Exception {
        return JSON.readTree(new CloudFormationRenderer().render(Templates.modelBuildTrainDeploy(), "abalone")
                .projectStackJson());
    }

    /** The project whose Source.BuildSpec is this file, and what its pipeline action gives it. */
    private static Set<String> defined(JsonNode stack, String buildSpecName, JsonNode spec) throws Exception {
        Set<String> out = new TreeSet<>(CODEBUILD);
        String projectId = null;
        for (Map.Entry<String, JsonNode> r : iterable(stack.get("Resources"))) {
            if (r.getValue().path("Type").asText().equals("AWS::CodeBuild::Project")
                    && r.getValue().at("/Properties/Source/BuildSpec").asText().equals(buildSpecName)) {
                projectId = r.getKey();
                r.getValue().at("/Properties/Environment/EnvironmentVariables").forEach(v -> out.add(v.get("Name").asText()));
            }
        }
        assertThat(projectId).as("a rendered CodeBuild project runs " + buildSpecName).isNotNull();
        for (Map.Entry<String, JsonNode> r : iterable(stack.get("Resources"))) {
            for (JsonNode stage : r.getValue().at("/Properties/Stages")) {
                for (JsonNode action : stage.get("Actions")) {
                    if (!projectId.equals(action.at("/Configuration/ProjectName/Ref").asText())) {
                        continue;
                    }
                    String vars = action.at("/Configuration/EnvironmentVariables").asText("");
                    if (!vars.isEmpty()) {
                        JSON.readTree(vars).forEach(v -> out.add(v.get("name").asText()));
                    }
                    String primary = action.at("/Configuration/PrimarySource").asText("");
                    for (JsonNode in : action.path("InputArtifacts")) {
                        if (!in.get("Name").asText().equals(primary)) {
                            out.add("CODEBUILD_SRC_DIR_" + in.get("Name").asText());
                        }
                    }
                }
            }
        }
        iterable(spec.at("/env/variables")).forEach(e -> out.add(e.getKey()));
        return out;
    }

    private static List<String> strings(JsonNode n) {
        List<String> out = new ArrayList<>();
        if (n.isTextual()) {
            out.add(n.asText());
        }
        n.forEach(c -> out.addAll(strings(c)));
        return out;
    }

    private static Iterable<Map.Entry<String, JsonNode>> iterable(JsonNode n) {
        List<Map.Entry<String, JsonNode>> out = new ArrayList<>();
        n.fields().forEachRemaining(out::add);
        return out;
    }

    @ParameterizedTest
    @CsvSource({"modelbuild/codebuild-buildspec.yml, codebuild-buildspec.yml, dev.mlops.aws.build.RunPipeline",
            "modeldeploy/buildspec.yml, buildspec.yml, dev.mlops.aws.build.BuildDeployment",
            "modeldeploy/test/buildspec.yml, test/buildspec.yml, dev.mlops.aws.build.TestEndpoint"})
    void buildSpecs_referenceOnlyDefinedVariables_verifyTheBundle_andRunTheirMain(String seed, String name, String main)
            throws Exception {
        JsonNode spec = buildSpec(seed);
        assertThat(spec.get("version").asText()).isEqualTo("0.2");
        assertThat(spec.at("/phases/install/runtime-versions/java").asText()).isEqualTo("corretto17");
        Set<String> defined = defined(stack(), name, spec);
        Set<String> used = new TreeSet<>();
        for (String s : strings(spec.get("phases"))) {
            Matcher m = VARIABLE.matcher(s);
            while (m.find()) {
                used.add(m.group(1));
            }
        }
        for (String s : strings(spec.path("artifacts"))) {
            Matcher m = VARIABLE.matcher(s);
            while (m.find()) {
                used.add(m.group(1));
            }
        }
        assertThat(defined).as("variables the project, its action, the build spec or CodeBuild define")
                .containsAll(used);
        assertThat(used).contains("MLOPS_SDK_BUNDLE", "MLOPS_SDK_DIGEST");

        List<String> install = strings(spec.at("/phases/install/commands"));
        assertThat(String.join("\n", install)).contains("sha256sum --check --strict").contains("$MLOPS_SDK_DIGEST");
        String run = strings(spec.at("/phases/build/commands")).get(0);
        assertThat(run).startsWith("java -cp \"$MLOPS_SDK_DIR/*\" " + main + " ");
        Class<?> c = Class.forName(main);
        assertThat(c.getMethod("main", String[].class)).isNotNull();
        @SuppressWarnings("unchecked")
        Set<String> options = (Set<String>) c.getDeclaredField("OPTIONS").get(null);
        Matcher m = OPTION.matcher(run);
        List<String> passed = new ArrayList<>();
        while (m.find()) {
            passed.add(m.group(1));
        }
        assertThat(passed).isNotEmpty();
        assertThat(options).containsAll(passed);
    }

    @Test
    void theMonitorBuildSpec_verifiesTheSameBundle_andRunsGetBaselinesAndConfigs() throws Exception {
        JsonNode spec = buildSpec("modelmonitor/buildspec.yml");
        JsonNode build = buildSpec("modelbuild/codebuild-buildspec.yml");
        // one install phase for every seed: the same sync and the same checks
        assertThat(spec.at("/phases/install")).isEqualTo(build.at("/phases/install"));
        assertThat(spec.at("/env")).isEqualTo(build.at("/env"));
        JsonNode stack = JSON.readTree(new CloudFormationRenderer().render(Templates.modelBuildTrainDeployMonitor(),
                "abalone").projectStackJson());
        JsonNode project = stack.at("/Resources/GetBaselinesAndConfigs");
        assertThat(project.at("/Properties/Source/BuildSpec").asText()).isEqualTo("buildspec.yml");
        Set<String> defined = new TreeSet<>(CODEBUILD);
        project.at("/Properties/Environment/EnvironmentVariables").forEach(v -> defined.add(v.get("Name").asText()));
        iterable(spec.at("/env/variables")).forEach(e -> defined.add(e.getKey()));
        Set<String> used = new TreeSet<>();
        for (String s : strings(spec.get("phases"))) {
            Matcher m = VARIABLE.matcher(s);
            while (m.find()) {
                used.add(m.group(1));
            }
        }
        for (String s : strings(spec.path("artifacts"))) {
            Matcher m = VARIABLE.matcher(s);
            while (m.find()) {
                used.add(m.group(1));
            }
        }
        assertThat(used).contains("MLOPS_SDK_BUNDLE", "MLOPS_SDK_DIGEST", "EXPORT_TEMPLATE_NAME");
        assertThat(defined).as("variables GetBaselinesAndConfigs's project or CodeBuild define").containsAll(used);
        String run = strings(spec.at("/phases/build/commands")).get(0);
        assertThat(run).startsWith("java -cp \"$MLOPS_SDK_DIR/*\" "
                + dev.mlops.aws.internal.monitors.GetBaselinesAndConfigs.class.getName() + " ");
        assertThat(String.join("\n", strings(spec))).doesNotContain("mlops-sdk/lib");
    }

    @Test
    void theDeployBuild_exportsTheModelPackageVariable_andTheFilesTheDeployActionsRead() throws Exception {
        JsonNode spec = buildSpec("modeldeploy/buildspec.yml");
        assertThat(strings(spec.at("/env/exported-variables"))).containsExactly(PipelineRenderer.MODEL_PACKAGE_VARIABLE);
        List<String> files = strings(spec.at("/artifacts/files"));
        assertThat(files).contains("$EXPORT_TEMPLATE_NAME");
        JsonNode stack = stack();
        List<String> configs = new ArrayList<>();
        for (Map.Entry<String, JsonNode> r : iterable(stack.get("Resources"))) {
            for (JsonNode stage : r.getValue().at("/Properties/Stages")) {
                for (JsonNode action : stage.get("Actions")) {
                    String config = action.at("/Configuration/TemplateConfiguration").asText("");
                    if (!config.isEmpty()) {
                        configs.add(config.substring(config.indexOf("::") + 2));
                    }
                }
            }
        }
        assertThat(configs).containsExactlyInAnyOrder("staging-config-export.json", "prod-config-export.json");
        String glob = files.stream().filter(f -> f.contains("*")).findFirst().orElseThrow();
        Pattern asRegex = Pattern.compile(glob.replace(".", "\\.").replace("*", "[^/]*"));
        assertThat(configs).allMatch(f -> asRegex.matcher(f).matches());
    }

    @Test
    void theTestBuild_writesTheResultsItsProjectNames() throws Exception {
        JsonNode spec = buildSpec("modeldeploy/test/buildspec.yml");
        assertThat(strings(spec.at("/artifacts/files"))).containsExactly("$EXPORT_TEST_RESULTS");
    }
}
