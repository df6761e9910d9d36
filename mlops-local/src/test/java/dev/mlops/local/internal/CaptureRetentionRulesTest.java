package dev.mlops.local.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.exception.MlopsClientException;
import dev.mlops.exception.ValidationException;
import dev.mlops.local.LocalBackend;
import dev.mlops.monitor.capture.CaptureRetention;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rules of capture retention (issue 7, item 9) on a crafted capture tree: whole files, oldest first across an
 * endpoint's variants, never a file still being written, nothing outside SageMaker's layout, and no directory a
 * writer may be about to use.
 */
class CaptureRetentionRulesTest {
    @TempDir
    Path root;

    private Path file(String relative, int bytes) throws Exception {
        Path f = root.resolve("proj-staging").resolve(relative);
        Files.createDirectories(f.getParent());
        Files.write(f, new byte[bytes]);
        return f;
    }

    @Test
    void byAge_wholeHoursGo_butNeverAnOpenFile_norAnythingOutsideTheLayout() throws Exception {
        Path old = file("AllTraffic/2026/03/01/08/10-00-000-a.jsonl", 100);
        Path open = file("AllTraffic/2026/03/01/08/.59-00-000-b.jsonl.tmp", 100);
        Path older = file("Canary/2026/03/01/07/00-00-000-c.jsonl", 100);
        Path notes = file("AllTraffic/2026/03/01/07/notes.txt", 10);
        Path recent = file("AllTraffic/2026/03/08/09/00-00-000-d.jsonl", 100);

        CaptureRetention.Result r = CaptureRetention.of(Duration.ofDays(7), 1 << 20)
                .apply(root.resolve("proj-staging"), Instant.parse("2026-03-08T10:30:00Z"));

        assertThat(r.filesDeleted()).isEqualTo(2);
        assertThat(old).doesNotExist();
        assertThat(older).doesNotExist();
        assertThat(root.resolve("proj-staging/Canary/2026/03/01")).as("an old day left empty is removed").doesNotExist();
        assertThat(root.resolve("proj-staging/Canary/2026/03")).as("its month has not ended").exists();
        assertThat(open).as("a file still being written").exists();
        assertThat(notes).as("not a capture file").exists();
        assertThat(recent).exists();
        assertThat(r.bytesKept()).isEqualTo(200);
    }

    @Test
    void bySize_theOldestFilesOfAllVariantsGoFirst_untilTheEndpointFits() throws Exception {
        Path a1 = file("AllTraffic/2026/03/08/07/00-00-000-a.jsonl", 400);
        Path b1 = file("Canary/2026/03/08/07/30-00-000-b.jsonl", 400);
        Path a2 = file("AllTraffic/2026/03/08/08/00-00-000-c.jsonl", 400);
        Path b2 = file("Canary/2026/03/08/09/00-00-000-d.jsonl", 400);
        Path open = file("AllTraffic/2026/03/08/07/.59-00-000-e.jsonl.tmp", 300);

        CaptureRetention.Result r = CaptureRetention.of(Duration.ofDays(7), 1000)
                .apply(root.resolve("proj-staging"), Instant.parse("2026-03-08T09:10:00Z"));

        assertThat(a1).doesNotExist();
        assertThat(b1).doesNotExist();
        assertThat(a2).doesNotExist();
        assertThat(b2).as("the newest").exists();
        assertThat(open).as("a file still being written, though oldest").exists();
        assertThat(r.bytesKept()).isEqualTo(700);
        assertThat(root.resolve("proj-staging/AllTraffic/2026/03/08/08"))
                .as("an empty hour within two hours of now stays for its writer").exists();
    }

    @Test
    void settingsAreValidated_andTheDeployConfigurationOverridesTheBackendsRule() throws Exception {
        assertThatThrownBy(() -> LocalBackend.builder().captureRetention(Duration.ofMinutes(5), 1))
                .isInstanceOf(ValidationException.class).hasMessageContaining("maxAge");
        assertThatThrownBy(() -> LocalBackend.builder().captureRetention(Duration.ofDays(1), 0))
                .isInstanceOf(ValidationException.class).hasMessageContaining("maxBytes");

        MutableClock clock = new MutableClock(Instant.parse("2026-03-08T10:30:00Z"));
        Path home = root.resolve("home");
        LocalContext ctx = new LocalContext(home, "tester", Duration.ofMillis(50), Duration.ofSeconds(3), Map.of(), clock,
                CaptureRetention.of(Duration.ofDays(30), 1 << 20));
        try (DataCapture capture = new DataCapture(ctx)) {
            assertThatThrownBy(() -> capture.configure("proj", "proj-prod", Map.of("DataCaptureMaxBytes", "-1")))
                    .isInstanceOf(MlopsClientException.class).hasMessageContaining("DataCaptureMaxBytes")
                    .hasMessageContaining("proj-prod");
            capture.configure("proj", "proj-prod", Map.of("EnableDataCapture", "false", "DataCaptureRetentionHours", "2"));
            Path day = capture.root("proj").resolve("proj-prod/AllTraffic/2026/03/08");
            Path old = day.resolve("07/00-00-000-a.jsonl");
            Files.createDirectories(old.getParent());
            Files.write(old, new byte[10]);
            Path other = capture.root("proj").resolve("proj-staging/AllTraffic/2026/03/08/07/00-00-000-b.jsonl");
            Files.createDirectories(other.getParent());
            Files.write(other, new byte[10]);

            capture.sweep(capture.root("proj"), "proj-prod", clock.instant());
            capture.sweep(capture.root("proj"), "proj-staging", clock.instant());
            assertThat(old).as("2 hours for proj-prod, from its deploy configuration").doesNotExist();
            assertThat(other).as("the backend's 30 days for the others").exists();
        } finally {
            ctx.close();
        }
    }
}
