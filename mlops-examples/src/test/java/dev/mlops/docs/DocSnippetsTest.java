package dev.mlops.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The Java blocks of README.md and docs/*.md are the tagged regions of the tests in this package, word for word.
 * Run with {@code -Ddocs.update=true} to rewrite the marked blocks from the code instead of failing:
 * {@code mvn -q -o -pl mlops-examples -am verify -Dtest=DocSnippetsTest -Dsurefire.failIfNoSpecifiedTests=false
 * -Ddocs.update=true}.
 */
class DocSnippetsTest {
    private final Path root = Snippets.root();
    private final Map<String, String> regions = Snippets.regions(Snippets.sourceDir(root));

    @Test
    void everyMarkedBlockIsItsRegion_andEveryJavaBlockIsMarked() {
        boolean update = Boolean.getBoolean("docs.update");
        if (update) {
            for (Path file : Snippets.markdownFiles(root)) {
                if (Snippets.update(file, regions)) {
                    System.out.println("docs.update: rewrote " + root.relativize(file));
                }
            }
        }
        List<String> problems = new ArrayList<>();
        for (Path file : Snippets.markdownFiles(root)) {
            for (Snippets.Block block : Snippets.blocks(file)) {
                Optional<String> region = block.region();
                Optional<String> reason = block.exceptionReason();
                if (region.isPresent()) {
                    String code = regions.get(region.get());
                    if (code == null) {
                        problems.add(block.where() + ": names " + region.get() + ", which no test in "
                                + root.relativize(Snippets.sourceDir(root)) + " tags");
                    } else if (!code.equals(block.text())) {
                        problems.add(block.where() + ": differs from " + region.get() + " (run with -Ddocs.update=true)\n"
                                + firstDifference(code, block.text()));
                    }
                } else if (reason.isPresent()) {
                    if (reason.get().isEmpty()) {
                        problems.add(block.where() + ": a snippet-exception without a reason");
                    }
                } else if (block.marker() != null && block.marker().contains("snippet")) {
                    problems.add(block.where() + ": malformed marker " + block.marker().trim()
                            + "; write <!-- snippet: Class#region --> or <!-- snippet-exception: reason -->");
                } else if (block.language().equalsIgnoreCase("java")) {
                    problems.add(block.where() + ": a Java block with no <!-- snippet: Class#region --> above it"
                            + " (or <!-- snippet-exception: reason --> if no test can run it)");
                }
            }
        }
        assertThat(problems).as("documentation snippets").isEmpty();
    }

    @Test
    void everyRegionNamedByTheDocsIsShownSomewhere_andTheMechanismSeesMarkers() {
        Set<String> used = new TreeSet<>();
        int exceptions = 0;
        for (Path file : Snippets.markdownFiles(root)) {
            for (Snippets.Block block : Snippets.blocks(file)) {
                block.region().ifPresent(used::add);
                exceptions += block.exceptionReason().isPresent() ? 1 : 0;
            }
        }
        // A region tagged for the docs and shown nowhere is a snippet someone forgot to place (or a stale one).
        Set<String> unused = new TreeSet<>(regions.keySet());
        unused.removeAll(used);
        unused.removeIf(r -> r.contains("#internal-")); // regions a test uses itself, not the docs
        assertThat(unused).as("regions tagged in dev.mlops.docs but shown in no Markdown file").isEmpty();
        assertThat(used).as("marked blocks").hasSizeGreaterThan(10);
        System.out.println("DocSnippetsTest: " + used.size() + " snippets from tests, " + exceptions + " explicit exceptions");
    }

    @Test
    void regionsAreDedented_andMarkersOfOtherRegionsLeftOut() {
        Map<String, String> r = Snippets.regionsOf("X", List.of(
                "class X {",
                "    // tag::outer[]",
                "    void a() {",
                "        // tag::inner[]",
                "        call();",
                "        // end::inner[]",
                "    }",
                "    // end::outer[]",
                "}"));
        assertThat(r).containsEntry("inner", "call();\n")
                .containsEntry("outer", "void a() {\n    call();\n}\n");
    }

    @Test
    void theUpdaterRewritesMarkedBlocks_andLeavesIndentedExamplesAlone(@org.junit.jupiter.api.io.TempDir Path dir)
            throws Exception {
        Path page = dir.resolve("page.md");
        java.nio.file.Files.writeString(page, String.join("\n",
                "# Page",
                "<!-- snippet: X#inner -->",
                "```java",
                "stale();",
                "```",
                "",
                "    <!-- snippet: X#missing -->",
                "    ```java",
                "    an indented code block, not a fence",
                "    ```",
                "<!-- snippet-exception: pseudo-code -->",
                "```java",
                "anything { … }",
                "```",
                ""));
        assertThat(Snippets.blocks(page)).hasSize(2);
        assertThat(Snippets.update(page, Map.of("X#inner", "call();\nmore();\n"))).isTrue();
        List<Snippets.Block> blocks = Snippets.blocks(page);
        assertThat(blocks.get(0).text()).isEqualTo("call();\nmore();\n");
        assertThat(blocks.get(0).region()).hasValue("X#inner");
        assertThat(blocks.get(1).exceptionReason()).hasValue("pseudo-code");
        assertThat(java.nio.file.Files.readString(page)).contains("    an indented code block, not a fence");
        assertThat(Snippets.update(page, Map.of("X#inner", "call();\nmore();\n"))).as("nothing left to change").isFalse();
    }

    private static String firstDifference(String code, String doc) {
        String[] a = code.split("\n", -1);
        String[] b = doc.split("\n", -1);
        for (int i = 0; i < Math.max(a.length, b.length); i++) {
            String x = i < a.length ? a[i] : "<end>";
            String y = i < b.length ? b[i] : "<end>";
            if (!x.equals(y)) {
                return "    line " + (i + 1) + " of the block\n      code: " + x + "\n      doc:  " + y;
            }
        }
        return "";
    }
}
