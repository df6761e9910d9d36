package dev.mlops.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * mlops-bom against the reactor it versions: every published module of the root POM is in the BOM at
 * {@code ${project.version}}, so a new module cannot be forgotten; and the README's import snippet and its list of
 * managed artifacts are the BOM's. "Published" is every module but the BOM itself and those that set
 * {@code maven.deploy.skip} (mlops-examples).
 */
class BomTest {
    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();

    @Test
    void everyPublishedModule_isInTheBom_atTheProjectVersion() throws Exception {
        Document bom = read(ROOT.resolve("mlops-bom/pom.xml"));
        Element bomProject = bom.getDocumentElement();
        assertThat(child(bomProject, "parent")).as("the BOM has no parent: versions only, no build settings").isNull();
        assertThat(text(bomProject, "packaging")).isEqualTo("pom");
        assertThat(text(bomProject, "version")).as("the BOM's version").isEqualTo(rootVersion());

        Map<String, String> managed = new LinkedHashMap<>();
        for (Element d : dependencies(child(bomProject, "dependencyManagement"))) {
            assertThat(text(d, "groupId")).as("groupId of %s", text(d, "artifactId")).isEqualTo("dev.mlops");
            assertThat(text(d, "type")).as("type of %s", text(d, "artifactId")).isNull();
            assertThat(text(d, "scope")).as("scope of %s", text(d, "artifactId")).isNull();
            managed.put(text(d, "artifactId"), text(d, "version"));
        }
        assertThat(managed).as("each artifact at the BOM's own version").allSatisfy(
                (artifact, version) -> assertThat(version).as(artifact).isEqualTo("${project.version}"));
        assertThat(new TreeSet<>(managed.keySet())).as("the BOM's artifacts, against the root POM's published modules")
                .isEqualTo(new TreeSet<>(publishedModules()));
    }

    @Test
    void theReadmeSnippet_importsThisBom_andListsWhatItManages() throws Exception {
        String readme = Files.readString(ROOT.resolve("README.md"));
        Matcher xml = Pattern.compile("(?s)```xml\\s*(<dependencyManagement>.*?</dependencyManagement>)\\s*```")
                .matcher(readme);
        assertThat(xml.find()).as("README has a <dependencyManagement> snippet").isTrue();
        Element imported = dependencies(DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new java.io.ByteArrayInputStream(xml.group(1).getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                .getDocumentElement()).get(0);
        assertThat(text(imported, "groupId")).isEqualTo("dev.mlops");
        assertThat(text(imported, "artifactId")).isEqualTo("mlops-bom");
        assertThat(text(imported, "version")).isEqualTo(rootVersion());
        assertThat(text(imported, "type")).isEqualTo("pom");
        assertThat(text(imported, "scope")).isEqualTo("import");

        Matcher list = Pattern.compile("The BOM manages: ([^\\n]+)").matcher(readme);
        assertThat(list.find()).as("README says which artifacts the BOM manages").isTrue();
        List<String> named = new ArrayList<>();
        Matcher code = Pattern.compile("`(mlops-[a-z]+)`").matcher(list.group(1));
        while (code.find()) {
            named.add(code.group(1));
        }
        Map<String, String> managed = new LinkedHashMap<>();
        for (Element d : dependencies(child(read(ROOT.resolve("mlops-bom/pom.xml")).getDocumentElement(),
                "dependencyManagement"))) {
            managed.put(text(d, "artifactId"), text(d, "version"));
        }
        assertThat(named).as("README's list").containsExactlyInAnyOrderElementsOf(managed.keySet());
    }

    /**
     * Libraries never bind a logging provider for their users; applications do. The applications: the command line,
     * the examples and the SDK image's entry points (mlops-aws, which depends on mlops-container, excludes its
     * provider). Checked on each module's declared dependencies; {@code mvn dependency:tree} shows the rest.
     */
    @Test
    void noLibraryModule_declaresALoggingProvider_outsideTests() throws Exception {
        List<String> applications = List.of("mlops-cli", "mlops-examples", "mlops-container");
        List<String> providers = List.of("slf4j-simple", "logback-classic", "log4j-slf4j2-impl", "slf4j-reload4j",
                "slf4j-jdk14", "slf4j-nop");
        for (Element m : children(child(read(ROOT.resolve("pom.xml")).getDocumentElement(), "modules"), "module")) {
            Element project = read(ROOT.resolve(m.getTextContent().strip()).resolve("pom.xml")).getDocumentElement();
            String artifactId = text(project, "artifactId");
            Element deps = child(project, "dependencies");
            if (applications.contains(artifactId) || deps == null) {
                continue;
            }
            for (Element d : children(deps, "dependency")) {
                if (providers.contains(text(d, "artifactId"))) {
                    assertThat(text(d, "scope")).as("%s's %s: a library binds no provider", artifactId,
                            text(d, "artifactId")).isEqualTo("test");
                }
            }
        }
    }

    /** The root POM's modules that are published: not the BOM, not those that skip deployment. */
    private static List<String> publishedModules() throws Exception {
        List<String> out = new ArrayList<>();
        for (Element m : children(child(read(ROOT.resolve("pom.xml")).getDocumentElement(), "modules"), "module")) {
            String dir = m.getTextContent().strip();
            Element project = read(ROOT.resolve(dir).resolve("pom.xml")).getDocumentElement();
            String artifactId = text(project, "artifactId");
            if (artifactId.equals("mlops-bom")) {
                continue;
            }
            Element properties = child(project, "properties");
            boolean skipsDeploy = properties != null && "true".equals(text(properties, "maven.deploy.skip"));
            if (!skipsDeploy) {
                out.add(artifactId);
            }
        }
        return out;
    }

    private static String rootVersion() throws Exception {
        return text(read(ROOT.resolve("pom.xml")).getDocumentElement(), "version");
    }

    private static Document read(Path pom) throws Exception {
        if (!Files.isRegularFile(pom)) {
            throw new IOException("no POM at " + pom + " (the test runs in mlops-examples of the reactor)");
        }
        return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(pom.toFile());
    }

    private static List<Element> dependencies(Element dependencyManagement) {
        assertThat(dependencyManagement).as("dependencyManagement").isNotNull();
        Element dependencies = child(dependencyManagement, "dependencies");
        assertThat(dependencies).as("dependencies").isNotNull();
        return children(dependencies, "dependency");
    }

    private static Element child(Element parent, String name) {
        List<Element> all = children(parent, name);
        return all.isEmpty() ? null : all.get(0);
    }

    private static List<Element> children(Element parent, String name) {
        List<Element> out = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(name)) {
                out.add(e);
            }
        }
        return out;
    }

    private static String text(Element parent, String name) {
        Element e = child(parent, name);
        return e == null ? null : e.getTextContent().strip();
    }
}
