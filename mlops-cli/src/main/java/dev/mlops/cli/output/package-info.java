/**
 * What {@code mlops} prints: results for people or, with {@code --json}, one JSON document per command with stable
 * field names ({@link dev.mlops.cli.output.Output}), and the JSON shape of each SDK value
 * (one {@code *Views} class per concept).
 */
package dev.mlops.cli.output;
