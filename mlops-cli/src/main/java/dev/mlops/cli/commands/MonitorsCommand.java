package dev.mlops.cli.commands;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code mlops monitors}: Model Monitor schedules, baselines, runs and reports. */
@Command(name = "monitors", header = "Suggest baselines, run monitoring schedules and read their reports.",
        description = {"Schedules come from the project's monitor pipeline (template"
                + " model-building-training-deployment-monitoring): data quality, model quality, bias drift and feature"
                + " attribution drift per environment, named <endpoint>-<type>, e.g. abalone-prod-data-quality.",
            "'baseline' works offline on a CSV or JSON Lines file and needs no project."},
        subcommands = {MonitorsListCommand.class, MonitorsBaselineCommand.class, MonitorsCheckCommand.class,
            MonitorsReportsCommand.class})
public final class MonitorsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    /** Creates the command (picocli does). */
    public MonitorsCommand() {
    }

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "monitors needs a subcommand: list, baseline, check or reports");
    }
}
