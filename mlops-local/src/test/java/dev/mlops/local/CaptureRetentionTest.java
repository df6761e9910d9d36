package dev.mlops.local;

import static dev.mlops.local.Flows.ROW;
import static dev.mlops.local.Flows.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.Endpoint;
import dev.mlops.ExecutionStatus;
import dev.mlops.MlopsProjects;
import dev.mlops.ModelVersion;
import dev.mlops.Project;
import dev.mlops.local.internal.MutableClock;
import dev.mlops.template.Templates;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 7, item 9: capture retention, by age and by size, in SageMaker's layout, with a fake clock. Staging keeps
 * the default (7 days, 1 GiB per endpoint): a week later its oldest hour is deleted and the next one kept. Prod's
 * deploy configuration caps its captures at 2000 bytes: the oldest files go first, the newest stay.
 */
class CaptureRetentionTest {
    private static final String PROD_CONFIG = "{\n  \"Parameters\": {\n    \"StageName\": \"prod\",\n"
            + "    \"EndpointInstanceCount\": \"1\",\n    \"SamplingPercentage\": \"100\",\n"
            + "    \"EnableDataCapture\": \"true\",\n    \"DataCaptureMaxBytes\": \"2000\"\n  }\n}\n";

    @TempDir
    Path home;

    @Test
    void oldHoursAndFilesOverTheSizeLimitAreDeletedOldestFirst_theRecentOnesKept() throws Exception {
        Instant t0 = Instant.parse("2026-03-02T10:05:00Z");
        MutableClock clock = new MutableClock(t0);
        try (LocalBackend backend = LocalBackend.builder().home(home).clock(clock).build();
             Project project = MlopsProjects.builder().name("retained").template(Templates.modelBuildTrainDeploy())
                     .backend(backend).create()) {
            project.repositories().named(Templates.MODEL_DEPLOY).commit("Cap prod's captures",
                    Map.of("prod-config.json", PROD_CONFIG));
            assertThat(project.pipelines().build().awaitLatest(TIMEOUT).status()).isEqualTo(ExecutionStatus.Succeeded);
            ModelVersion v1 = project.models().version(1).approve("good");
            project.environments().staging().awaitDeployed(v1, TIMEOUT);
            project.gates().awaitPending(v1, TIMEOUT).approve("staging fine");
            project.environments().prod().awaitDeployed(v1, TIMEOUT);
            Endpoint staging = project.environments().staging().endpoint();
            Endpoint prod = project.environments().prod().endpoint();
            Path stagingCaptures = home.resolve("projects/retained/datacapture/retained-staging/AllTraffic");
            Path prodCaptures = home.resolve("projects/retained/datacapture/retained-prod/AllTraffic");

            // staging: the hour 10:00 of March 2nd
            staging.invoke(ROW);
            staging.invoke(ROW);

            // prod: five files of two records (about 800 bytes each), a file per two minutes
            for (int i = 1; i <= 5; i++) {
                prod.invoke(ROW);
                prod.invoke(ROW);
                clock.advance(Duration.ofMinutes(2));
                String minute = String.format("%02d-", 5 + 2 * (i - 1));
                Flows.await("prod capture file " + minute, () -> completed(prodCaptures).stream()
                        .anyMatch(p -> p.getFileName().toString().startsWith(minute)));
            }
            Flows.await("prod's captures within 2000 bytes", () -> bytes(prodCaptures) <= 2000
                    && completed(prodCaptures).size() >= 2);
            List<Path> kept = completed(prodCaptures);
            assertThat(kept).as("the newest files are kept").hasSizeBetween(2, 4)
                    .allSatisfy(p -> assertThat(p.toString()).contains("/2026/03/02/10/"));
            assertThat(kept.get(kept.size() - 1).getFileName().toString()).as("the newest file").startsWith("13-");
            assertThat(kept).as("the oldest went first").noneMatch(p -> p.getFileName().toString().startsWith("05-"));

            // staging: the hour 12:00
            clock.set(Instant.parse("2026-03-02T12:05:00Z"));
            staging.invoke(ROW);
            clock.advance(Duration.ofMinutes(2));
            Flows.await("staging's 12:00 file", () -> completed(stagingCaptures).stream()
                    .anyMatch(p -> p.toString().contains("/2026/03/02/12/")));
            assertThat(completed(stagingCaptures)).anyMatch(p -> p.toString().contains("/2026/03/02/10/"));

            // a week and an hour later: the hour 10:00 is past the default 7 days, 12:00 is not
            clock.set(Instant.parse("2026-03-09T11:05:00Z"));
            Flows.await("staging's 10:00 hour to be deleted", () -> !Files.exists(stagingCaptures.resolve("2026/03/02/10")));
            assertThat(completed(stagingCaptures)).isNotEmpty()
                    .allSatisfy(p -> assertThat(p.toString()).contains("/2026/03/02/12/"));
        }
    }

    /** The completed capture files under a variant's directory, oldest first. */
    private static List<Path> completed(Path variantDir) {
        if (!Files.isDirectory(variantDir)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(variantDir)) {
            return walk.filter(p -> p.getFileName().toString().endsWith(".jsonl")
                    && !p.getFileName().toString().startsWith(".")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long bytes(Path variantDir) {
        return completed(variantDir).stream().mapToLong(p -> {
            try {
                return Files.size(p);
            } catch (IOException e) {
                return 0;
            }
        }).sum();
    }
}
