package dev.mlops.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The packaged layout: {@code target/mlops-cli.jar}, whose manifest names every jar of {@code target/lib/} in order. */
class PackagedLayoutIT {
    static final Path JAR = Path.of("target", "mlops-cli.jar");

    static List<String> manifestClassPath() throws IOException {
        try (JarFile jar = new JarFile(JAR.toFile())) {
            return Arrays.asList(jar.getManifest().getMainAttributes().getValue("Class-Path").trim().split(" +"));
        }
    }

    @Test
    void theManifestNamesExactlyTheJarsOfLib() throws IOException {
        List<String> cp = manifestClassPath();
        try (Stream<Path> lib = Files.list(JAR.resolveSibling("lib"))) {
            assertThat(new TreeSet<>(cp)).isEqualTo(new TreeSet<>(lib.map(p -> "lib/" + p.getFileName()).toList()));
        }
        try (JarFile jar = new JarFile(JAR.toFile())) {
            assertThat(jar.getManifest().getMainAttributes().getValue("Main-Class")).isEqualTo("dev.mlops.cli.Mlops");
        }
    }

    @Test
    void nettyFourOneComesAfterEveryNettyFourTwoJar() throws IOException {
        List<String> cp = manifestClassPath();
        int last42 = -1;
        int first41 = Integer.MAX_VALUE;
        for (int i = 0; i < cp.size(); i++) {
            String jar = cp.get(i);
            if (jar.startsWith("lib/netty-") && jar.contains("-4.2.")) {
                last42 = i;
            }
            if (jar.startsWith("lib/netty-nio-client-") || jar.startsWith("lib/netty-") && jar.contains("-4.1.")) {
                first41 = Math.min(first41, i);
            }
        }
        assertThat(last42).as("mlops-local's Netty 4.2 is there").isGreaterThan(0);
        assertThat(cp).as("the SDK's Netty client and Netty 4.1's own codecs, and no other 4.1 jar")
                .filteredOn(j -> j.contains("-4.1.")).containsExactlyInAnyOrder(
                        "lib/netty-codec-4.1.126.Final.jar", "lib/netty-codec-http2-4.1.126.Final.jar");
        assertThat(first41).as("the first Netty 4.1 jar comes after the last 4.2 one in %s", cp).isGreaterThan(last42);
        assertThat(cp.indexOf("lib/mlops-local-0.1.0-SNAPSHOT.jar")).isLessThan(first41);
    }
}
