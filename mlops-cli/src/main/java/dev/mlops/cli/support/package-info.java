/**
 * What the commands share and picocli needs: duration and template converters, the error handlers that map
 * exceptions to {@link dev.mlops.cli.ExitCodes}, confirmation prompts, the invocation proxy of
 * {@code endpoints serve}, and the quickstart flow.
 */
package dev.mlops.cli.support;
