package dev.mlops.aws.internal.projects;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.aws.build.RunPipeline;
import dev.mlops.aws.internal.bundle.SdkBundle;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SDK bundle run the way a CodeBuild build runs it, {@code java -cp 'sdk/*' dev.mlops.aws.build.RunPipeline}, in
 * a JVM of its own with the bundle's jars only: SLF4J finds the bundle's provider, so the build log carries no
 * "SLF4J(W): No SLF4J providers were found" lines.
 */
class SdkBundleLoggingTest {

    @Test
    void theBundlesMain_runsWithALoggingProvider_andSlf4jSaysNothing(@TempDir Path dir) throws Exception {
        SdkBundle bundle = SdkBundle.current();
        assertThat(bundle.entries()).extracting(SdkBundle.Entry::name).contains("slf4j-simple-2.0.20.jar");
        Path sdk = Files.createDirectories(dir.resolve("sdk"));
        for (SdkBundle.Entry e : bundle.entries()) {
            // jars on disk are linked, class folders of the reactor build were jarred in memory
            if (e.file().isPresent()) {
                Files.createSymbolicLink(sdk.resolve(e.name()), e.file().get().toAbsolutePath());
            } else {
                Files.write(sdk.resolve(e.name()), e.bytes());
            }
        }
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", sdk + File.separator + "*",
                RunPipeline.class.getName(), "--repository", dir.toString(), "--project-name", "abalone",
                "--project-id", "p-0123456789ab", "--role-arn", "arn:aws:iam::123456789012:role/pipeline",
                "--bucket", "sagemaker-project-p-0123456789ab", "--region", "eu-west-1"));
        // no --sdk-image-uri: the main stops at its argument check, after its classes (and SLF4J) are initialised
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
        pb.environment().keySet().removeIf(k -> !k.equals("PATH"));
        pb.redirectOutput(dir.resolve("out.txt").toFile()).redirectError(dir.resolve("err.txt").toFile());
        Process p = pb.start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("the main returned").isTrue();
        String out = Files.readString(dir.resolve("out.txt"), StandardCharsets.UTF_8);
        String err = Files.readString(dir.resolve("err.txt"), StandardCharsets.UTF_8);

        assertThat(p.exitValue()).as("an argument error, stdout:%n%s%nstderr:%n%s", out, err).isNotZero();
        assertThat(out + err).contains("--sdk-image-uri");
        assertThat((out + err).lines()).as("stderr:%n%s", err).noneMatch(l -> l.contains("SLF4J"));
    }
}
