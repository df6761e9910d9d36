package dev.mlops.cli.commands;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.cli.ExitCodes;
import dev.mlops.cli.output.Json;
import dev.mlops.cli.output.Table;
import dev.mlops.monitor.dataquality.Baseline;
import dev.mlops.monitor.dataquality.DataQuality;
import dev.mlops.monitor.dataquality.DataQualityOptions;
import dev.mlops.monitor.dataquality.FeatureStatistics;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code mlops monitors baseline}: suggests a data-quality baseline from a dataset, offline. */
@Command(name = "baseline", header = "Suggest a data-quality baseline from a CSV or JSON Lines file (offline).",
        description = {"Profiles the dataset as Model Monitor's baselining job does and writes its statistics.json and"
                + " constraints.json (the suggested constraints) to a folder, in Model Monitor's format, ready for a"
                + " schedule's baseline or for review. CSV has a header row unless --no-header (then columns are"
                + " _c0, _c1, …). Needs no project or backend.",
            "JSON: {dataset, out, items, files[], features[{name, inferredType, completeness}]}."},
        footerHeading = "%nExamples:%n", footer = {"  mlops monitors baseline train.csv --out baseline/",
            "  mlops monitors baseline abalone.csv --no-header --out baseline/ --threads 2"})
public final class MonitorsBaselineCommand extends CommandBase {
    @Parameters(index = "0", paramLabel = "DATASET", description = "The training data: a .csv, or .jsonl/.json lines.")
    Path dataset;

    @Option(names = {"-o", "--out"}, paramLabel = "DIR", required = true,
            description = "The folder to write statistics.json and constraints.json to (created if missing).")
    Path out;

    @Option(names = "--no-header", negatable = false, description = "The CSV has no header row.")
    boolean noHeader;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "AUTO",
            description = "AUTO (from the extension), CSV or JSON_LINES (default: ${DEFAULT-VALUE}).")
    DataQualityOptions.Format format;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "1",
            description = "Threads reading the file, 1 to 256 (default: ${DEFAULT-VALUE}: Model Monitor's results bit"
                    + " for bit).")
    int threads;

    /** Creates the command (picocli does). */
    public MonitorsBaselineCommand() {
    }

    @Override
    protected int run() {
        if (!Files.isRegularFile(dataset)) {
            throw usage("DATASET " + dataset + " is not a file");
        }
        DataQualityOptions options = DataQualityOptions.builder().header(!noHeader).format(format).threads(threads).build();
        progress().phase("profile " + dataset.getFileName(), -1);
        Baseline baseline = DataQuality.suggestBaseline(dataset, options);
        baseline.writeTo(out);
        ObjectNode json = Json.object().put("dataset", dataset.toString()).put("out", out.toString())
                .put("items", baseline.statistics().itemCount());
        ArrayNode files = json.putArray("files");
        files.add(out.resolve("statistics.json").toString()).add(out.resolve("constraints.json").toString());
        ArrayNode features = json.putArray("features");
        Table t = Table.of("  FEATURE", "TYPE", "COMPLETENESS");
        for (FeatureStatistics f : baseline.statistics().features()) {
            features.addObject().put("name", f.name()).put("inferredType", f.inferredType().name())
                    .put("completeness", f.completeness());
            t.row("  " + f.name(), f.inferredType(), f.completeness());
        }
        output().result(json, o -> {
            o.printf("Baseline of %s (%d rows) written to %s: statistics.json, constraints.json%n", dataset,
                    baseline.statistics().itemCount(), out);
            t.print(o, "  (no features)");
        });
        return ExitCodes.OK;
    }
}
