package dev.mlops.aws.internal.monitors;

import dev.mlops.exception.MlopsException;
import java.nio.file.Path;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;

/**
 * The main the model-monitor seed's {@code buildspec.yml} runs in CodeBuild
 * ({@code java -cp 'sdk/*' dev.mlops.aws.internal.monitors.GetBaselinesAndConfigs}): {@link MonitorExport} over the
 * current directory (the checked-out repository) into it, with the build's credentials. It exits 0 when the
 * files are written, 2 with the error's message for a bad configuration or a missing baseline or endpoint.
 */
public final class GetBaselinesAndConfigs {
    private GetBaselinesAndConfigs() {
    }

    /**
     * Runs the export.
     *
     * @param args optional: the source directory and the output directory (both default to the current directory)
     * @throws Exception when writing fails
     */
    public static void main(String[] args) throws Exception {
        Path source = Path.of(args.length > 0 ? args[0] : ".");
        Path out = Path.of(args.length > 1 ? args[1] : ".");
        String region = System.getenv("AWS_REGION");
        // the jar carries two HTTP clients (URL connection and Apache): name one, or the SDK refuses to choose
        try (SageMakerClient sm = SageMakerClient.builder().region(Region.of(region == null ? "us-east-1" : region))
                .httpClient(UrlConnectionHttpClient.create()).build()) {
            new MonitorExport(sm, System.getenv(), System.out::println).run(source, out);
        } catch (MlopsException e) {
            System.err.println("GetBaselinesAndConfigs failed: " + e.getMessage());
            System.exit(2);
        }
    }
}
