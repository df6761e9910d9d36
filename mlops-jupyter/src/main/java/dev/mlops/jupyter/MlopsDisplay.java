package dev.mlops.jupyter;

import dev.mlops.Environment;
import dev.mlops.Execution;
import dev.mlops.Gate;
import dev.mlops.ModelVersion;
import dev.mlops.ProjectStatus;
import dev.mlops.monitor.MonitoringExecution;
import dev.mlops.monitor.MonitoringReport;
import dev.mlops.monitor.MonitoringSchedule;
import dev.mlops.monitor.Violation;
import io.github.spencerpark.jupyter.kernel.display.DisplayData;
import io.github.spencerpark.jupyter.kernel.display.RenderContext;
import io.github.spencerpark.jupyter.kernel.display.Renderer;
import io.github.spencerpark.jupyter.kernel.display.mime.MIMEType;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;

/**
 * Registers renderers for the API's values and for {@link View}s with the Jupyter JVM base kernel's {@link Renderer}
 * (what IJava uses), so that a cell whose last expression is, say, {@code project.models().versions()} shows as a
 * table, and {@code display(MlopsViews.metricsChart(...))} as a chart:
 *
 * <pre>{@code
 * MlopsDisplay.register(getKernelInstance().getRenderer());   // in IJava, once per kernel
 * }</pre>
 *
 * <p>This is the only class that needs {@code io.github.spencerpark:jupyter-jvm-basekernel} (an optional dependency,
 * present in every kernel built on it); the views themselves do not.
 */
public final class MlopsDisplay {
    /** The API types a renderer is registered for (besides {@link View} and {@link Collection}). */
    private static final Class<?>[] API_TYPES = {ProjectStatus.class, Execution.class, ModelVersion.class, Gate.class,
        Environment.class, MonitoringSchedule.class, MonitoringExecution.class, MonitoringReport.class, Violation.class};

    private static final Map<String, MIMEType> MIME_TYPES = Map.of("text/html", MIMEType.TEXT_HTML, "image/svg+xml",
            MIMEType.IMAGE_SVG, "text/plain", MIMEType.TEXT_PLAIN);

    private MlopsDisplay() {
    }

    /**
     * Registers the renderers. Values that are not the API's (a list of strings, say) keep their plain-text display.
     * Registering twice with the same renderer renders each value twice into the same bundle, which the bundle keeps
     * once; there is no need to.
     *
     * @param renderer the kernel's renderer, in IJava {@code getKernelInstance().getRenderer()}
     */
    public static void register(Renderer renderer) {
        renderer.createRegistration(View.class).preferring(MIMEType.TEXT_HTML, MIMEType.IMAGE_SVG)
                .supporting(MIMEType.TEXT_HTML, MIMEType.IMAGE_SVG, MIMEType.TEXT_PLAIN).register(MlopsDisplay::render);
        for (Class<?> type : API_TYPES) {
            register(renderer, type);
        }
        register(renderer, Collection.class);
    }

    private static <T> void register(Renderer renderer, Class<T> type) {
        renderer.createRegistration(type).preferring(MIMEType.TEXT_HTML).supporting(MIMEType.TEXT_HTML, MIMEType.TEXT_PLAIN)
                .register(MlopsDisplay::render);
    }

    /**
     * The display data of a view: its MIME bundle ({@code text/plain} with {@code text/html} or {@code image/svg+xml}),
     * for {@code display(...)} in kernels that take {@link DisplayData} directly.
     *
     * @param view the view
     * @return the display data
     */
    public static DisplayData displayData(View view) {
        DisplayData data = new DisplayData();
        view.mimeBundle().forEach(data::putData);
        return data;
    }

    private static void render(Object value, RenderContext context) {
        Optional<View> view = MlopsViews.of(value);
        if (view.isEmpty()) {
            return;  // the renderer adds toString() as text/plain
        }
        DisplayData out = context.getOutputContainer();
        for (Map.Entry<String, String> e : view.get().mimeBundle().entrySet()) {
            // render(value, "text/plain") and the like ask for some types only
            if (context.wantsDataRenderedAs(MIME_TYPES.get(e.getKey()))) {
                out.putData(e.getKey(), e.getValue());
            }
        }
    }
}
