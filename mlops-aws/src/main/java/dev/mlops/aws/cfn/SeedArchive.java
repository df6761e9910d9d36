package dev.mlops.aws.cfn;

import dev.mlops.MlopsStyle;
import dev.mlops.template.SeedCode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDateTime;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.immutables.value.Value;

/**
 * Where the project stack expects one repository's seed code: a zip at {@link #key()} in the bucket named by
 * the stack parameter {@link #BUCKET_PARAMETER}, which CodeCommit unpacks into the repository's first commit
 * on {@link #branch()} ({@code AWS::CodeCommit::Repository Code.S3}). The provisioner uploads
 * {@link #zip()} there before it creates the stack.
 *
 * <p>The key is derived from the seed's {@link SeedCode#digest() digest}, so equal seeds share one object and
 * a changed seed gets a new key.
 */
@Value.Immutable
@MlopsStyle
public abstract class SeedArchive {
    /** The project stack parameter that names the bucket holding the seed archives. */
    public static final String BUCKET_PARAMETER = "SeedCodeBucket";

    /** Zip's first day, as a local DOS time: no time zone enters the bytes. */
    private static final LocalDateTime EPOCH = LocalDateTime.of(1980, 1, 1, 0, 0);

    /**
     * The role of the repository it seeds, e.g. {@code modelbuild}.
     *
     * @return the role
     */
    public abstract String repositoryRole();

    /**
     * The branch the first commit goes to.
     *
     * @return e.g. {@code main}
     */
    public abstract String branch();

    /**
     * The S3 key, e.g. {@code mlops-seedcode/model-building-training/modelbuild/3f2a….zip}.
     *
     * @return the key
     */
    public abstract String key();

    /**
     * The files the archive holds.
     *
     * @return the seed
     */
    public abstract SeedCode seed();

    /**
     * The archive's bytes: one entry per seed file, in path order, with a fixed time stamp and no time zone, so
     * the same seed always gives the same bytes.
     *
     * @return a zip
     */
    public byte[] zip() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (Map.Entry<String, byte[]> file : seed().files().entrySet()) {
                ZipEntry entry = new ZipEntry(file.getKey());
                entry.setTimeLocal(EPOCH);
                zip.putNextEntry(entry);
                zip.write(file.getValue());
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("zipping seed code in memory failed", e);
        }
        return bytes.toByteArray();
    }

    /**
     * The archive for a repository.
     *
     * @param templateId the template's id
     * @param repositoryRole the repository's role
     * @param branch the branch it seeds
     * @param seed the seed code
     * @return the archive, with its key derived from the seed's digest
     */
    public static SeedArchive of(String templateId, String repositoryRole, String branch, SeedCode seed) {
        String key = "mlops-seedcode/" + templateId + "/" + repositoryRole + "/" + seed.digest().substring(0, 16) + ".zip";
        return ImmutableSeedArchive.builder().repositoryRole(repositoryRole).branch(branch).key(key).seed(seed).build();
    }
}
