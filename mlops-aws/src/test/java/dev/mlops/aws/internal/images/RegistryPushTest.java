package dev.mlops.aws.internal.images;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.head;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The push itself, against a WireMock stub of the Docker Registry HTTP API v2 (as ECR serves it): a Basic challenge
 * on {@code /v2/}, blobs checked with HEAD and uploaded with POST/PATCH/PUT, the manifest PUT under the tag. The stub
 * answers what a registry answers; it does not store blobs, so what is checked is the calls and their credentials.
 */
class RegistryPushTest {
    private static final String AUTH = "Basic " + Base64.getEncoder().encodeToString("AWS:ecr-password"
            .getBytes(StandardCharsets.UTF_8));

    /** Jib sends credentials over plain HTTP (the stub's) only when told to; ECR is HTTPS. */
    private static final String JIB_HTTP_CREDENTIALS = "sendCredentialsOverHttp";

    @TempDir
    Path tmp;
    private WireMockServer registry;

    @BeforeEach
    void start() {
        registry = new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1"));
        registry.start();
        System.setProperty(JIB_HTTP_CREDENTIALS, "true");
        registry.stubFor(any(urlPathMatching("/v2/.*")).withHeader("Authorization", absent()).atPriority(1)
                .willReturn(aResponse().withStatus(401).withHeader("WWW-Authenticate", "Basic realm=\"ecr\"")
                        .withHeader("Docker-Distribution-API-Version", "registry/2.0")));
        registry.stubFor(get(urlPathEqualTo("/v2/")).withHeader("Authorization", equalTo(AUTH)).atPriority(2)
                .willReturn(aResponse().withStatus(200).withHeader("Docker-Distribution-API-Version", "registry/2.0")));
        registry.stubFor(head(urlPathMatching("/v2/mlops-sdk/blobs/sha256:[0-9a-f]{64}")).atPriority(2)
                .willReturn(aResponse().withStatus(404)));
        registry.stubFor(post(urlPathEqualTo("/v2/mlops-sdk/blobs/uploads/")).atPriority(2)
                .willReturn(aResponse().withStatus(202).withHeader("Location", "/v2/mlops-sdk/blobs/uploads/u1")));
        registry.stubFor(patch(urlPathEqualTo("/v2/mlops-sdk/blobs/uploads/u1")).atPriority(2)
                .willReturn(aResponse().withStatus(202).withHeader("Location", "/v2/mlops-sdk/blobs/uploads/u1")
                        .withHeader("Range", "0-0")));
        registry.stubFor(put(urlPathEqualTo("/v2/mlops-sdk/blobs/uploads/u1")).atPriority(2)
                .willReturn(aResponse().withStatus(201)));
        registry.stubFor(put(urlPathMatching("/v2/mlops-sdk/manifests/.*")).atPriority(2)
                .willReturn(aResponse().withStatus(201).withHeader("Docker-Content-Digest",
                        "sha256:" + "0".repeat(64))));
    }

    @AfterEach
    void stop() {
        registry.stop();
        System.clearProperty(JIB_HTTP_CREDENTIALS);
    }

    @Test
    void theImageIsPushedWithTheRegistryLogin() {
        SdkImage image = SdkImage.builder().fromScratch().cacheDirectory(tmp.resolve("cache"))
                .allowInsecureRegistries(true).build();
        String reference = "127.0.0.1:" + registry.port() + "/mlops-sdk:" + image.tag();
        String digest = image.push(reference, "AWS", "ecr-password");
        assertThat(digest).startsWith("sha256:");

        List<LoggedRequest> manifests = registry.findAll(putRequestedFor(urlPathMatching("/v2/mlops-sdk/manifests/.*")));
        assertThat(manifests).hasSize(1);
        assertThat(manifests.get(0).getUrl()).isEqualTo("/v2/mlops-sdk/manifests/" + image.tag());
        assertThat(manifests.get(0).getHeader("Authorization")).isEqualTo(AUTH);
        String manifest = manifests.get(0).getBodyAsString();
        assertThat(manifest).contains("\"layers\"").contains("application/vnd.docker.image.rootfs.diff.tar.gzip");
        // both layers and the config were uploaded as blobs, with the digests of the manifest
        List<LoggedRequest> commits = registry.findAll(putRequestedFor(urlPathEqualTo("/v2/mlops-sdk/blobs/uploads/u1")));
        assertThat(commits).hasSize(3);
        commits.forEach(c -> assertThat(manifest).contains(c.queryParameter("digest").firstValue()));
    }
}
