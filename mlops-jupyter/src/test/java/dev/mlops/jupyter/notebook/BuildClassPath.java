package dev.mlops.jupyter.notebook;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * The class path Maven built for this test run, and which of its entries a Maven coordinate names: a jar in the local
 * repository ({@code …/org/slf4j/slf4j-nop/2.0.20/slf4j-nop-2.0.20.jar}) or a reactor module's {@code target/classes}
 * or jar (coordinates from the module's {@code pom.xml}).
 */
final class BuildClassPath {
    private final List<Path> entries;

    private BuildClassPath(List<Path> entries) {
        this.entries = List.copyOf(entries);
    }

    static BuildClassPath current() {
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<Path> entries = new ArrayList<>();
        for (String e : cp.split(File.pathSeparator)) {
            if (!e.isBlank()) {
                entries.add(Path.of(e).toAbsolutePath().normalize());
            }
        }
        return new BuildClassPath(entries);
    }

    List<Path> entries() {
        return entries;
    }

    /**
     * The entry that {@code group:artifact:version} names.
     *
     * @param coordinate the coordinate ({@code g:a:v}, or {@code g:a:jar:v})
     * @return the entry, empty if the build's class path does not hold it
     */
    Optional<Path> resolve(String coordinate) {
        String[] p = coordinate.split(":");
        if (p.length != 3 && p.length != 4) {
            throw new IllegalArgumentException("%maven takes group:artifact:version, not " + coordinate);
        }
        String group = p[0];
        String artifact = p[1];
        String version = p[p.length - 1];
        String repoTail = "/" + group.replace('.', '/') + "/" + artifact + "/" + version + "/" + artifact + "-" + version + ".jar";
        for (Path e : entries) {
            if (e.toString().replace(File.separatorChar, '/').endsWith(repoTail)) {
                return Optional.of(e);
            }
            Optional<Path> module = moduleDir(e);
            if (module.isPresent() && matches(module.get().resolve("pom.xml"), group, artifact, version)) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }

    Optional<Path> entryHolding(Class<?> type) {
        try {
            Path location = Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toAbsolutePath().normalize();
            return entries.stream().filter(location::equals).findFirst().or(() -> Optional.of(location));
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Optional<Path> moduleDir(Path entry) {
        Path parent = entry.getParent();
        if (parent == null || !"target".equals(String.valueOf(parent.getFileName()))) {
            return Optional.empty();
        }
        String name = String.valueOf(entry.getFileName());
        if (!name.equals("classes") && !name.endsWith(".jar")) {
            return Optional.empty();
        }
        return Optional.ofNullable(parent.getParent());
    }

    private static boolean matches(Path pom, String group, String artifact, String version) {
        if (!Files.isRegularFile(pom)) {
            return false;
        }
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            Document doc = f.newDocumentBuilder().parse(pom.toFile());
            Element project = doc.getDocumentElement();
            Element parent = child(project, "parent");
            String g = text(project, "groupId", parent == null ? null : text(parent, "groupId", null));
            String a = text(project, "artifactId", null);
            String v = text(project, "version", parent == null ? null : text(parent, "version", null));
            return group.equals(g) && artifact.equals(a) && version.equals(v);
        } catch (Exception e) {
            throw new IllegalStateException("Cannot read " + pom + ": " + e, e);
        }
    }

    private static Element child(Element e, String name) {
        for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element c && c.getTagName().equals(name)) {
                return c;
            }
        }
        return null;
    }

    private static String text(Element e, String name, String fallback) {
        Element c = child(e, name);
        return c == null ? fallback : c.getTextContent().trim();
    }
}
