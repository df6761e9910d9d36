package dev.mlops.local.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The build context's digest: the files' paths and contents only, the same as the CodeBuild build spec's. */
class ContextDigestTest {
    @TempDir
    Path dir;

    @Test
    void sameFiles_inAnyOrder_withOtherTimes_giveTheSameDigest_andGitIsLeftOut() throws Exception {
        Path a = dir.resolve("a");
        Path b = dir.resolve("b");
        write(a, "Dockerfile", "FROM scratch\n");
        write(a, "src/image/Main.java", "class Main {}\n");
        write(a, "README.md", "hi\n");
        write(b, "README.md", "hi\n");
        write(b, "src/image/Main.java", "class Main {}\n");
        write(b, "Dockerfile", "FROM scratch\n");
        write(b, ".git/HEAD", "ref: refs/heads/main\n");
        Files.setLastModifiedTime(b.resolve("README.md"), FileTime.from(1, TimeUnit.DAYS));

        assertThat(ContextDigest.of(a)).matches("sha256:[0-9a-f]{64}").isEqualTo(ContextDigest.of(b));
        assertThat(ContextDigest.of(a)).isEqualTo(ContextDigest.of(a));

        write(b, "README.md", "hi!\n");
        assertThat(ContextDigest.of(b)).isNotEqualTo(ContextDigest.of(a));
        write(b, "README.md", "hi\n");
        Files.move(b.resolve("src/image/Main.java"), b.resolve("src/image/Other.java"));
        assertThat(ContextDigest.of(b)).as("a renamed file is another context").isNotEqualTo(ContextDigest.of(a));
    }

    @Test
    void equalsWhatTheBuildSpecComputesWithFindSortAndSha256sum() throws Exception {
        write(dir, "Dockerfile", "FROM scratch\n");
        write(dir, "src/image/Main.java", "class Main {}\n");
        write(dir, "b-file", "x");
        write(dir, "B-file", "y");
        write(dir, ".git/config", "[core]\n");
        Process p = new ProcessBuilder("sh", "-c", "find . -type f ! -path './.git/*' -print0 | LC_ALL=C sort -z"
                + " | xargs -0 sha256sum | sha256sum | cut -c1-64").directory(dir.toFile()).redirectErrorStream(true).start();
        String shell = new String(p.getInputStream().readAllBytes()).strip();
        assertThat(p.waitFor()).isZero();

        assertThat(ContextDigest.of(dir)).isEqualTo("sha256:" + shell);
    }

    private static void write(Path root, String rel, String text) throws Exception {
        Path f = root.resolve(rel);
        Files.createDirectories(f.getParent());
        Files.writeString(f, text);
    }
}
