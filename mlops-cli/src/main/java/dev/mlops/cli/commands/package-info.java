/**
 * The commands of {@code mlops}, one class each: {@link dev.mlops.cli.commands.MlopsCommand} is the top, with the
 * global options; every project command extends {@link dev.mlops.cli.commands.ProjectCommand}.
 */
package dev.mlops.cli.commands;
