package dev.mlops.pipeline.ml.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlops.exception.ValidationException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RequestRowsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static List<String> rows(String body) throws Exception {
        JsonNode root = JSON.readTree(body);
        List<String> out = new ArrayList<>();
        int n = RequestRows.forEachJsonRow(root, () -> body, (values, row) -> out.add(row + ":"
                + String.join("|", RequestRows.textValues(values, row))));
        assertThat(n).isEqualTo(out.size());
        return out;
    }

    @Test
    void readsEveryJsonShape() throws Exception {
        assertThat(rows("{\"instances\":[[1,\"M\"],[2,null]]}")).containsExactly("1:1|M", "2:2|");
        assertThat(rows("{\"instances\":[{\"features\":[3,4]}]}")).containsExactly("1:3|4");
        assertThat(rows("{\"features\":[5,6]}")).containsExactly("1:5|6");
        assertThat(rows("[[7],[8]]")).containsExactly("1:7", "2:8");
        assertThat(rows("[9,10]")).containsExactly("1:9|10");
    }

    @Test
    void refusesOtherShapes_namingTheRowAndColumn() {
        assertThatThrownBy(() -> rows("{\"rows\":[]}")).isInstanceOf(ValidationException.class)
                .hasMessageContaining("body").hasMessageContaining("instances");
        assertThatThrownBy(() -> rows("{\"instances\":[]}")).hasMessageContaining("a non-empty array of rows");
        assertThatThrownBy(() -> rows("{\"instances\":[[1],{\"x\":1}]}")).isInstanceOf(ValidationException.class)
                .satisfies(e -> assertThat(((ValidationException) e).field()).isEqualTo("row 2"));
        assertThatThrownBy(() -> rows("[[1,{}]]")).isInstanceOf(ValidationException.class)
                .satisfies(e -> assertThat(((ValidationException) e).field()).isEqualTo("row 1, column 2"));
    }

    @Test
    void csvRowsSkipBlankLines_andRefuseQuotes() {
        assertThat(RequestRows.csvRows("1,M\r\n\n2,\n")).extracting(r -> String.join("|", r))
                .containsExactly("1|M", "2|");
        assertThatThrownBy(() -> RequestRows.csvRows("1,2\n\"a\",3")).isInstanceOf(ValidationException.class)
                .satisfies(e -> assertThat(((ValidationException) e).field()).isEqualTo("row 2"));
    }

    @Test
    void atRowPrefixesTheField() {
        ValidationException e = RequestRows.atRow(3, new ValidationException("column sex", "X", "a known category"));
        assertThat(e.field()).isEqualTo("row 3: column sex");
        assertThat(e.rule()).isEqualTo("a known category");
        assertThat(RequestRows.wrongColumnCount(2, 3, 8, "the model").field()).isEqualTo("row 2");
    }
}
