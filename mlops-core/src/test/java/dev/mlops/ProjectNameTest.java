package dev.mlops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.exception.ValidationException;
import dev.mlops.template.Template;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Project names follow SageMaker's CreateProject rule: {@code ^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,31}}, 32 at most. */
class ProjectNameTest {

    @ParameterizedTest
    @ValueSource(strings = {"1abalone", "9", "2024-churn", "abalone", "a--b", "abcdefghijklmnopqrstuvwxyz012345"})
    void namesOfSageMakersRule_areAccepted_aLeadingDigitIncluded(String name) {
        assertThatCode(() -> MlopsProjects.builder().name(name)).doesNotThrowAnyException();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "abcdefghijklmnopqrstuvwxyz0123456", "-abalone", "abalone-", "aba lone", "aba_lone"})
    void namesOutsideTheRule_areRefusedNamingFieldValueAndRule(String name) {
        assertThatThrownBy(() -> MlopsProjects.builder().name(name))
                .isInstanceOfSatisfying(ValidationException.class, e -> {
                    assertThat(e.field()).isEqualTo("Project.name");
                    assertThat(e.getMessage()).contains("\"" + name + "\"").contains("1 to 32 characters")
                            .contains("a letter or digit first");
                });
    }

    @Test
    void thirtyThreeCharacters_areRefused_evenOfTheRightAlphabet() {
        assertThat("a".repeat(33)).hasSize(33);
        assertThatThrownBy(() -> MlopsProjects.builder().name("1" + "a".repeat(32))).isInstanceOf(ValidationException.class);
    }

    @Test
    void environmentNames_stillStartWithALetter() {
        assertThatThrownBy(() -> Template.builder().id("t").displayName("t").addEnvironments("1staging").build())
                .isInstanceOf(ValidationException.class).hasMessageContaining("Template.environments");
    }
}
