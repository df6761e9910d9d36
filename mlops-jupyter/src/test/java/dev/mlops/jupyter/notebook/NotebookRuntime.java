package dev.mlops.jupyter.notebook;

import io.github.spencerpark.jupyter.kernel.display.DisplayData;
import io.github.spencerpark.jupyter.kernel.display.Renderer;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * What IJava puts in scope of every cell, as static imports ({@code io.github.spencerpark.ijava.runtime.Display.*}
 * and {@code Kernel.*}): {@code display(...)}, {@code render(...)} and {@code getKernelInstance()}. Same signatures and
 * behaviour, with the kernel's messages replaced by a list the test reads: IJava's {@code display} renders through the
 * kernel's base-kernel {@link Renderer}, sets a display id and sends the bundle; here it records the bundle.
 */
public final class NotebookRuntime {
    private static Kernel kernel;

    private NotebookRuntime() {
    }

    /** The kernel, as IJava's {@code Kernel.getKernelInstance()} returns its {@code JavaKernel}. */
    public static final class Kernel {
        private final Renderer renderer = new Renderer();
        private final List<DisplayData> displayed = new ArrayList<>();

        /**
         * The renderer that turns cell values and {@code display} arguments into MIME bundles.
         *
         * @return the renderer
         */
        public Renderer getRenderer() {
            return renderer;
        }

        synchronized List<DisplayData> drainDisplayed() {
            List<DisplayData> out = List.copyOf(displayed);
            displayed.clear();
            return out;
        }

        synchronized void display(DisplayData data) {
            displayed.add(data);
        }
    }

    static synchronized Kernel start() {
        kernel = new Kernel();
        return kernel;
    }

    static synchronized void stop() {
        kernel = null;
    }

    /**
     * The running kernel.
     *
     * @return the kernel, or {@code null} outside a notebook run
     */
    public static synchronized Kernel getKernelInstance() {
        return kernel;
    }

    /**
     * Renders a value as the kernel would show it.
     *
     * @param o the value
     * @return its MIME bundle
     */
    public static DisplayData render(Object o) {
        return require().getRenderer().render(o);
    }

    /**
     * Renders a value restricted to MIME types.
     *
     * @param o the value
     * @param as the MIME types
     * @return its MIME bundle
     */
    public static DisplayData render(Object o, String... as) {
        return require().getRenderer().renderAs(o, as);
    }

    /**
     * Shows a value in the cell's output, before the cell's own value.
     *
     * @param o the value
     * @return the display's id
     */
    public static String display(Object o) {
        return send(require().getRenderer().render(o));
    }

    /**
     * Shows a value restricted to MIME types.
     *
     * @param o the value
     * @param as the MIME types
     * @return the display's id
     */
    public static String display(Object o, String... as) {
        return send(require().getRenderer().renderAs(o, as));
    }

    private static String send(DisplayData data) {
        if (data.getDisplayId() == null) {
            data.setDisplayId(UUID.randomUUID().toString());
        }
        require().display(data);
        return data.getDisplayId();
    }

    private static Kernel require() {
        Kernel k = getKernelInstance();
        if (k == null) {
            throw new IllegalStateException("No notebook kernel running");
        }
        return k;
    }
}
