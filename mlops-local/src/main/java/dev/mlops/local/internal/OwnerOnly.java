package dev.mlops.local.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;

/**
 * The embedded backend's umask: what it creates under the home is readable by its owner only, directories 0700
 * and files 0600 (0700 when the owner may execute them), on file systems with POSIX permissions; elsewhere
 * these helpers create files and directories as {@link Files} does. The home itself is 0700, so no other local
 * user can read captured payloads, models or the state store; an existing home is tightened when it is opened.
 */
final class OwnerOnly {
    /** {@code rwx------}. */
    static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwx------");
    /** {@code rw-------}. */
    static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> EXECUTABLE = DIRECTORY;
    private static final Set<PosixFilePermission> LOOSE = EnumSet.of(PosixFilePermission.GROUP_READ,
            PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_READ,
            PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    private OwnerOnly() {
    }

    /** @return whether the file system of a path has POSIX permissions */
    static boolean posix(Path p) {
        return p.getFileSystem().supportedFileAttributeViews().contains("posix");
    }

    /** The attributes of a new directory: 0700 on POSIX, none elsewhere. */
    private static FileAttribute<?>[] directoryAttributes(Path p) {
        return posix(p) ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(DIRECTORY)} : new FileAttribute<?>[0];
    }

    /** The attributes of a new file: 0600 on POSIX, none elsewhere. */
    static FileAttribute<?>[] fileAttributes(Path p) {
        return posix(p) ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(FILE)} : new FileAttribute<?>[0];
    }

    /**
     * Creates a directory and its missing parents, each 0700 (existing ones are left as they are).
     *
     * @param dir the directory
     * @return the directory
     * @throws IOException if it cannot be created
     */
    static Path createDirectories(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            return dir;
        }
        return Files.createDirectories(dir, directoryAttributes(dir));
    }

    /**
     * Opens a file for writing, created 0600 if it does not exist, truncated if it does (and then made 0600).
     *
     * @param file the file
     * @return the stream
     * @throws IOException if it cannot be opened
     */
    static OutputStream newOutputStream(Path file) throws IOException {
        boolean existed = Files.exists(file, LinkOption.NOFOLLOW_LINKS);
        OutputStream out = Channels.newOutputStream(Files.newByteChannel(file, EnumSet.of(StandardOpenOption.CREATE,
                StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING), fileAttributes(file)));
        if (existed) {
            restrict(file);
        }
        return out;
    }

    /**
     * Writes a text file 0600.
     *
     * @param file the file
     * @param text its content, UTF-8
     * @throws IOException if it cannot be written
     */
    static void writeString(Path file, String text) throws IOException {
        try (OutputStream out = newOutputStream(file)) {
            out.write(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
    }

    /**
     * Takes group and other permissions off one file or directory (a directory or an owner-executable file keeps
     * its owner's execute bit); a symbolic link is left alone.
     *
     * @param p the path
     * @throws IOException if its permissions cannot be changed
     */
    static void restrict(Path p) throws IOException {
        if (!posix(p) || Files.isSymbolicLink(p)) {
            return;
        }
        Set<PosixFilePermission> now;
        try {
            now = Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException gone) {
            return;
        }
        Set<PosixFilePermission> wanted = Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS) ? DIRECTORY
                : now.contains(PosixFilePermission.OWNER_EXECUTE) ? EXECUTABLE : FILE;
        if (!now.equals(wanted)) {
            try {
                Files.setPosixFilePermissions(p, wanted);
            } catch (NoSuchFileException gone) {
                // removed meanwhile: nothing to protect
            }
        }
    }

    /**
     * Restricts a whole tree to its owner (see {@link #restrict(Path)}), without following symbolic links.
     *
     * @param root the tree's root
     * @throws IOException if a permission cannot be changed
     */
    static void restrictTree(Path root) throws IOException {
        if (!posix(root) || !Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                    restrict(dir);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    if (attrs.isRegularFile() || attrs.isDirectory()) {
                        restrict(file);
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException exc) throws IOException {
                    if (exc instanceof NoSuchFileException) {
                        return FileVisitResult.CONTINUE;
                    }
                    throw exc;
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /**
     * Makes the home 0700, creating it if needed. A home whose group or others had any permission (every home
     * made before this rule: 0755, its files 0644) is tightened whole, once.
     *
     * @param home the home directory
     * @throws IOException if it cannot be created or tightened
     */
    static void secureHome(Path home) throws IOException {
        createDirectories(home);
        if (!posix(home)) {
            return;
        }
        Set<PosixFilePermission> now = Files.getPosixFilePermissions(home);
        if (now.equals(DIRECTORY)) {
            return;
        }
        boolean loose = now.stream().anyMatch(LOOSE::contains);
        Files.setPosixFilePermissions(home, DIRECTORY);
        if (loose) {
            restrictTree(home);
        }
    }
}
