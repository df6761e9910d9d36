package dev.mlops.jupyter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The base kernel is an optional dependency: everything but {@link MlopsDisplay} must load and work without it. The
 * test builds a class loader from this run's class path minus the base kernel's jar (parent: the platform loader, so
 * nothing leaks in from the application loader), initialises every class of the module in it, and renders views.
 */
class WithoutBaseKernelTest {
    private static final String KERNEL_CLASS = "io.github.spencerpark.jupyter.kernel.display.Renderer";

    @Test
    void viewsWorkWithoutTheBaseKernelOnTheClassPath() throws Exception {
        List<URL> urls = new ArrayList<>();
        Path classes = null;
        for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (e.contains("jupyter-jvm-basekernel")) {
                continue;
            }
            Path p = Path.of(e).toAbsolutePath();
            if (p.endsWith(Path.of("mlops-jupyter", "target", "classes"))) {
                classes = p;
            }
            urls.add(p.toUri().toURL());
        }
        assertThat(classes).as("mlops-jupyter's classes on the class path").isNotNull();
        try (URLClassLoader loader = new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader())) {
            assertThatThrownBy(() -> Class.forName(KERNEL_CLASS, false, loader)).isInstanceOf(ClassNotFoundException.class);

            List<String> loaded = new ArrayList<>();
            Path root = classes;
            try (Stream<Path> files = Files.walk(root)) {
                for (Path f : files.filter(x -> x.toString().endsWith(".class")).toList()) {
                    String name = root.relativize(f).toString().replace(File.separatorChar, '.').replaceAll("\\.class$", "");
                    if (name.equals(MlopsDisplay.class.getName())) {
                        continue;
                    }
                    Class<?> c = Class.forName(name, true, loader);
                    c.getDeclaredMethods();  // resolves every signature the class declares
                    loaded.add(name);
                }
            }
            assertThat(loaded).contains(MlopsViews.class.getName(), TableView.class.getName(), ChartView.class.getName(),
                    "dev.mlops.jupyter.internal.SvgChart");

            @SuppressWarnings("unchecked")
            Supplier<String> probe = (Supplier<String>) loader.loadClass(NoKernelProbe.class.getName())
                    .getConstructor().newInstance();
            String out = probe.get();
            assertThat(out).contains("[text/html, text/plain]", "Model versions of abalone-p-<group>&co");

            // The one class that needs the kernel says so when it is used without it.
            assertThatThrownBy(() -> Class.forName(MlopsDisplay.class.getName(), true, loader).getDeclaredMethods())
                    .isInstanceOf(NoClassDefFoundError.class).hasMessageContaining("spencerpark");
        }
    }
}
