package dev.mlops.local.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.exception.MlopsClientException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A build context's {@code image.properties}, and Jib building it offline: on scratch, and on a base read from an
 * image tarball; the same inputs give the same image digest.
 */
class JavaImageTest {
    @TempDir
    Path dir;

    @Test
    void aDescriptorIsRead_andBadOnesAreRefusedNamingTheKeyAndTheRule() throws Exception {
        Files.createDirectories(dir.resolve("src"));
        assertThat(JavaImageSpec.read(dir)).isEmpty();

        Files.writeString(dir.resolve("image.properties"), "mainClass=image.Main\nsources=src\njvmFlags=-Xmx64m  -Dx=1\n");
        JavaImageSpec spec = JavaImageSpec.read(dir).orElseThrow();
        assertThat(spec.mainClass()).isEqualTo("image.Main");
        assertThat(spec.sources()).contains("src");
        assertThat(spec.jvmFlags()).containsExactly("-Xmx64m", "-Dx=1");
        assertThat(spec.base()).isEmpty();

        refused("mainClass=1bad\nsources=src\n", "image.properties: mainClass = \"1bad\" is invalid: must be a Java class name");
        refused("mainClass=a.B\nsources=../outside\n", "image.properties: sources = \"../outside\" is invalid: must be a"
                + " folder inside the build context");
        refused("mainClass=a.B\nsources=missing\n", "image.properties: sources = \"missing\" is invalid: must be an"
                + " existing folder");
        refused("mainClass=a.B\nsrc=src\n", "image.properties: src = \"src\" is invalid: must be one of the keys");
        refused("mainClass=a.B\n", "image.properties: sources = \"\" is invalid: must be set, or classes set");
    }

    private void refused(String text, String message) throws Exception {
        Files.writeString(dir.resolve("image.properties"), text);
        assertThatThrownBy(() -> JavaImageSpec.read(dir)).isInstanceOf(MlopsClientException.class).hasMessageStartingWith(message);
    }

    @Test
    void jibBuildsOffline_onScratchAndOnATarballBase_reproducibly() throws Exception {
        Path classes = dir.resolve("ctx/classes/image");
        Files.createDirectories(classes);
        Files.write(classes.resolve("Main.class"), new byte[] {(byte) 0xCA, (byte) 0xFE, (byte) 0xBA, (byte) 0xBE});
        JavaImageSpec spec = new JavaImageSpec("image.Main", Optional.empty(), Optional.of("classes"), Optional.empty(),
                Optional.empty(), List.of(), Optional.empty());
        JibImage jib = new JibImage(dir.resolve("cache"));
        Path ctx = dir.resolve("ctx");

        JibImage.Built a = jib.build(spec, ctx, ctx.resolve("classes"), "scratch", "mlops/t:a", dir.resolve("a.tar"), l -> { });
        JibImage.Built again = jib.build(spec, ctx, ctx.resolve("classes"), "scratch", "mlops/t:a", dir.resolve("a2.tar"), l -> { });
        // A base tarball is in the format `docker save` writes (manifest.json at the root), as Jib reads it.
        Files.createDirectories(dir.resolve("base/etc"));
        Files.writeString(dir.resolve("base/etc/os-release"), "NAME=base\n");
        com.google.cloud.tools.jib.api.Jib.fromScratch().setFormat(com.google.cloud.tools.jib.api.buildplan.ImageFormat.Docker)
                .addLayer(List.of(dir.resolve("base/etc")), com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath.get("/"))
                .containerize(com.google.cloud.tools.jib.api.Containerizer.to(com.google.cloud.tools.jib.api.TarImage
                        .at(dir.resolve("base.tar")).named("base:1")).setOfflineMode(true)
                        .setBaseImageLayersCache(dir.resolve("cache/base")).setApplicationLayersCache(dir.resolve("cache/app")));
        JibImage.Built onA = jib.build(spec, ctx, ctx.resolve("classes"), "tar:" + dir.resolve("base.tar"), "mlops/t:b",
                dir.resolve("b.tar"), l -> { });

        assertThat(a.digest()).startsWith("sha256:").isEqualTo(again.digest());
        assertThat(onA.digest()).isNotEqualTo(a.digest());
        assertThat(dir.resolve("b.tar")).isRegularFile();
        assertThat(dir.resolve("b.tar.partial")).doesNotExist();
        assertThatThrownBy(() -> jib.build(spec, ctx, ctx.resolve("classes"), "tar:" + dir.resolve("none.tar"), "mlops/t:c",
                dir.resolve("c.tar"), l -> { })).isInstanceOf(MlopsClientException.class)
                .hasMessageContaining("is not a file");
    }
}
