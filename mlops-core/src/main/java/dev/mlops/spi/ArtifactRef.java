package dev.mlops.spi;

/**
 * A stored artifact.
 *
 * @param uri where it lives, e.g. {@code home:artifacts/sha256/ab/abcd…/model.tar.gz} (the embedded backend's,
 *        relative to its home; {@link ArtifactStore#fetch(String)} gives the file) or an {@code s3://} URL
 * @param sha256 the content's SHA-256 digest, hex
 * @param size its size in bytes
 */
public record ArtifactRef(String uri, String sha256, long size) {
}
