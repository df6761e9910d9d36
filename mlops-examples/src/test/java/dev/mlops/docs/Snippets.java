package dev.mlops.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The snippets of the documentation and the tested code they come from.
 *
 * <p>A region of a test source under {@code mlops-examples/src/test/java/dev/mlops/docs/} lies between
 * {@code // tag::NAME[]} and {@code // end::NAME[]}; regions may nest or overlap, and marker lines of other regions
 * inside one are left out of it, as are lines ending with {@code // docs:hide} (assertions that must run inside
 * the shown scope). In the Markdown, the line right before a fenced block names where it comes from:
 * {@code <!-- snippet: ClassName#NAME -->}, or says why it comes from nowhere:
 * {@code <!-- snippet-exception: REASON -->} (pseudo-code, a shell transcript, code only another backend's real
 * service can run…). A {@code java} block with neither is an error, so that no new block escapes the check.
 */
final class Snippets {
    /** The marker naming a block's region. */
    static final Pattern MARKER = Pattern.compile("^<!--\\s*snippet:\\s*([A-Za-z0-9_]+)#([A-Za-z0-9_.-]+)\\s*-->\\s*$");
    /** The marker of a block that is knowingly not backed by code, with the reason. */
    static final Pattern EXCEPTION = Pattern.compile("^<!--\\s*snippet-exception:(.*)-->\\s*$");
    /** The end of a line that runs but is not shown (an assertion inside a shown block). */
    static final String HIDE = "// docs:hide";
    private static final Pattern TAG = Pattern.compile("^\\s*//\\s*(tag|end)::([A-Za-z0-9_.-]+)\\[\\]\\s*$");
    private static final Pattern CLOSING = Pattern.compile("^ {0,3}```\\s*$");
    /** A fence: at most three spaces before it, as CommonMark has it (four make an indented code block). */
    private static final Pattern FENCE = Pattern.compile("^( {0,3})```(\\w*)\\s*$");

    /** A fenced block of a Markdown file: where it is, its language, its text and the marker line above it. */
    record Block(Path file, int startLine, int endLine, String language, String text, String marker) {
        /** @return where the block is, as {@code file:line} for messages */
        String where() {
            Path dir = file.getParent();
            String name = dir != null && dir.getFileName() != null && dir.getFileName().toString().equals("docs")
                    ? "docs/" + file.getFileName() : file.getFileName().toString();
            return name + ":" + (startLine + 1);
        }

        /** @return the region the marker names, as {@code Class#name}, if it names one */
        Optional<String> region() {
            if (marker == null) {
                return Optional.empty();
            }
            Matcher m = MARKER.matcher(marker.trim());
            return m.matches() ? Optional.of(m.group(1) + "#" + m.group(2)) : Optional.empty();
        }

        /** @return the reason given by an exception marker, if the marker is one */
        Optional<String> exceptionReason() {
            if (marker == null) {
                return Optional.empty();
            }
            Matcher m = EXCEPTION.matcher(marker.trim());
            return m.matches() ? Optional.of(m.group(1).trim()) : Optional.empty();
        }
    }

    private Snippets() {
    }

    /** @return the repository's root: the first directory up from the working directory with README.md and docs/ */
    static Path root() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            if (Files.isRegularFile(dir.resolve("README.md")) && Files.isDirectory(dir.resolve("docs"))
                    && Files.isDirectory(dir.resolve("mlops-examples"))) {
                return dir;
            }
            dir = dir.getParent();
        }
        throw new IllegalStateException("No repository root above " + Path.of("").toAbsolutePath());
    }

    /** @return README.md and every docs/*.md, sorted */
    static List<Path> markdownFiles(Path root) {
        List<Path> files = new ArrayList<>();
        files.add(root.resolve("README.md"));
        try (Stream<Path> docs = Files.list(root.resolve("docs"))) {
            docs.filter(p -> p.getFileName().toString().endsWith(".md")).sorted().forEach(files::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }

    /** @return the directory of the tests whose regions the docs show */
    static Path sourceDir(Path root) {
        return root.resolve("mlops-examples/src/test/java/dev/mlops/docs");
    }

    /**
     * Every region of every test source in the directory, by {@code Class#name}.
     *
     * @param dir the directory of the sources
     * @return each region's text, its common indentation removed
     * @throws IllegalStateException for a region opened twice, or not closed, or closed without being opened
     */
    static Map<String, String> regions(Path dir) {
        Map<String, String> regions = new LinkedHashMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
                String cls = file.getFileName().toString().replace(".java", "");
                regionsOf(cls, Files.readAllLines(file, StandardCharsets.UTF_8)).forEach((name, text) -> {
                    regions.put(cls + "#" + name, text);
                });
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return regions;
    }

    /** The regions of one source's lines, by name. */
    static Map<String, String> regionsOf(String cls, List<String> lines) {
        Map<String, List<String>> open = new LinkedHashMap<>();
        Map<String, String> done = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            Matcher m = TAG.matcher(line);
            if (m.matches()) {
                String name = m.group(2);
                if (m.group(1).equals("tag")) {
                    if (open.containsKey(name) || done.containsKey(name)) {
                        throw new IllegalStateException(cls + ".java:" + (i + 1) + ": region " + name + " is opened twice");
                    }
                    open.put(name, new ArrayList<>());
                } else {
                    List<String> body = open.remove(name);
                    if (body == null) {
                        throw new IllegalStateException(cls + ".java:" + (i + 1) + ": end::" + name + "[] without tag::"
                                + name + "[]");
                    }
                    done.put(name, dedent(body));
                }
                continue;
            }
            if (!line.stripTrailing().endsWith(HIDE)) {
                open.values().forEach(body -> body.add(line));
            }
        }
        if (!open.isEmpty()) {
            throw new IllegalStateException(cls + ".java: regions not closed: " + open.keySet());
        }
        return done;
    }

    /** The lines joined, their common leading spaces removed, blank lines at either end dropped. */
    static String dedent(List<String> lines) {
        int from = 0;
        int to = lines.size();
        while (from < to && lines.get(from).isBlank()) {
            from++;
        }
        while (to > from && lines.get(to - 1).isBlank()) {
            to--;
        }
        int indent = Integer.MAX_VALUE;
        for (String l : lines.subList(from, to)) {
            if (!l.isBlank()) {
                int n = 0;
                while (n < l.length() && l.charAt(n) == ' ') {
                    n++;
                }
                indent = Math.min(indent, n);
            }
        }
        StringBuilder out = new StringBuilder();
        for (String l : lines.subList(from, to)) {
            out.append(l.isBlank() ? "" : l.substring(indent).stripTrailing()).append('\n');
        }
        return out.toString();
    }

    /**
     * The fenced blocks of a Markdown file, each with the line right above its opening fence.
     *
     * @param file the file
     * @return its blocks in order
     * @throws IllegalStateException for a fence that is not closed
     */
    static List<Block> blocks(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Block> blocks = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            Matcher open = FENCE.matcher(lines.get(i));
            if (!open.matches()) {
                continue;
            }
            int end = i + 1;
            while (end < lines.size() && !CLOSING.matcher(lines.get(end)).matches()) {
                end++;
            }
            if (end == lines.size()) {
                throw new IllegalStateException(file.getFileName() + ":" + (i + 1) + ": a fenced block is not closed");
            }
            String marker = i > 0 && lines.get(i - 1).startsWith("<!--") ? lines.get(i - 1) : null;
            blocks.add(new Block(file, i, end, open.group(2), dedent(lines.subList(i + 1, end)), marker));
            i = end;
        }
        return blocks;
    }

    /**
     * Rewrites the marked blocks of a Markdown file with their regions' text, keeping each fence's indentation.
     *
     * @param file the file
     * @param regions the regions by {@code Class#name}
     * @return whether the file changed
     */
    static boolean update(Path file, Map<String, String> regions) {
        List<String> lines;
        try {
            lines = new ArrayList<>(Files.readAllLines(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Block> blocks = blocks(file);
        boolean changed = false;
        for (int b = blocks.size() - 1; b >= 0; b--) { // from the end, so earlier line numbers stay right
            Block block = blocks.get(b);
            Optional<String> region = block.region();
            if (region.isEmpty() || !regions.containsKey(region.get()) || regions.get(region.get()).equals(block.text())) {
                continue;
            }
            Matcher fence = FENCE.matcher(lines.get(block.startLine()));
            String indent = fence.matches() ? fence.group(1) : "";
            List<String> replacement = new ArrayList<>();
            for (String l : regions.get(region.get()).split("\n", -1)) {
                replacement.add(l.isEmpty() ? "" : indent + l);
            }
            replacement.remove(replacement.size() - 1); // the text ends with a newline
            lines.subList(block.startLine() + 1, block.endLine()).clear();
            lines.addAll(block.startLine() + 1, replacement);
            changed = true;
        }
        if (changed) {
            try {
                Files.writeString(file, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return changed;
    }
}
