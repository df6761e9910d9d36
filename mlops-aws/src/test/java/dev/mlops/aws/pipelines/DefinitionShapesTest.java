package dev.mlops.aws.pipelines;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.aws.fixtures.ModelValidator;
import dev.mlops.aws.fixtures.Violation;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every rendered definition is checked twice: each step's {@code Arguments}, with its expressions resolved as SageMaker
 * resolves them, against botocore's shapes of the API the step calls; and the whole definition against the published
 * pipeline definition JSON schema (aws-sagemaker-mlops/sagemaker-model-building-pipeline-definition-JSON-schema, which
 * has no licence file and so is not vendored: the test reads it from {@code -Dmlops.pipelineSchema=<file>} or from
 * where {@code fetch} mirrors that repository on the development machine, and is skipped, saying so, without it).
 */
class DefinitionShapesTest {
    private static final ModelValidator SAGEMAKER = ModelValidator.of("sagemaker");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path SCHEMA_MIRROR = Path.of(
            "/work/.mirror/aws-sagemaker-mlops+sagemaker-model-building-pipeline-definition-JSON-schema/repo");

    @Test
    void everyStepsArguments_areAValidRequestOfTheApiItCalls() throws Exception {
        int checked = 0;
        for (Map.Entry<String, String> d : RenderedDefinitions.all().entrySet()) {
            for (RenderedDefinitions.StepArguments s : RenderedDefinitions.resolvedSteps(d.getValue())) {
                ObjectNode request = s.arguments().deepCopy();
                String operation = switch (s.type()) {
                    case "Processing" -> {
                        request.put("ProcessingJobName", "pipelines-abc123-" + s.name());
                        yield "CreateProcessingJob";
                    }
                    case "Training" -> {
                        request.put("TrainingJobName", "pipelines-abc123-" + s.name());
                        yield "CreateTrainingJob";
                    }
                    case "RegisterModel" -> "CreateModelPackage";
                    default -> null;
                };
                if (operation == null) {
                    continue;
                }
                List<Violation> violations = SAGEMAKER.validateInput(operation, request);
                assertThat(violations).as(d.getKey() + "/" + s.name() + " as " + operation + ": " + request).isEmpty();
                checked++;
            }
        }
        assertThat(checked).as("steps checked").isEqualTo(4 + 5);
    }

    @Test
    void everyDefinition_passesThePublishedSchema_butWhereTheSchemaLagsTheSdk(@TempDir Path tmp) throws Exception {
        Path schema = schema(tmp);
        Assumptions.assumeTrue(schema != null, "the published pipeline definition schema is not available: pass"
                + " -Dmlops.pipelineSchema=<pipeline-definition.schema.json>");
        Path script = tmp.resolve("check_definition_schema.py");
        try (InputStream in = getClass().getResourceAsStream("check_definition_schema.py")) {
            Files.copy(in, script);
        }
        for (Map.Entry<String, String> d : RenderedDefinitions.all().entrySet()) {
            Path file = Files.writeString(tmp.resolve(d.getKey() + ".json"), d.getValue());
            Process p = new ProcessBuilder(System.getProperty("mlops.python", "python3"), script.toString(),
                    schema.toString(), file.toString()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(2, TimeUnit.MINUTES)).isTrue();
            assertThat(p.exitValue()).as(out).isZero();
            JsonNode result = JSON.readTree(out);
            assertThat(result.path("violations")).as(d.getKey() + ": " + result.path("violations")).isEmpty();
            List<String> tolerated = new ArrayList<>();
            result.path("tolerated").forEach(t -> tolerated.add(t.path("rule").asText()));
            assertThat(tolerated).allSatisfy(t -> assertThat(t).containsAnyOf("Std:Join", "Std:JsonGet", "AppManaged",
                    "PropertyFiles", "ModelApprovalStatus", "CustomerMetadataProperties", "ModelDataSource"));
        }
    }

    private static Path schema(Path tmp) throws Exception {
        String given = System.getProperty("mlops.pipelineSchema");
        if (given != null) {
            return Path.of(given);
        }
        if (!Files.isDirectory(SCHEMA_MIRROR)) {
            return null;
        }
        Process p = new ProcessBuilder("git", "--git-dir=" + SCHEMA_MIRROR, "show", "HEAD:schema/pipeline-definition.schema.json")
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        byte[] text = p.getInputStream().readAllBytes();
        return p.waitFor(1, TimeUnit.MINUTES) && p.exitValue() == 0 ? Files.write(tmp.resolve("schema.json"), text) : null;
    }
}
