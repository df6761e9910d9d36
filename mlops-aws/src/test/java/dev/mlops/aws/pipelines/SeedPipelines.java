package dev.mlops.aws.pipelines;

import dev.mlops.pipeline.MlPipeline;
import dev.mlops.pipeline.PipelineFactory;
import dev.mlops.pipeline.PipelineSettings;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import javax.tools.ToolProvider;

/** The seed's real {@code AbalonePipeline}, compiled from mlops-core's seed resources as the build stage compiles it. */
final class SeedPipelines {
    static final String PROJECT = "abalone";
    static final String ID = "p-abc123def456";
    static final String NAME_ID = PROJECT + "-" + ID;

    private static PipelineFactory factory;

    private SeedPipelines() {
    }

    /** {@return the abalone pipeline as the factory builds it for a region ("" for the embedded backend)} */
    static MlPipeline abalone(String region) {
        return factory().create(new PipelineSettings(PROJECT, ID, NAME_ID, NAME_ID, NAME_ID,
                Map.of("sagemaker:project-name", PROJECT, "sagemaker:project-id", ID), region));
    }

    /** {@return the target the golden files are rendered for} */
    static PipelineTarget target(String region) {
        return PipelineTarget.builder().region(region)
                .roleArn("arn:aws:iam::123456789012:role/service-role/AmazonSageMakerServiceCatalogProductsExecutionRole")
                .defaultBucket("sagemaker-project-" + ID).baseJobPrefix(NAME_ID).modelPackageGroupName(NAME_ID)
                .codeUri("s3://sagemaker-project-" + ID + "/" + NAME_ID + "/code/model-build.jar")
                .sdkImageUri("123456789012.dkr.ecr." + region + ".amazonaws.com/mlops-sdk:0.1.0")
                .build();
    }

    private static synchronized PipelineFactory factory() {
        if (factory == null) {
            try {
                Path dir = Files.createTempDirectory("seed-abalone");
                Path src = Files.createDirectories(dir.resolve("src/pipelines/abalone")).resolve("AbalonePipeline.java");
                try (InputStream in = SeedPipelines.class.getClassLoader()
                        .getResourceAsStream("dev/mlops/seed/modelbuild/pipelines/abalone/AbalonePipeline.java")) {
                    Files.copy(in, src);
                }
                Path classes = Files.createDirectories(dir.resolve("classes"));
                int rc = ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d", classes.toString(), "-cp",
                        System.getProperty("java.class.path"), src.toString());
                if (rc != 0) {
                    throw new IllegalStateException("javac failed on the seed's AbalonePipeline.java: " + rc);
                }
                @SuppressWarnings("resource") // lives as long as the test JVM
                URLClassLoader loader = new URLClassLoader(new java.net.URL[] {classes.toUri().toURL()},
                        SeedPipelines.class.getClassLoader());
                factory = (PipelineFactory) loader.loadClass("pipelines.abalone.AbalonePipeline").getConstructor().newInstance();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
        return factory;
    }
}
