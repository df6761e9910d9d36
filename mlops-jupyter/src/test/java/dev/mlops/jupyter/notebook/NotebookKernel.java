package dev.mlops.jupyter.notebook;

import io.github.spencerpark.jupyter.kernel.display.DisplayData;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import jdk.jshell.Diag;
import jdk.jshell.EvalException;
import jdk.jshell.JShell;
import jdk.jshell.JShellException;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.UnresolvedReferenceException;

/**
 * Runs notebook cells the way IJava does: a {@link JShell} whose snippets run in this JVM, IJava's start-up imports
 * and its {@code display}/{@code render}/{@code getKernelInstance} helpers in scope, line magics taken out of the
 * source before JShell sees it, each cell split into snippets with JShell's own source analysis, and the value of the
 * cell's last expression rendered through the base kernel's renderer. {@code %maven} and {@code %jars} add entries of
 * the build's class path instead of downloading: a coordinate the build does not hold fails the cell.
 */
final class NotebookKernel implements AutoCloseable {
    /** IJava's ijava-jshell-init.jshell, with its runtime classes replaced by {@link NotebookRuntime}. */
    private static final String STARTUP = String.join("\n",
            "import java.util.*;", "import java.io.*;", "import java.math.*;", "import java.net.*;",
            "import java.util.concurrent.*;", "import java.util.prefs.*;", "import java.util.regex.*;",
            "import static " + NotebookRuntime.class.getName() + ".*;",
            "public void printf(String format, Object... args) { System.out.printf(format, args); }");
    private static final Pattern LINE_MAGIC = Pattern.compile("^\\s*%(\\w+)(.*)$", Pattern.MULTILINE);

    private final BuildClassPath build;
    private final Path notebookDir;
    private final ResultKeepingExecutionControl.Provider provider = new ResultKeepingExecutionControl.Provider();
    private final JShell shell;
    private final NotebookRuntime.Kernel kernel;
    private final Set<Path> added = new LinkedHashSet<>();
    private boolean dependenciesAdded;

    /** What a cell produced. */
    record CellOutput(int index, String source, List<DisplayData> displays, Optional<DisplayData> result, String stdout,
            String stderr) {
    }

    /** A cell that did not compile, threw, or was incomplete. */
    static final class CellFailure extends AssertionError {
        private static final long serialVersionUID = 1L;

        CellFailure(String message, Throwable cause) {
            super(message, cause);
        }
    }

    NotebookKernel(BuildClassPath build, Path notebookDir) throws Exception {
        this.build = build;
        this.notebookDir = notebookDir;
        ClassLoader before = Thread.currentThread().getContextClassLoader();
        try {
            this.shell = JShell.builder().executionEngine(provider, Map.of()).build();
        } finally {
            Thread.currentThread().setContextClassLoader(before);
        }
        // The kernel's own classes are on its class path, as IJava's jar is: the helpers and the base kernel.
        addEntry(build.entryHolding(NotebookRuntime.class).orElseThrow());
        addEntry(build.entryHolding(DisplayData.class).orElseThrow());
        this.kernel = NotebookRuntime.start();
        for (SourceCodeAnalysis.CompletionInfo info = shell.sourceCodeAnalysis().analyzeCompletion(STARTUP);
                info.completeness().isComplete(); info = shell.sourceCodeAnalysis().analyzeCompletion(info.remaining())) {
            for (SnippetEvent e : shell.eval(info.source())) {
                if (!e.status().isDefined()) {
                    throw new IllegalStateException("start-up snippet rejected: " + info.source() + diagnostics(e.snippet()));
                }
            }
        }
    }

