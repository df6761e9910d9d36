/**
 * The {@code mlops} command line: {@link dev.mlops.cli.Mlops} is its entry point, {@link dev.mlops.cli.ExitCodes}
 * the exit codes scripts can rely on. The commands ({@code dev.mlops.cli.commands}) use only the SDK's public API.
 */
package dev.mlops.cli;
