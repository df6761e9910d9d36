package dev.mlops.jupyter;

import java.util.function.Supplier;

/** Uses the views as an application without a Jupyter kernel would; {@link WithoutBaseKernelTest} loads it apart. */
public final class NoKernelProbe implements Supplier<String> {
    /** Creates the probe. */
    public NoKernelProbe() {
    }

    @Override
    public String get() {
        TableView table = MlopsViews.modelVersions(Fixtures.versions());
        ChartView chart = MlopsViews.metricsChart(Fixtures.versions());
        View found = MlopsViews.of(Fixtures.versions()).orElseThrow();
        return table.html().length() + " " + chart.svg().length() + " " + found.mimeBundle().keySet() + "\n"
                + MlopsViews.document("probe", table, chart).length() + "\n" + table;
    }
}
