package dev.mlops.aws.internal.images;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.aws.AwsBackend;
import dev.mlops.exception.ValidationException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SdkImageSourceTest {
    private static final String URI = "123456789012.dkr.ecr.us-east-1.amazonaws.com/mlops-sdk:0.1.0-3f2a9c1b7d4e";

    @Test
    void prebuilt_isValidatedAsAnEcrImageUri() {
        assertThat(SdkImageSource.prebuilt("sdkImage", URI).get()).isEqualTo(URI);
        assertThat(SdkImageSource.prebuilt("sdkImage", "123456789012.dkr.ecr.cn-north-1.amazonaws.com.cn/mlops-sdk@sha256:"
                + "0".repeat(64)).get()).endsWith("0000");
        for (String bad : new String[] {"mlops-sdk:latest", "public.ecr.aws/amazoncorretto/amazoncorretto:17",
                "123456789012.dkr.ecr.us-east-1.amazonaws.com/mlops-sdk", ""}) {
            assertThatThrownBy(() -> SdkImageSource.prebuilt("sdkImage", bad)).as(bad)
                    .isInstanceOf(ValidationException.class).hasMessageContaining("sdkImage")
                    .hasMessageContaining("ECR image URI");
        }
        assertThatThrownBy(() -> AwsBackend.builder().sdkImage("mlops-sdk:latest"))
                .isInstanceOf(ValidationException.class).hasMessageContaining("sdkImage");
    }

    @Test
    void publisher_isAskedOnce_andItsAnswerChecked() {
        AtomicInteger pushes = new AtomicInteger();
        SdkImageSource source = SdkImageSource.of(() -> {
            pushes.incrementAndGet();
            return URI;
        });
        assertThat(source.toString()).contains("not yet resolved");
        assertThat(source.get()).isEqualTo(URI);
        assertThat(source.get()).isEqualTo(URI);
        assertThat(pushes).hasValue(1);
        assertThat(source.toString()).contains(URI);

        assertThatThrownBy(() -> SdkImageSource.of(() -> "not-an-image").get())
                .isInstanceOf(ValidationException.class).hasMessageContaining("not-an-image");
    }
}
