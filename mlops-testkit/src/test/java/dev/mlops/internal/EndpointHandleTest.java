package dev.mlops.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.Endpoint;
import dev.mlops.exception.MlopsClientException;
import dev.mlops.exception.ValidationException;
import org.junit.jupiter.api.Test;

class EndpointHandleTest {

    @Test
    void invoke_answersThroughTheHost() {
        try (MemoryFixture f = new MemoryFixture("invoke")) {
            f.inStaging(f.built());
            Endpoint e = f.project.environments().staging().endpoint();
            assertThat(e).isInstanceOf(EndpointHandle.class);
            assertThat(e.name()).isEqualTo("invoke-staging");
            assertThat(e.url().toString()).isEqualTo("memory://endpoints/invoke-staging");
            String answer = e.invoke(MemoryFixture.ROW);
            assertThat(Double.parseDouble(answer.strip())).isBetween(1.0, 30.0);
            assertThat(e.invoke("text/csv", "text/csv", MemoryFixture.ROW)).isEqualTo(answer);
            assertThat(e.invoke("text/csv", "text/csv", MemoryFixture.ROW, "inference-1")).isEqualTo(answer);
            assertThat(e.invoke(MemoryFixture.ROW + "\n" + MemoryFixture.ROW).strip().split("\n")).hasSize(2);
            assertThatThrownBy(() -> e.invoke("application/json", "application/json", "{}"))
                    .isInstanceOf(MlopsClientException.class).hasMessageContaining("415");
            assertThat(e.toString()).contains("invoke-staging").contains("InService");
        }
    }

    @Test
    void invoke_withNullOrBlankArguments_isAValidationError() {
        try (MemoryFixture f = new MemoryFixture("badinput")) {
            f.inStaging(f.built());
            Endpoint e = f.project.environments().staging().endpoint();
            f.memory.resetCalls();
            assertThatThrownBy(() -> e.invoke(null)).isInstanceOf(ValidationException.class);
            assertThatThrownBy(() -> e.invoke(null, "text/csv", "1")).isInstanceOf(ValidationException.class)
                    .hasMessageContaining("Endpoint.invoke.contentType");
            assertThatThrownBy(() -> e.invoke(" ", "text/csv", "1")).isInstanceOf(ValidationException.class);
            assertThatThrownBy(() -> e.invoke("text/csv", null, "1")).isInstanceOf(ValidationException.class)
                    .hasMessageContaining("Endpoint.invoke.accept");
            assertThatThrownBy(() -> e.invoke("text/csv", "", "1")).isInstanceOf(ValidationException.class);
            assertThatThrownBy(() -> e.invoke("text/csv", "text/csv", null)).isInstanceOf(ValidationException.class)
                    .hasMessageContaining("Endpoint.invoke.body");
            for (String id : new String[] {null, "", "x".repeat(65), "caf\u00e9", "tab\there"}) {
                assertThatThrownBy(() -> e.invoke("text/csv", "text/csv", "1", id)).as("inference id %s", id)
                        .isInstanceOf(ValidationException.class).hasMessageContaining("Endpoint.invoke.inferenceId");
            }
            assertThat(f.memory.calls()).as("refused before any call").doesNotContainKey("endpoints.invoke");
        }
    }
}
