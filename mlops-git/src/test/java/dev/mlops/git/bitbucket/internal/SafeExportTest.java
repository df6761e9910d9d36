package dev.mlops.git.bitbucket.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.exception.MlopsBackendException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A host serving a path that would leave the export directory gets nothing written. */
class SafeExportTest {
    @Test
    void aPathLeavingTheTarget_isRefused_beforeAnythingIsWritten(@TempDir Path dir) throws Exception {
        Path target = Files.createDirectory(dir.resolve("out"));
        for (String bad : new String[] {"../escape.txt", "/etc/passwd", "a/../../b", ".git/config", "a\\b", "a//b"}) {
            Map<String, byte[]> files = new LinkedHashMap<>();
            files.put("ok.txt", new byte[] {1});
            files.put(bad, new byte[] {2});
            assertThatThrownBy(() -> SafeExport.write("test host", files, target)).as(bad)
                    .isInstanceOf(MlopsBackendException.class).hasMessageContaining("outside the export directory");
            try (var list = Files.list(target)) {
                assertThat(list).as("nothing written for %s", bad).isEmpty();
            }
        }
        assertThat(Files.exists(dir.resolve("escape.txt"))).isFalse();
        SafeExport.write("test host", Map.of("a/b/c.txt", "c".getBytes()), target);
        assertThat(Files.readString(target.resolve("a/b/c.txt"))).isEqualTo("c");
    }
}
