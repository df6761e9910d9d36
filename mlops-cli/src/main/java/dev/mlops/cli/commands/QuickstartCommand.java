package dev.mlops.cli.commands;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.Project;
import dev.mlops.cli.ExitCodes;
import dev.mlops.cli.output.Json;
import dev.mlops.cli.support.DurationConverter;
import dev.mlops.cli.support.QuickstartFlow;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code mlops quickstart}: the whole path, build to prod, in one command. */
@Command(name = "quickstart", header = "Build, train, approve and deploy a model through staging to prod, end to end.",
        description = {"Creates the project from the \"model building, training, and deployment\" template (or"
                + " reattaches to it), lets its build pipeline train and register an XGBoost model, approves the"
                + " version, waits for staging and its endpoint tests, approves the manual gate, waits for prod, sends"
                + " ten abalone rows to prod and prints a summary with timings. Run it again: a new version goes the"
                + " same way. On the embedded backend it takes a few seconds.",
            "JSON: {project, id, backend, buildExecution, modelVersion, mse, endpoint, url, predictions[{row, rings,"
                    + " predicted}], phases{name: millis}, totalMillis}."},
        footerHeading = "%nExamples:%n", footer = {"  mlops quickstart", "  mlops quickstart -p demo --home /tmp/mlops-demo"})
public final class QuickstartCommand extends ProjectCommand {
    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "5m", converter = DurationConverter.class,
            description = "How long each wait may take (default: ${DEFAULT-VALUE}); exit 6 when one runs out.")
    Duration timeout;

    /** Creates the command (picocli does). */
    public QuickstartCommand() {
    }

    @Override
    protected int run() {
        long t0 = System.nanoTime();
        progress().phase("create or reattach " + projectName(), -1);
        Project p = closeLater(builder().template(connection().template(projectName())).create());
        QuickstartFlow flow = new QuickstartFlow(p, progress(), timeout);
        flow.timed("create or reattach", (System.nanoTime() - t0) / 1_000_000);
        output().note("Project %s (%s) on the %s backend", p.name(), p.id(), p.backend());
        QuickstartFlow.Result r = flow.run();
        long total = (System.nanoTime() - t0) / 1_000_000;
        var prod = p.environments().prod();
        String url = prod.endpoint().url().toString();
        ObjectNode json = Json.object().put("project", p.name()).put("id", p.id()).put("backend", p.backend())
                .put("buildExecution", r.build().id()).put("modelVersion", r.version().version());
        Double mse = r.version().metrics().get("mse");
        if (mse == null) {
            json.putNull("mse");
        } else {
            json.put("mse", mse);
        }
        json.put("endpoint", prod.endpointName()).put("url", url);
        ArrayNode preds = json.putArray("predictions");
        for (int i = 0; i < r.rows().size(); i++) {
            String[] row = r.rows().get(i);
            preds.addObject().put("row", String.join(",", java.util.Arrays.copyOf(row, 8)))
                    .put("rings", Double.parseDouble(row[8].trim())).put("predicted", r.predictions().get(i));
        }
        ObjectNode phases = json.putObject("phases");
        r.phases().forEach(phases::put);
        json.put("totalMillis", total);
        output().result(json, out -> print(out, p, r, prod.endpointName(), url, mse, total));
        output().note("The project stays; run again for a new version, or serve prod: mlops endpoints serve prod -p %s"
                + "%s --port 8080", p.name(), backendArguments());
        return ExitCodes.OK;
    }

    private static void print(PrintStream out, Project p, QuickstartFlow.Result r, String endpoint, String url, Double mse,
            long total) {
        out.printf("Model version %d of %s (mse %s) serves in prod: %s at %s%n", r.version().version(), p.models().group(),
                mse == null ? "?" : String.format(Locale.ROOT, "%.3f", mse), endpoint, url);
        out.println("  sex length diameter height whole   shucked viscera shell  | rings  predicted");
        for (int i = 0; i < r.rows().size(); i++) {
            String[] x = r.rows().get(i);
            out.printf(Locale.ROOT, "  %-3s %-6s %-8s %-6s %-7s %-7s %-7s %-6s | %-6s %.2f%n", x[0], x[1], x[2], x[3], x[4],
                    x[5], x[6], x[7], x[8], r.predictions().get(i));
        }
        out.println("Summary");
        r.phases().forEach((k, v) -> out.printf(Locale.ROOT, "  %-40s %7.2f s%n", k, v / 1000.0));
        out.printf(Locale.ROOT, "  %-40s %7.2f s%n", "total", total / 1000.0);
    }
}
