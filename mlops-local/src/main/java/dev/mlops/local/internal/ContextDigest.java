package dev.mlops.local.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * The digest of an image's build context, its version key: SHA-256 over one line {@code <sha256 of the file>  ./<path>}
 * per regular file, sorted by the path's UTF-8 bytes, {@code .git} left out. It depends on the files' paths and
 * contents only, never on their order on disk, their times or their permissions, and it is what
 * {@code find . -type f ! -path './.git/*' -print0 | LC_ALL=C sort -z | xargs -0 sha256sum | sha256sum} prints, so
 * the seed's CodeBuild build spec tags images by the same digest.
 */
final class ContextDigest {
    private ContextDigest() {
    }

    /**
     * Digests a build context.
     *
     * @param context the folder
     * @return {@code sha256:<64 hex digits>}
     */
    static String of(Path context) {
        List<String> paths = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(context)) {
            walk.filter(Files::isRegularFile).forEach(p -> {
                String rel = context.relativize(p).toString().replace(java.io.File.separatorChar, '/');
                if (!rel.equals(".git") && !rel.startsWith(".git/")) {
                    paths.add(rel);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read build context " + context, e);
        }
        paths.sort((a, b) -> Arrays.compareUnsigned(bytes("./" + a), bytes("./" + b)));
        MessageDigest all = sha256();
        for (String rel : paths) {
            String line = hex(file(context.resolve(rel))) + "  ./" + rel + "\n";
            all.update(line.getBytes(StandardCharsets.UTF_8));
        }
        return "sha256:" + HexFormat.of().formatHex(all.digest());
    }

    private static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] file(Path p) {
        MessageDigest d = sha256();
        byte[] buf = new byte[64 * 1024];
        try (InputStream in = Files.newInputStream(p)) {
            for (int n; (n = in.read(buf)) > 0; ) {
                d.update(buf, 0, n);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + p, e);
        }
        return d.digest();
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this runtime", e);
        }
    }
}
