package dev.mlops.monitor.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.exception.MlopsClientException;
import java.io.StringReader;
import java.util.List;
import org.junit.jupiter.api.Test;

class PredictionInputTest {

    @Test
    void csvRowsFeedTheCalculatorAndGapsAreCounted() {
        String csv = "label,score,predicted\n1,0.9,1\n0,0.2,0\n1,,\n0,0.7,1\n";
        List<PredictionRow> rows = PredictionRows.readCsv(new StringReader(csv), "predicted", "score", "label");
        assertThat(rows).hasSize(4);
        assertThat(rows.get(0)).isEqualTo(new PredictionRow("1", 0.9, "1"));
        ModelQualityReport r = ModelQuality.binaryClassification().compute(rows);
        assertThat(r.itemCount()).isEqualTo(3);
        assertThat(r.skippedRows()).containsEntry("prediction is missing", 1L);
        assertThat(r.value("precision")).isEqualTo(0.5);
    }

    @Test
    void jsonLinesAndMissingColumnsAreHandled() {
        String jsonl = "{\"p\": 2.5, \"y\": 3}\n{\"p\": 1.0, \"y\": 1}\n";
        List<PredictionRow> rows = PredictionRows.readJsonLines(new StringReader(jsonl), "p", null, "y");
        assertThat(ModelQuality.regression().compute(rows).value("mae")).isEqualTo(0.25);
        assertThatThrownBy(() -> PredictionRows.readCsv(new StringReader("a,b\n1,2\n"), "pred", null, "b"))
                .isInstanceOf(MlopsClientException.class)
                .hasMessageContaining("prediction column 'pred'").hasMessageContaining("[a, b]");
        assertThatThrownBy(() -> PredictionRows.readJsonLines(new StringReader("{\"p\":1}\n[oops"), "p", null, "y"))
                .isInstanceOf(MlopsClientException.class).hasMessageContaining("line 2");
    }

    @Test
    void groundTruthJoinCountsRecordsWithoutAPartner() {
        String gt = """
                {"groundTruthData":{"data":"1","encoding":"CSV"},"eventMetadata":{"eventId":"a"},"eventVersion":"0"}
                {"groundTruthData":{"data":"0","encoding":"CSV"},"eventMetadata":{"eventId":"b"},"eventVersion":"0"}
                {"groundTruthData":{"data":"1","encoding":"CSV"},"eventMetadata":{"eventId":"zzz"},"eventVersion":"0"}
                """;
        List<GroundTruthJoin.GroundTruth> truth = GroundTruthJoin.readGroundTruth(new StringReader(gt));
        GroundTruthJoin.Result joined = GroundTruthJoin.join(List.of(
                new GroundTruthJoin.Inference("a", "1", 0.8), new GroundTruthJoin.Inference("b", "1", 0.6),
                new GroundTruthJoin.Inference("c", "0", 0.1)), truth);
        assertThat(joined.rows()).containsExactly(new PredictionRow("1", 0.8, "1"), new PredictionRow("1", 0.6, "0"));
        assertThat(joined.inferencesWithoutGroundTruth()).isEqualTo(1);
        assertThat(joined.groundTruthWithoutInference()).isEqualTo(1);
        assertThat(joined.duplicateGroundTruth()).isZero();
        assertThatThrownBy(() -> GroundTruthJoin.readGroundTruth(new StringReader("{\"groundTruthData\":{}}")))
                .isInstanceOf(MlopsClientException.class).hasMessageContaining("line 1")
                .hasMessageContaining("eventMetadata.eventId");
    }
}
