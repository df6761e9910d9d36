/**
 * Progress a person can watch while the {@code mlops} command line waits: {@link dev.mlops.cli.progress.ProgressDisplay}
 * draws a project's listener events as a live bar on a terminal, plain lines into a file when asked, and nothing
 * otherwise.
 */
package dev.mlops.cli.progress;
