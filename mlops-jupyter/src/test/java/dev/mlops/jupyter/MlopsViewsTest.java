package dev.mlops.jupyter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.ExecutionStatus;
import dev.mlops.ModelApprovalStatus;
import dev.mlops.ProjectStatus;
import dev.mlops.exception.ValidationException;
import dev.mlops.monitor.MonitoringExecution;
import dev.mlops.monitor.MonitoringExecutionStatus;
import dev.mlops.monitor.MonitoringType;
import dev.mlops.monitor.Violation;
import java.io.StringReader;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.xml.sax.InputSource;

class MlopsViewsTest {
    private static final Instant T = Instant.parse("2026-12-01T10:00:00Z");

    @Test
    void escapesUserTextInHtmlAndKeepsItWellFormed() {
        String html = MlopsViews.modelVersions(Fixtures.versions()).html();
        assertThat(html).doesNotContain("<script>", "<b>not bold").contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; "
                + "&quot;quotes&quot;", "abalone-p-&lt;group&gt;&amp;co");
        Document doc = xml("<root>" + html + "</root>");
        assertThat(doc.getElementsByTagName("tr").getLength()).isEqualTo(5);
        assertThat(doc.getElementsByTagName("script").getLength()).isZero();
        assertThat(html).doesNotContain("<link", "<style", "@import", "url(", "src=");
    }

    @Test
    void controlCharactersThatXmlForbidsBecomeReplacementCharacters() {
        TableView t = TableView.builder("t\u0000").column("c").row("bell\u0007 tab\t ok 😀").build();
        String html = t.html();
        assertThat(html).contains("t\uFFFD", "bell\uFFFD tab\t ok 😀");
        xml("<root>" + html + "</root>");
        ChartView c = ChartView.builder(ChartView.Kind.BAR, "chart \u0001<&>").categories(List.of("a\u0002"))
                .series(new ChartSeries("s\u0003", List.of(1.0))).build();
        xml(c.svg());
    }

    @Test
    void textIsAReadableTable() {
        String text = MlopsViews.modelVersions(Fixtures.versions()).toString();
        assertThat(text).startsWith("Model versions of abalone-p-<group>&co\n");
        List<String> lines = text.lines().toList();
        assertThat(lines.get(1)).startsWith("version  status").contains("mse  ", "decision");
        assertThat(lines.get(2)).matches("[- ]+");
        assertThat(lines.get(4)).startsWith("2        Rejected").contains("<script>alert('x')</script>");
        assertThat(lines).hasSize(7);
    }

    @Test
    void statusShowsEverySection() {
        ProjectStatus s = new ProjectStatus("abalone", "local",
                List.of(new ProjectStatus.PipelineState("modelbuild", Optional.of("exec-1"), Optional.of(ExecutionStatus.Succeeded),
                        Optional.empty())),
                List.of(new ProjectStatus.PendingGate("modeldeploy", "ApproveDeployment", "exec-2",
                        Optional.of("arn:aws:sagemaker:us-east-1:0:model-package/g/3"))),
                Optional.of(new ProjectStatus.ModelState(3, ModelApprovalStatus.Approved, "arn:x/3")), Optional.empty(),
                List.of(new ProjectStatus.EnvironmentState("staging", "abalone-staging", "InService", Optional.of("arn:x/3"))), T);
        ViewGroup v = MlopsViews.status(s);
        assertThat(v.parts()).extracting(p -> ((TableView) p).title())
                .containsExactly("Pipelines", "Pending gates", "Models", "Environments");
        assertThat(((TableView) v.parts().get(1)).rows()).containsExactly(List.of("modeldeploy", "ApproveDeployment", "exec-2", "3"));
        assertThat(v.html()).contains("background:#1a7f37", ">InService</span>");
        assertThat(v.text()).contains("Project abalone on local (read 2026-12-01 10:00:00Z)", "latest  3        Approved");
        assertThat(MlopsViews.of(s)).isPresent();
    }

    @Test
    void metricsChartHasASeriesPerMetricAndParsesAsSvg() {
        ChartView c = MlopsViews.metricsChart(Fixtures.versions(), "mse");
        assertThat(c.categories()).containsExactly("v1", "v2", "v3", "v4");
        assertThat(c.series()).extracting(ChartSeries::name).containsExactly("mse");
        Document svg = xml(c.svg());
        assertThat(svg.getDocumentElement().getNamespaceURI()).isEqualTo("http://www.w3.org/2000/svg");
        assertThat(svg.getElementsByTagNameNS("http://www.w3.org/2000/svg", "circle").getLength()).isEqualTo(4);
        assertThat(c.mimeBundle()).containsOnlyKeys("text/html", "image/svg+xml", "text/plain");
        assertThat(c.text()).contains("v3             4.81").contains("model version");
    }

    @Test
    void driftChartPlotsReportedDistancesWithTheThreshold() {
        MonitoringExecution first = run("m-1", 0);
        MonitoringExecution second = run("m-2", 2);
        Map<MonitoringExecution, List<Violation>> runs = new LinkedHashMap<>();
        runs.put(first, List.of());
        runs.put(second, List.of(new Violation("_c2", Violation.BASELINE_DRIFT_CHECK,
                        "Numerical distance: 0.651056238239755 exceeds numerical threshold: 0.1"),
                new Violation("_c1", Violation.CATEGORICAL_VALUES_CHECK, "Value: 0.27 does not meet the constraint requirement! ")));
        ChartView c = MlopsViews.driftChart("prod-data-quality", runs);
        assertThat(c.series()).extracting(ChartSeries::name).containsExactly("_c2");
        assertThat(c.series().get(0).values().get(0)).isNaN();
        assertThat(c.series().get(0).values().get(1)).isEqualTo(0.651056238239755);
        assertThat(c.threshold()).hasValue(0.1);
        assertThat(c.note()).contains("violations per run: 0, 2");
        assertThat(c.svg()).contains("class=\"threshold\"");
        xml(c.svg());
    }

    @Test
    void emptyTablesAndChartsSaySo() {
        assertThat(MlopsViews.gates(List.of()).html()).contains(">none</td>");
        assertThat(MlopsViews.gates(List.of()).text()).contains("(none)");
        assertThat(MlopsViews.metricsChart(List.of()).svg()).contains("no values to plot");
        assertThat(MlopsViews.of(List.of())).isEmpty();
        assertThat(MlopsViews.of(List.of("a string"))).isEmpty();
        assertThat(MlopsViews.of(42)).isEmpty();
    }

    @Test
    void badInputNamesFieldValueAndRule() {
        assertThatThrownBy(() -> TableView.builder("t").column("a").row("1", "2")).isInstanceOf(ValidationException.class)
                .hasMessageContaining("TableView.row").hasMessageContaining("one cell per column");
        assertThatThrownBy(() -> ChartView.builder(ChartView.Kind.LINE, "c").categories(List.of("a", "b"))
                .series(new ChartSeries("s", List.of(1.0))).build()).isInstanceOf(ValidationException.class)
                .hasMessageContaining("one value per category (2)");
        assertThatThrownBy(() -> new ChartSeries(" ", List.of())).isInstanceOf(ValidationException.class);
    }

    private static MonitoringExecution run(String id, int violations) {
        return new MonitoringExecution(id, "prod-data-quality", "prod", MonitoringType.DataQuality, T, T.minusSeconds(3600), T,
                violations == 0 ? MonitoringExecutionStatus.Completed : MonitoringExecutionStatus.CompletedWithViolations,
                Optional.empty(), Optional.empty(), violations, 100, Map.of(), Optional.empty(), T, Optional.of(T));
    }

    static Document xml(String text) {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            return f.newDocumentBuilder().parse(new InputSource(new StringReader(text)));
        } catch (Exception e) {
            throw new AssertionError("not well-formed: " + e.getMessage() + "\n" + text, e);
        }
    }
}
