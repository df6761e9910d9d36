package dev.mlops.aws.internal.images;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.exception.ValidationException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SDK image built offline with Jib: to a tarball, on an empty base ({@code fromScratch()}) for the layer checks
 * and on a base image tarball built here (so nothing is pulled); reproducible; tagged by content.
 */
class SdkImageTest {
    @TempDir
    Path tmp;

    private SdkImage.Builder offline() {
        return SdkImage.builder().cacheDirectory(tmp.resolve("jib-cache"));
    }

    @Test
    void theImageHoldsMlopsContainersRuntimeJarsAndRunsTheMonitor() throws IOException {
        SdkImage image = offline().fromScratch().build();
        Path tar = tmp.resolve("sdk.tar");
        String digest = image.toTarball(tar, "mlops-sdk:" + image.tag());
        assertThat(digest).startsWith("sha256:");
        ImageTarball t = new ImageTarball(tar);

        assertThat(t.layers).hasSize(2); // third-party jars, then the SDK's
        assertThat(t.layers.get(0).keySet()).filteredOn(p -> p.endsWith(".jar")).allMatch(p -> p.startsWith("/opt/mlops/lib/"))
                .anyMatch(p -> p.matches("/opt/mlops/lib/jackson-databind-.*\\.jar"))
                .anyMatch(p -> p.matches("/opt/mlops/lib/slf4j-api-.*\\.jar"))
                .anyMatch(p -> p.matches("/opt/mlops/lib/slf4j-simple-.*\\.jar"))
                .noneMatch(p -> p.contains("jib") || p.contains("awssdk") || p.contains("guava"));
        assertThat(t.layers.get(1).keySet()).filteredOn(p -> p.endsWith(".jar")).containsExactlyInAnyOrder(
                "/opt/mlops/lib/mlops-container-" + sdkVersion() + ".jar",
                "/opt/mlops/lib/mlops-core-" + sdkVersion() + ".jar");
        // exactly mlops-container's runtime closure, as its build listed it
        assertThat(t.layers.stream().flatMap(l -> l.keySet().stream()).filter(p -> p.endsWith(".jar"))
                .map(p -> p.substring("/opt/mlops/lib/".length())).toList())
                .containsExactlyInAnyOrderElementsOf(ContainerClasspath.artifacts().stream()
                        .map(ContainerClasspath.Artifact::jarName).toList())
                .hasSize(image.jars().size());
        // the jar in the image is the runnable monitor: its main class is there
        Path container = tmp.resolve("mlops-container.jar");
        Files.write(container, t.layers.get(1).get("/opt/mlops/lib/mlops-container-" + sdkVersion() + ".jar"));
        try (JarFile jar = new JarFile(container.toFile())) {
            assertThat(jar.getEntry("dev/mlops/container/MonitorContainer.class")).isNotNull();
        }

        assertThat(t.entrypoint()).containsExactly("java", "-cp", "/opt/mlops/lib/*", "dev.mlops.container.MonitorContainer");
        assertThat(t.env()).contains("JAVA_TOOL_OPTIONS=" + SdkImage.JAVA_TOOL_OPTIONS,
                "MLOPS_SDK_VERSION=" + sdkVersion());
        assertThat(SdkImage.JAVA_TOOL_OPTIONS).contains("-XX:MaxRAMPercentage=75");
        assertThat(t.config.path("created").asText()).isEqualTo("1970-01-01T00:00:00Z");
        assertThat(t.config.path("config").path("Labels").path("dev.mlops.content-digest").asText())
                .isEqualTo(image.contentDigest());
        assertThat(t.config.path("config").path("WorkingDir").asText()).isEqualTo("/opt/mlops");
    }

    @Test
    void equalContentMakesAnEqualDigestAndTag() throws IOException {
        SdkImage first = offline().fromScratch().build();
        SdkImage second = SdkImage.builder().cacheDirectory(tmp.resolve("other-cache")).fromScratch().build();
        String a = first.toTarball(tmp.resolve("a.tar"), "mlops-sdk:x");
        String b = second.toTarball(tmp.resolve("b.tar"), "mlops-sdk:x");
        assertThat(a).isEqualTo(b);
        assertThat(first.tag()).isEqualTo(second.tag()).matches("\\Q" + sdkVersion() + "\\E-[0-9a-f]{12}");
    }

