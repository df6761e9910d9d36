package dev.mlops.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.MlopsProjects;
import dev.mlops.Project;
import dev.mlops.local.LocalBackend;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code serve} fails loudly, and lets go of the port and the project, when the endpoint does not come up. */
class ServeTest {
    @TempDir
    Path home;

    @Test
    void nothingDeployed_failsNamingTheEndpointAndPort_andHoldsNothing() throws Exception {
        try (LocalBackend backend = LocalBackend.builder().home(home).build();
                Project p = MlopsProjects.builder().name("abalone").backend(backend).create()) {
            assertThat(p.name()).isEqualTo("abalone");
        }
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        int finalPort = port;
        assertThatThrownBy(() -> Serve.run("abalone", "prod", finalPort, home,
                new PrintStream(out, true, StandardCharsets.UTF_8), Duration.ofSeconds(2)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("No model version of abalone-prod came up on port " + port)
                .hasMessageContaining("is anything deployed to prod?");

        assertThat(out.toString(StandardCharsets.UTF_8)).doesNotContain("Serving");
        try (ServerSocket again = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            assertThat(again.isBound()).isTrue();
        }
        try (LocalBackend backend = LocalBackend.builder().home(home).build();
                Project p = MlopsProjects.open("abalone", backend)) {
            assertThat(p.environments().named("prod").deployedVersion()).isEmpty();
        }
    }
}
