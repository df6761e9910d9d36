package dev.mlops.jupyter.notebook;

import static dev.mlops.jupyter.notebook.Bundles.series;
import static dev.mlops.jupyter.notebook.Bundles.svg;
import static dev.mlops.jupyter.notebook.Bundles.table;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.jupyter.notebook.Bundles.Table;
import dev.mlops.jupyter.notebook.NotebookKernel.CellOutput;
import io.github.spencerpark.jupyter.kernel.display.DisplayData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs every code cell of every notebook in {@code examples/notebooks} through JShell as IJava would (see
 * {@link NotebookKernel}), on the embedded backend in a temporary home, and checks each cell's output: no exception or
 * compile error, nothing on stderr (no SLF4J warning), the expected stdout, and the MIME bundles its displays and its
 * value produced (tables' headings and cells in {@code text/html}; {@code image/svg+xml} that parses, with the expected
 * series). Every code cell needs an expectation here, so a new cell cannot go unchecked. The notebooks with the outputs
 * of the run are written to {@code target/notebooks/}.
 */
class NotebookTest {
    static final Path NOTEBOOKS = Path.of("..", "examples", "notebooks").toAbsolutePath().normalize();
    private static final Map<String, Integer> CELLS_RUN = new TreeMap<>();

    @TempDir
    Path home;

    @Test
    void quickstart() throws Exception {
        run("quickstart.ipynb", List.of(
                quiet(),                                     // %maven
                result(d -> {                                // create: project.status()
                    Table pipelines = table(d, "Pipelines");
                    assertThat(pipelines.headers()).containsExactly("pipeline", "latest execution", "status", "current stage");
                    assertThat(pipelines.column("pipeline")).contains("modelbuild", "modeldeploy");
                    assertThat(table(d, "Environments").column("environment")).containsExactly("staging", "prod");
                }),
                result(d -> {                                // build
                    assertThat(table(d, "Pipeline executions").column("status")).containsExactly("Succeeded");
                    Table stages = table(d, "Stages of");
                    assertThat(stages.headers()).containsExactly("stage", "type", "status", "started", "took", "summary");
                    assertThat(stages.column("status")).containsOnly("Succeeded");
                }),
                result(d -> {                                // versions
                    Table v = table(d, "Model versions");
                    assertThat(v.headers()).startsWith("version", "status").contains("mse", "source commit");
                    assertThat(v.column("version")).containsExactly("1");
                    assertThat(v.column("status")).containsExactly("PendingManualApproval");
                    assertThat(Double.parseDouble(v.column("mse").get(0))).isBetween(0.0, 6.0);
                }),
                result(d -> {                                // approve, staging, gates
                    Table g = table(d, "Gates");
                    assertThat(g.column("status")).containsExactly("Pending");
                    assertThat(g.column("model version")).containsExactly("1");
                }),
                result(d -> {                                // gate approved, prod: environments
                    Table e = table(d, "Environments");
                    assertThat(e.column("environment")).containsExactly("staging", "prod");
                    assertThat(e.column("model version")).containsExactly("1", "1");
                    assertThat(e.column("url")).allMatch(u -> u.startsWith("http://127.0.0.1:"));
                }),
                stdout("(?s)\\d+(\\.\\d+)?\\R\\d+(\\.\\d+)?\\R"),   // invoke
                displaysThenResult(List.of(d -> {            // retrain: versions, then the chart
                    Table v = table(d, "Model versions");
                    assertThat(v.column("version")).containsExactlyInAnyOrder("1", "2");
                    assertThat(v.column("status")).containsExactlyInAnyOrder("Approved", "PendingManualApproval");
                }), d -> {
                    String svg = svg(d);
                    assertThat(series(svg)).containsExactly("mse", "mse.standard_deviation");
                    assertThat(Bundles.points(svg, "mse")).isEqualTo(2);
                    assertThat(svg).contains(">v1<", ">v2<", "Metrics by model version");
                    assertThat(Bundles.html(d)).as("the chart's text/html holds the same SVG").contains(svg);
                }),
                result(d -> {                                // status
                    Table m = table(d, "Models");
                    assertThat(m.column("which")).containsExactly("latest", "approved");
                    assertThat(m.column("version")).containsExactly("2", "1");
                    assertThat(table(d, "Environments").column("endpoint status")).containsOnly("InService");
                }),
                quiet()));                                   // close
    }

