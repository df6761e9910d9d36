package dev.mlops.local.internal;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.LinkOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A class-data-sharing archive for the child JVMs, made on this machine from the classes the first child loads,
 * so that the next children map the SDK, Jackson and XGBoost's classes instead of loading and verifying them.
 *
 * <p>The archive lives in {@code <java.io.tmpdir>/mlops-child-cds-<user>/}, keyed by the JVM, the child's flags and
 * its library jars (path, size, time), so that a new JDK or a rebuilt jar makes a new one. The first child started
 * without an archive records its class list; once it exited, a {@code java -Xshare:dump} of that list (without
 * lambda proxies, which this JDK's dump does not survive) is made in the background. A missing, stale or
 * unusable archive is ignored by the child JVM, which then loads its classes as without it. The child's own
 * classes (its sandbox's {@code runtime} directory, last on its class path) are never archived.
 */
final class ChildCds {
    private static final Duration STALE = Duration.ofMinutes(10);
    private static final int KEEP = 3;

    private final Path dir;
    private final String key;
    private final List<String> jars;

    private ChildCds(Path dir, String key, List<String> jars) {
        this.dir = dir;
        this.key = key;
        this.jars = List.copyOf(jars);
    }

    /**
     * The archive of children on these jars, or null if there is no place for it.
     *
     * @param jars the child's library jars, in class-path order
     * @param flags the child's JVM flags
     * @return the archive's handle, or null when the libraries are not all jars
     */
    static ChildCds of(List<String> jars, List<String> flags) {
        if (jars.isEmpty() || !jars.stream().allMatch(j -> j.endsWith(".jar") && Files.isRegularFile(Path.of(j)))) {
            return null; // a classes directory (a build's target/classes) cannot be archived
        }
        try {
            Path dir = Path.of(System.getProperty("java.io.tmpdir"), "mlops-child-cds-"
                    + System.getProperty("user.name", "user").replaceAll("[^A-Za-z0-9._-]", "_"));
            if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
                try {
                    Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
                } catch (UnsupportedOperationException e) {
                    Files.createDirectory(dir);
                } catch (FileAlreadyExistsException e) {
                    // made by another process
                }
            }
            if (!ownedByUs(dir)) {
                return null; // an archive someone else can write would run their code in the child
            }
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update((System.getProperty("java.home") + "|" + System.getProperty("java.vm.version") + "|" + flags)
                    .getBytes(StandardCharsets.UTF_8));
            for (String j : jars) {
                File f = new File(j);
                md.update((j + "|" + f.length() + "|" + f.lastModified() + "\n").getBytes(StandardCharsets.UTF_8));
            }
            return new ChildCds(dir, HexFormat.of().formatHex(md.digest()).substring(0, 24), jars);
        } catch (IOException | RuntimeException | NoSuchAlgorithmException e) {
            return null;
        }
    }

    private static boolean ownedByUs(Path dir) throws IOException {
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        if (!FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            return true;
        }
        PosixFileAttributes a = Files.readAttributes(dir, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        String me = System.getProperty("user.name");
        return a.owner().getName().equals(me) && a.permissions().equals(PosixFilePermissions.fromString("rwx------"));
    }

    private Path archive() {
        return dir.resolve(key + ".jsa");
    }

    private Path marker() {
        return dir.resolve(key + ".dumping");
    }

    /**
     * The flags that give a child the archive; or, if there is none and no other child is recording one, the
     * flags that make this child record its class list (then {@link #recording} names the list).
     *
     * @param recording receives the class list this child records, if it records one
     * @return the flags
     */
    List<String> flags(Path[] recording) {
        List<String> out = new ArrayList<>();
        out.add("-Xlog:cds=off");
        adoptFinishedDump();
        if (Files.isRegularFile(archive())) {
            out.add("-XX:SharedArchiveFile=" + archive());
            return out;
        }
        try {
            Path m = marker();
            if (Files.exists(m) && Files.getLastModifiedTime(m).toInstant().isBefore(Instant.now().minus(STALE))) {
                Files.deleteIfExists(m); // a recording or a dump that never ended
            }
            Files.createFile(m);
        } catch (IOException | RuntimeException e) {
            return out; // another child records it, or it is being dumped
        }
        Path list = dir.resolve(key + "." + ProcessHandle.current().pid() + ".classlist");
        recording[0] = list;
        out.add("-XX:DumpLoadedClassList=" + list);
        return out;
    }

    /**
     * Takes the archive of a dump whose leader exited before it ended: the marker names the dump's process and
     * its output; once that process is gone, its output is the archive (a truncated one is refused by the JVM
     * that maps it, and then ignored).
     */
    private void adoptFinishedDump() {
        try {
            Path m = marker();
            if (Files.isRegularFile(archive()) || !Files.isRegularFile(m)) {
                return;
            }
            String[] words = Files.readString(m, StandardCharsets.UTF_8).strip().split(" ", 2);
            if (words.length < 2) {
                return; // a child still records its class list
            }
            long pid = Long.parseLong(words[0]);
            Path tmp = Path.of(words[1]);
            if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                return;
            }
            if (Files.isRegularFile(tmp) && Files.size(tmp) > 0) {
                Files.move(tmp, archive(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            }
            Files.deleteIfExists(m);
            try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, key + ".*.{classlist,filtered}")) {
                for (Path f : files) {
                    Files.deleteIfExists(f); // the class list of that dump
                }
            }
        } catch (IOException | RuntimeException e) {
            // no archive this time
        }
    }

    /**
     * Dumps the archive from a class list that a child recorded, once that child exited; on the calling
     * (background) thread.
     *
     * @param list the class list
     * @param flags the child's JVM flags
     */
    void dump(Path list, List<String> flags) {
        Path filtered = dir.resolve(key + "." + ProcessHandle.current().pid() + ".filtered");
        Path tmp = dir.resolve(key + ".jsa.tmp-" + ProcessHandle.current().pid() + "-" + System.nanoTime());
        boolean done = false;
        try {
            List<String> keep = new ArrayList<>();
            for (String line : Files.readAllLines(list, StandardCharsets.UTF_8)) {
                if (!line.isBlank() && !line.startsWith("#") && !line.contains("@")) {
                    keep.add(line);
                }
            }
            if (keep.isEmpty()) {
                return;
            }
            Files.write(filtered, keep, StandardCharsets.UTF_8);
            List<String> cmd = new ArrayList<>();
            cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            for (String f : flags) {
                if (!f.startsWith("-Xshare") && !f.startsWith("-XX:+ExitOnOutOfMemoryError")) {
                    cmd.add(f);
                }
            }
            cmd.add("-Xshare:dump");
            cmd.add("-Xlog:cds=off");
            cmd.add("-XX:SharedClassListFile=" + filtered);
            cmd.add("-XX:SharedArchiveFile=" + tmp);
            cmd.add("-cp");
            cmd.add(String.join(File.pathSeparator, jars));
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            // If this JVM exits first, the dump goes on, and the next child's start takes its output.
            Files.writeString(marker(), p.pid() + " " + tmp, StandardCharsets.UTF_8);
            done = true;
            if (p.waitFor(2, TimeUnit.MINUTES) && p.exitValue() == 0 && Files.isRegularFile(tmp)) {
                Files.move(tmp, archive(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } else {
                p.destroyForcibly();
            }
            Files.deleteIfExists(marker());
        } catch (IOException | RuntimeException e) {
            // no archive: the children load their classes as before
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            List<Path> leftovers = new ArrayList<>(List.of(list, filtered));
            if (!done) {
                leftovers.add(marker()); // no dump runs: the next child may record again
            }
            for (Path p : leftovers) {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    // left in the temporary directory
                }
            }
            cleanStale();
        }
    }

    /**
     * Deletes what dumps by exited processes left behind, and all but the {@value #KEEP} newest archives (each
     * rebuild of the jars makes a new one).
     */
    private void cleanStale() {
        List<Path> archives = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            FileTime before = FileTime.from(Instant.now().minus(STALE));
            for (Path f : files) {
                String n = f.getFileName().toString();
                if ((n.contains(".jsa.tmp-") || n.endsWith(".classlist") || n.endsWith(".filtered"))
                        && Files.getLastModifiedTime(f).compareTo(before) < 0) {
                    Files.deleteIfExists(f);
                } else if (n.endsWith(".jsa")) {
                    archives.add(f);
                }
            }
            archives.sort(java.util.Comparator.comparing((Path f) -> {
                try {
                    return Files.getLastModifiedTime(f);
                } catch (IOException e) {
                    return FileTime.fromMillis(0);
                }
            }).reversed());
            for (Path f : archives.subList(Math.min(KEEP, archives.size()), archives.size())) {
                if (!f.equals(archive())) {
                    Files.deleteIfExists(f);
                }
            }
        } catch (IOException | RuntimeException e) {
            // left in the temporary directory
        }
    }
}
