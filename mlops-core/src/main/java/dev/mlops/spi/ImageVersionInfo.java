package dev.mlops.spi;

import java.time.Instant;

/**
 * One version of a project's image.
 *
 * @param image the image's name (the role of its repository)
 * @param version the version number, from 1
 * @param arn the version's identifier, e.g. {@code arn:mlops:local:image-version/abalone-p-1/training-imagebuild/2}
 * @param contextDigest the digest of the build context it was built from, {@code sha256:<hex>}
 * @param imageDigest the built image's manifest digest, or its image id when the builder reports no digest
 * @param location where the image is: an OCI tarball's path, a local engine's tag, or a registry URI
 * @param builtWith what built it: {@code jib}, {@code docker} or {@code codebuild}
 * @param sourceCommit the commit the context came from
 * @param createdAt when it was registered
 */
public record ImageVersionInfo(String image, int version, String arn, String contextDigest, String imageDigest,
        String location, String builtWith, String sourceCommit, Instant createdAt) {
}
