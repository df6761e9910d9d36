package dev.mlops.local;

import static dev.mlops.local.Flows.ROW;
import static dev.mlops.local.Flows.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.ExecutionStatus;
import dev.mlops.MlopsProjects;
import dev.mlops.ModelVersion;
import dev.mlops.Project;
import dev.mlops.spi.EndpointHost;
import dev.mlops.spi.EndpointInfo;
import dev.mlops.spi.ProjectRecord;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Endpoints come back after a takeover, each on its own: a taken port keeps down only its endpoint, for a while. */
class RestoreTest {
    @TempDir
    Path home;

    @Test
    void aTakenStagingPort_keepsOnlyStagingDown_andStagingComesBackOnceItIsFree() throws Exception {
        int stagingPort;
        ModelVersion v1;
        try (LocalBackend first = LocalBackend.builder().home(home).build();
             Project project = MlopsProjects.builder().name("restore").backend(first).create()) {
            assertThat(project.pipelines().build().awaitLatest(TIMEOUT).status()).isEqualTo(ExecutionStatus.Succeeded);
            v1 = project.models().version(1).approve("ok");
            project.gates().awaitPending(v1, TIMEOUT).approve("ok");
            project.environments().prod().awaitDeployed(v1, TIMEOUT);
            stagingPort = project.environments().staging().endpoint().url().getPort();
        }
        try (ServerSocket taken = new ServerSocket(stagingPort, 50, InetAddress.getLoopbackAddress())) {
            try (LocalBackend second = LocalBackend.builder().home(home).build();
                 Project project = MlopsProjects.open("restore", second)) {
                EndpointHost host = second.endpoints().orElseThrow();
                ProjectRecord record = second.projectStore().orElseThrow().find("restore").orElseThrow();
                String staging = project.environments().staging().endpointName();
                // Before: restore stopped at the first failed endpoint; prod could stay down for good.
                project.environments().prod().awaitDeployed(v1, TIMEOUT);
                assertThat(Double.parseDouble(project.environments().prod().endpoint().invoke(ROW).strip())).isBetween(1.0, 30.0);
                // The store says what actually serves: staging is not served while its port is taken.
                Flows.await("staging to be reported Failed", () -> host.describe(record, staging)
                        .map(EndpointInfo::status).equals(Optional.of("Failed")));
                assertThat(project.environments().staging().deployedVersion()).isEmpty();

                taken.close();
                project.environments().staging().awaitDeployed(v1, TIMEOUT);
                assertThat(project.environments().staging().endpoint().url().getPort()).isEqualTo(stagingPort);
                assertThat(Double.parseDouble(project.environments().staging().endpoint().invoke(ROW).strip()))
                        .isBetween(1.0, 30.0);
            }
        }
    }
}