    CellOutput run(int index, String source) {
        kernel.drainDisplayed();
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        Object value;
        try {
            System.setOut(new PrintStream(stdout, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(stderr, true, StandardCharsets.UTF_8));
            value = eval(index, runMagics(index, source));
        } finally {
            System.out.flush();
            System.err.flush();
            System.setOut(out);
            System.setErr(err);
        }
        Optional<DisplayData> result = Optional.ofNullable(value)
                .map(v -> v instanceof DisplayData d ? d : kernel.getRenderer().render(v));
        return new CellOutput(index, source, kernel.drainDisplayed(), result, stdout.toString(StandardCharsets.UTF_8),
                stderr.toString(StandardCharsets.UTF_8));
    }

    /** Runs the cell's line magics (IJava's {@code %name args} lines) and returns the source without them. */
    private String runMagics(int index, String source) {
        if (source.stripLeading().startsWith("%%")) {
            throw new CellFailure("cell " + index + ": cell magics are not supported by this test: " + source.lines().findFirst().orElse(""), null);
        }
        Matcher m = LINE_MAGIC.matcher(source);
        StringBuilder rest = new StringBuilder();
        while (m.find()) {
            String name = m.group(1);
            List<String> args = List.of(m.group(2).trim().split("\\s+")).stream().filter(a -> !a.isEmpty()).toList();
            switch (name) {
                case "maven" -> args.forEach(a -> maven(index, a));
                case "jars" -> args.forEach(a -> jars(index, a));
                default -> throw new CellFailure("cell " + index + ": unknown line magic %" + name, null);
            }
            m.appendReplacement(rest, "");
        }
        m.appendTail(rest);
        return rest.toString();
    }

    private void maven(int index, String coordinate) {
        Path entry = build.resolve(coordinate).orElseThrow(() -> new CellFailure("cell " + index + ": %maven " + coordinate
                + " is not on the build's class path (is the artifact or its version in the notebook wrong?)", null));
        addEntry(entry);
        if (!dependenciesAdded) {
            // Maven resolved the same poms' dependencies for the build; IJava's %maven would resolve them again.
            build.entries().forEach(this::addEntry);
            dependenciesAdded = true;
        }
    }

    private void jars(int index, String glob) {
        Path dir = notebookDir;
        try (var files = Files.newDirectoryStream(dir.resolve(glob).getParent() == null ? dir : dir.resolve(glob).getParent(),
                Path.of(glob).getFileName().toString())) {
            int n = 0;
            for (Path f : files) {
                addEntry(f.toAbsolutePath().normalize());
                n++;
            }
            if (n == 0) {
                throw new CellFailure("cell " + index + ": %jars " + glob + " matches no file", null);
            }
        } catch (java.io.IOException e) {
            throw new CellFailure("cell " + index + ": %jars " + glob + ": " + e, e);
        }
    }

    private void addEntry(Path entry) {
        if (added.add(entry)) {
            shell.addToClasspath(entry.toString());
        }
    }

    /** IJava's CodeEvaluator.eval: snippet by snippet; the value of the last one that has a value. */
    private Object eval(int index, String code) {
        Object last = null;
        SourceCodeAnalysis.CompletionInfo info;
        for (info = shell.sourceCodeAnalysis().analyzeCompletion(code); info.completeness().isComplete();
                info = shell.sourceCodeAnalysis().analyzeCompletion(info.remaining())) {
            last = evalSingle(index, info.source());
        }
        if (info.completeness() != SourceCodeAnalysis.Completeness.EMPTY) {
            throw new CellFailure("cell " + index + ": incomplete source: " + info.remaining().trim(), null);
        }
        return last;
    }

    private Object evalSingle(int index, String snippet) {
        List<SnippetEvent> events = shell.eval(snippet);
        Object result = null;
        for (SnippetEvent e : events) {
            if (e.causeSnippet() != null) {
                continue;
            }
            Object value = e.snippet().subKind().isExecutable() ? provider.control().take(e.value()) : e.value();
            result = switch (e.snippet().subKind()) {
                case VAR_VALUE_SUBKIND, OTHER_EXPRESSION_SUBKIND, TEMP_VAR_EXPRESSION_SUBKIND -> value;
                default -> null;
            };
        }
        for (SnippetEvent e : events) {
            if (e.causeSnippet() != null) {
                continue;
            }
            JShellException ex = e.exception();
            if (ex instanceof UnresolvedReferenceException u) {
                throw new CellFailure("cell " + index + ": unresolved reference in " + u.getSnippet().source()
                        + diagnostics(u.getSnippet()), ex);
            }
            if (ex != null) {
                String type = ex instanceof EvalException ee ? ee.getExceptionClassName() : ex.getClass().getName();
                throw new CellFailure("cell " + index + ": " + type + ": " + ex.getMessage() + "\n  in: " + snippet.strip(), ex);
            }
            if (!e.status().isDefined()) {
                throw new CellFailure("cell " + index + ": does not compile (" + e.status() + "): " + snippet.strip()
                        + diagnostics(e.snippet()), null);
            }
        }
        return result;
    }

    private String diagnostics(Snippet s) {
        List<Diag> d = shell.diagnostics(s).toList();
        List<String> unresolved = s instanceof jdk.jshell.DeclarationSnippet ds ? shell.unresolvedDependencies(ds).toList()
                : new ArrayList<>();
        return d.stream().map(x -> "\n  " + x.getMessage(null)).collect(Collectors.joining())
                + (unresolved.isEmpty() ? "" : "\n  unresolved: " + unresolved);
    }

    @Override
    public void close() {
        shell.close();
        NotebookRuntime.stop();
    }
}