    @Test
    void monitoring() throws Exception {
        run("monitoring.ipynb", List.of(
                quiet(),                                     // %maven
                quiet(),                                     // create
                result(d -> assertThat(table(d, "Gates").column("status")).containsOnly("Approved")),
                result(d -> assertThat(table(d, "Monitoring schedules").column("type")).contains("DataQuality")),
                result(d -> {                                // normal traffic, first run
                    Table t = table(d, "Monitoring executions");
                    assertThat(t.column("status")).containsExactly("Completed");
                    // prod captures a sample of 80 % of requests (SamplingPercentage in the seed's prod-config.json)
                    assertThat(Integer.parseInt(t.column("rows").get(0))).isBetween(300, 500);
                    assertThat(t.column("violations")).containsExactly("0");
                }),
                result(d -> {                                // shifted traffic, two more runs
                    Table t = table(d, "Monitoring executions");
                    assertThat(t.rows()).hasSize(3);
                    assertThat(t.column("status")).contains("CompletedWithViolations");
                }),
                result(d -> {                                // the last report's violations
                    Table v = table(d, "Violations of");
                    assertThat(v.headers()).containsExactly("feature", "check", "description");
                    assertThat(v.column("check")).contains("baseline_drift_check");
                    // the capture has no header: _c0 is the prediction, _c1 sex, _c2 length, _c3 diameter
                    assertThat(v.column("feature")).contains("_c1", "_c2", "_c3");
                }),
                result(d -> {                                // the drift chart
                    String svg = svg(d);
                    assertThat(series(svg)).contains("_c1", "_c2", "_c3");
                    // no drift in the first run (normal traffic), drift in the two runs with shifted traffic
                    assertThat(Bundles.points(svg, "_c2")).isEqualTo(2);
                    assertThat(svg).contains("threshold", "Drift by monitoring run");
                }),
                quiet()));                                   // close
    }

    @AfterAll
    static void everyCodeCellRan() throws Exception {
        Map<String, Integer> inFiles = new TreeMap<>();
        try (Stream<Path> files = Files.list(NOTEBOOKS)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".ipynb")).toList()) {
                inFiles.put(f.getFileName().toString(), Notebook.read(f).codeCells().size());
            }
        }
        assertThat(CELLS_RUN).as("code cells run, per notebook, against the code cells in " + NOTEBOOKS).isEqualTo(inFiles);
    }

    /** What one cell must produce. */
    interface Expectation {
        void check(CellOutput out);
    }

    static Expectation quiet() {
        return out -> {
            assertThat(out.stdout()).as("stdout").isEmpty();
            assertThat(out.displays()).as("displays").isEmpty();
            assertThat(out.result()).as("value").isEmpty();
        };
    }

    static Expectation result(Consumer<DisplayData> check) {
        return out -> {
            assertThat(out.stdout()).as("stdout").isEmpty();
            assertThat(out.displays()).as("displays").isEmpty();
            assertThat(out.result()).as("value").isPresent();
            check.accept(out.result().get());
        };
    }

    static Expectation stdout(String regex) {
        return out -> {
            assertThat(out.stdout()).as("stdout").matches(regex);
            assertThat(out.displays()).as("displays").isEmpty();
            assertThat(out.result()).as("value").isEmpty();
        };
    }

    static Expectation displaysThenResult(List<Consumer<DisplayData>> checks, Consumer<DisplayData> result) {
        return out -> {
            assertThat(out.stdout()).as("stdout").isEmpty();
            assertThat(out.result()).as("value").isPresent();
            result.accept(out.result().get());
            assertThat(out.displays()).as("displays").hasSize(checks.size());
            for (int i = 0; i < checks.size(); i++) {
                checks.get(i).accept(out.displays().get(i));
            }
        };
    }

    /** After a failed cell, runs the notebook's last cell (which closes the project and backend) so the home can go. */
    private static void closeProject(NotebookKernel kernel, Notebook nb, int failed) {
        int last = nb.codeCells().size() - 1;
        if (failed < last && nb.codeCells().get(last).contains("close()")) {
            try {
                kernel.run(last, nb.codeCells().get(last));
            } catch (AssertionError ignored) {
                // the failure being reported matters more
            }
        }
    }

    private void run(String name, List<Expectation> expectations) throws Exception {
        Notebook nb = Notebook.read(NOTEBOOKS.resolve(name));
        assertThat(expectations).as("an expectation per code cell of " + name).hasSize(nb.codeCells().size());
        String before = System.getProperty("mlops.home");
        System.setProperty("mlops.home", home.resolve(name.replace(".ipynb", "")).toString());
        List<String> transcript = new ArrayList<>();
        List<CellOutput> outputs = new ArrayList<>();
        try (NotebookKernel kernel = new NotebookKernel(BuildClassPath.current(), NOTEBOOKS)) {
            for (int i = 0; i < nb.codeCells().size(); i++) {
                CellOutput out;
                try {
                    out = kernel.run(i, nb.codeCells().get(i));
                } catch (AssertionError e) {
                    closeProject(kernel, nb, i);
                    throw e;
                }
                transcript.add("cell " + i + ": stdout=" + out.stdout() + " displays=" + out.displays().size()
                        + " value=" + out.result().map(Bundles::text).orElse("-"));
                try {
                    assertThat(out.stderr()).as("stderr").isEmpty();
                    expectations.get(i).check(out);
                } catch (AssertionError e) {
                    closeProject(kernel, nb, i);
                    throw new AssertionError(name + " cell " + i + ":\n" + nb.codeCells().get(i) + "\n--- "
                            + e.getMessage() + "\n--- transcript:\n" + String.join("\n", transcript), e);
                }
                outputs.add(out);
                synchronized (CELLS_RUN) {
                    CELLS_RUN.merge(name, 1, Integer::sum);
                }
            }
            ExecutedNotebook.write(nb.file(), outputs, Path.of("target", "notebooks"));
        } finally {
            if (before == null) {
                System.clearProperty("mlops.home");
            } else {
                System.setProperty("mlops.home", before);
            }
        }
    }
}
