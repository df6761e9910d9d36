package dev.mlops.pipeline.ml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlops.exception.ValidationException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FeatureTransformTest {
    private static final List<String[]> ROWS = List.of(
            new String[] {"M", "1", "5"},
            new String[] {"F", "2", "5"},
            new String[] {"", "", "5"},
            new String[] {" I ", "4", "5"});

    private static FeatureTransform fitted() {
        return FeatureTransform.builder().categorical("sex", 0).numeric("length", 1).numeric("constant", 2)
                .fit(ROWS);
    }

    @Test
    void fitsMedianImputationStandardScalingAndSortedCategoriesLikeScikitLearn() {
        FeatureTransform t = fitted();
        assertThat(t.inputColumns()).containsExactly("sex", "length", "constant");
        assertThat(t.outputColumns()).containsExactly("num__length", "num__constant", "cat__sex_F",
                "cat__sex_I", "cat__sex_M", "cat__sex_missing");
        FeatureTransform.NumericColumn length = t.numeric().get(0);
        // Imputed [1, 2, 2, 4]: median 2, mean 2.25, population variance 4.75 / 4.
        assertThat(length.median()).isEqualTo(2.0);
        assertThat(length.mean()).isEqualTo(2.25);
        assertThat(length.scale()).isCloseTo(Math.sqrt(1.1875), within(1e-15));
        // A zero standard deviation leaves the column centred only.
        assertThat(t.numeric().get(1).scale()).isEqualTo(1.0);

        float[] row = t.transform(new String[] {"F", "4", "7"});
        assertThat(row).containsExactly((float) (1.75 / Math.sqrt(1.1875)), 2f, 1f, 0f, 0f, 0f);
        // A missing number becomes the median; a missing category becomes "missing".
        assertThat(t.transform(new String[] {"NA", " ", "5"}))
                .containsExactly((float) (-0.25 / Math.sqrt(1.1875)), 0f, 0f, 0f, 0f, 1f);
    }

    @Test
    void encodesAnUnknownCategoryAsAllZeros() {
        float[] out = new float[6];
        java.util.Arrays.fill(out, 9f);
        fitted().transform(new String[] {"X", "1", "5"}, out);
        assertThat(out).endsWith(0f, 0f, 0f, 0f);
    }

    @Test
    void rejectsBadRowsNamingTheColumnTheValueAndTheRule() {
        FeatureTransform t = fitted();
        assertThatThrownBy(() -> t.transform(new String[] {"M", "1"}))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("2 values").hasMessageContaining("exactly 3 values")
                .hasMessageContaining("[sex, length, constant]");
        assertThatThrownBy(() -> t.transform(new String[] {"M", "abc", "5"}))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("'length'").hasMessageContaining("index 1")
                .hasMessageContaining("\"abc\"").hasMessageContaining("decimal number")
                .satisfies(e -> assertThat(((ValidationException) e).context()).containsEntry("value", "abc"));
        assertThatThrownBy(() -> t.transform(new String[] {"M", "1f", "5"})).isInstanceOf(ValidationException.class);
        assertThatThrownBy(() -> t.transform(new String[] {"M", "1e999", "5"}))
                .isInstanceOf(ValidationException.class).hasMessageContaining("finite");
        assertThatThrownBy(() -> FeatureTransform.builder().numeric("a", 0).numeric("b", 2).fit(ROWS))
                .isInstanceOf(ValidationException.class).hasMessageContaining("'b'");
        assertThatThrownBy(() -> FeatureTransform.builder().numeric("a", 0).fit(List.<String[]>of(new String[] {""})))
                .isInstanceOf(ValidationException.class).hasMessageContaining("'a'")
                .hasMessageContaining("missing");
        assertThatThrownBy(() -> FeatureTransform.builder().categorical("sex", 0).numeric("length", 1)
                .numeric("constant", 2).fit(List.<String[]>of(new String[] {"M", "1", "5"}, new String[] {"F", "x", "5"})))
                .isInstanceOf(ValidationException.class).hasMessageContaining("row 1")
                .hasMessageContaining("'length'");
    }

    @Test
    void roundTripsThroughJsonAndJacksonWithIdenticalOutput(@TempDir Path dir) throws Exception {
        FeatureTransform t = fitted();
        Path file = dir.resolve(FeatureTransform.FILE_NAME);
        t.write(file);
        FeatureTransform back = FeatureTransform.read(file);
        assertThat(back).isEqualTo(t);
        String[] raw = {"I", "3.3", ""};
        assertThat(back.transform(raw)).containsExactly(t.transform(raw));

        ObjectMapper mapper = new ObjectMapper();
        FeatureTransform viaMapper = mapper.readValue(mapper.writeValueAsString(t), FeatureTransform.class);
        assertThat(viaMapper.outputColumns()).isEqualTo(t.outputColumns());
        assertThatThrownBy(() -> FeatureTransform.fromJson("{\"format\":\"other/9\"}"))
                .isInstanceOf(ValidationException.class).hasMessageContaining("other/9");
    }

    @Test
    void fitsTheAbaloneFeaturesToZeroMeanAndUnitVariance() {
        List<String[]> rows = AbaloneData.rows().stream().map(r -> java.util.Arrays.copyOf(r, 8)).toList();
        FeatureTransform t = FeatureTransform.builder().categorical("sex", 0).numeric("length", 1)
                .numeric("diameter", 2).numeric("height", 3).numeric("whole_weight", 4)
                .numeric("shucked_weight", 5).numeric("viscera_weight", 6).numeric("shell_weight", 7).fit(rows);
        assertThat(t.outputColumns()).hasSize(10).endsWith("cat__sex_F", "cat__sex_I", "cat__sex_M");
        double sum = 0;
        double squares = 0;
        for (String[] r : rows) {
            float v = t.transform(r)[0];
            sum += v;
            squares += v * v;
        }
        assertThat(sum / rows.size()).isCloseTo(0, within(1e-6));
        assertThat(squares / rows.size()).isCloseTo(1, within(1e-5));
    }
}