    @Test
    void theTagFollowsTheContent() throws IOException {
        Path one = Files.write(tmp.resolve("lib-1.0.jar"), new byte[] {1, 2, 3});
        Path same = Files.write(Files.createDirectories(tmp.resolve("elsewhere")).resolve("lib-1.0.jar"),
                new byte[] {1, 2, 3});
        Path changed = Files.write(Files.createDirectories(tmp.resolve("changed")).resolve("lib-1.0.jar"),
                new byte[] {1, 2, 4});
        SdkImage a = offline().fromScratch().sdkVersion("1.2.3").classpath(List.of(one)).build();
        SdkImage b = offline().fromScratch().sdkVersion("1.2.3").classpath(List.of(same)).build();
        SdkImage c = offline().fromScratch().sdkVersion("1.2.3").classpath(List.of(changed)).build();
        SdkImage d = offline().base(SdkImage.DEFAULT_BASE).sdkVersion("1.2.3").classpath(List.of(one)).build();
        assertThat(a.tag()).isEqualTo(b.tag()).startsWith("1.2.3-");
        assertThat(c.tag()).isNotEqualTo(a.tag());
        assertThat(d.tag()).isNotEqualTo(a.tag()); // the base is part of the content
        assertThat(SdkImage.builder().build().base()).isEqualTo(SdkImage.DEFAULT_BASE);
    }

    @Test
    void aBaseImageTarballIsUsedWithoutPulling() throws IOException {
        // a stand-in JDK base: one layer with a java launcher, built and saved with Jib itself
        Path launcher = Files.writeString(tmp.resolve("java"), "#!/bin/sh\necho fake java\n");
        Path baseTar = tmp.resolve("base.tar");
        try {
            com.google.cloud.tools.jib.api.Jib.fromScratch()
                    .addLayer(List.of(launcher), "/usr/bin")
                    .setEnvironment(Map.of("JAVA_HOME", "/usr/lib/jvm/java-17", "PATH", "/usr/bin:/bin"))
                    .setCreationTime(java.time.Instant.EPOCH)
                    .containerize(com.google.cloud.tools.jib.api.Containerizer
                            .to(com.google.cloud.tools.jib.api.TarImage.at(baseTar).named("jdk-base:17"))
                            .setBaseImageLayersCache(tmp.resolve("jib-cache/base"))
                            .setApplicationLayersCache(tmp.resolve("jib-cache/app")));
        } catch (Exception e) {
            throw new AssertionError("could not build the base tarball", e);
        }
        SdkImage image = offline().baseTarball(baseTar).build();
        Path tar = tmp.resolve("sdk-on-base.tar");
        image.toTarball(tar, "mlops-sdk:on-base");
        ImageTarball t = new ImageTarball(tar);
        assertThat(t.layers).hasSize(3);
        assertThat(t.layers.get(0)).containsKey("/usr/bin/java");
        assertThat(t.layers.get(2).keySet()).anyMatch(p -> p.startsWith("/opt/mlops/lib/mlops-container-"));
        assertThat(t.env()).contains("JAVA_HOME=/usr/lib/jvm/java-17", "JAVA_TOOL_OPTIONS=" + SdkImage.JAVA_TOOL_OPTIONS);
        assertThat(image.base()).isEqualTo("tarball:base.tar");
    }

    @Test
    void badSettingsAreRefusedNamingTheField() {
        assertThatThrownBy(() -> SdkImage.builder().base(" ")).isInstanceOf(ValidationException.class)
                .hasMessageStartingWith("SdkImage.base");
        assertThatThrownBy(() -> SdkImage.builder().sdkVersion("1.0 beta")).isInstanceOf(ValidationException.class)
                .hasMessageStartingWith("SdkImage.sdkVersion");
        assertThatThrownBy(() -> SdkImage.builder().classpath(List.of(tmp.resolve("absent.jar"))))
                .isInstanceOf(ValidationException.class).hasMessageStartingWith("SdkImage.classpath");
        assertThatThrownBy(() -> SdkImage.builder().baseTarball(tmp.resolve("absent.tar")))
                .isInstanceOf(ValidationException.class).hasMessageStartingWith("SdkImage.baseTarball");
    }

    private static String sdkVersion() {
        return ContainerClasspath.sdkVersion();
    }
}
