package dev.mlops.local;

import static dev.mlops.local.Flows.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.Execution;
import dev.mlops.ExecutionStatus;
import dev.mlops.MlopsProjects;
import dev.mlops.Project;
import dev.mlops.StageExecution;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A disk that fills up fails the build with "no space left", naming where; it never hangs it InProgress. */
class DiskFullTest {
    @TempDir
    Path dir;

    private static int sh(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        return p.waitFor(30, TimeUnit.SECONDS) ? p.exitValue() : -1;
    }

    @Test
    void aFullDisk_failsTheBuildNamingTheSpace() throws Exception {
        Path home = Files.createDirectories(dir.resolve("small-home"));
        int mounted = sh("mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", home.toString());
        Assumptions.assumeTrue(mounted == 0, "mounting a 2 MB tmpfs was refused (needs root and CAP_SYS_ADMIN)");
        try {
            try (LocalBackend backend = LocalBackend.builder().home(home).build();
                 Project project = MlopsProjects.builder().name("full").backend(backend).create()) {
                // Before: the build hung InProgress with no error once the disk was full.
                Execution build = project.pipelines().build().awaitLatest(TIMEOUT);
                assertThat(build.status()).isEqualTo(ExecutionStatus.Failed);
                StageExecution failed = build.stages().stream().filter(s -> s.status() == ExecutionStatus.Failed)
                        .findFirst().orElseThrow();
                assertThat(failed.summary()).containsIgnoringCase("no space left").contains(home.toString());
            }
        } finally {
            sh("umount", "-l", home.toString());
        }
    }
}
