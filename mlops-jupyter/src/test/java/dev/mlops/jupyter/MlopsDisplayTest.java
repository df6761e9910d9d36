package dev.mlops.jupyter;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.spencerpark.jupyter.kernel.display.DisplayData;
import io.github.spencerpark.jupyter.kernel.display.Renderer;
import io.github.spencerpark.jupyter.kernel.display.mime.MIMEType;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The renderers MlopsDisplay registers with the base kernel's real Renderer. */
class MlopsDisplayTest {
    @Test
    void rendersApiValuesAndViewsAsTheirBundles() {
        Renderer renderer = new Renderer();
        MlopsDisplay.register(renderer);

        DisplayData versions = renderer.render(Fixtures.versions());
        assertThat((String) versions.getData(MIMEType.TEXT_HTML)).contains("<table", "PendingManualApproval");
        assertThat((String) versions.getData(MIMEType.TEXT_PLAIN)).startsWith("Model versions of");

        DisplayData one = renderer.render(Fixtures.versions().get(0));
        assertThat((String) one.getData(MIMEType.TEXT_HTML)).contains(">Approved</span>");

        DisplayData chart = renderer.render(MlopsViews.metricsChart(Fixtures.versions()));
        assertThat((String) chart.getData(MIMEType.IMAGE_SVG)).startsWith("<svg xmlns=\"http://www.w3.org/2000/svg\"");
        assertThat((String) chart.getData(MIMEType.TEXT_HTML)).contains("<svg xmlns=\"http://www.w3.org/2000/svg\"");

        DisplayData asText = renderer.renderAs(Fixtures.versions(), "text/plain");
        assertThat(asText.hasDataForType(MIMEType.TEXT_HTML)).isFalse();
        assertThat((String) asText.getData(MIMEType.TEXT_PLAIN)).startsWith("Model versions of");
    }

    @Test
    void otherValuesKeepTheirTextDisplay() {
        Renderer renderer = new Renderer();
        MlopsDisplay.register(renderer);
        DisplayData strings = renderer.render(List.of("a", "b"));
        assertThat(strings.hasDataForType(MIMEType.TEXT_HTML)).isFalse();
        assertThat(strings.getData(MIMEType.TEXT_PLAIN)).isEqualTo("[a, b]");
        assertThat(renderer.render(42).getData(MIMEType.TEXT_PLAIN)).isEqualTo("42");
    }

    @Test
    void displayDataCarriesTheBundle() {
        DisplayData d = MlopsDisplay.displayData(MlopsViews.gates(List.of()));
        assertThat(d.hasDataForType(MIMEType.TEXT_HTML)).isTrue();
        assertThat(d.hasDataForType(MIMEType.TEXT_PLAIN)).isTrue();
    }
}
