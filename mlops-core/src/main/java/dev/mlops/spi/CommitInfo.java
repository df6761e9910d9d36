package dev.mlops.spi;

/**
 * A commit as a repository component reports it: what a pipeline run builds and what its source stage records.
 *
 * @param id the commit id (40 hex digits on git hosts)
 * @param message the commit message
 */
public record CommitInfo(String id, String message) {
}
