package dev.mlops.jupyter.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlops.jupyter.ChartView;
import dev.mlops.jupyter.Fixtures;
import dev.mlops.jupyter.MlopsViews;
import dev.mlops.jupyter.TableView;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opens the model-versions table and the metrics chart in headless Chromium and checks what a person sees: the table's
 * values (markup in a comment shows as text, not as markup), a table and a chart with a visible size, no cell whose
 * text overflows it, every chart label inside the chart, and a screenshot that is not blank, in a light and a dark
 * colour scheme. The screenshots stay in {@code target/chromium/}. With {@code CI=true} a missing Chromium fails the
 * test; elsewhere it skips.
 */
class ChromiumRenderTest {
    private static final Path OUT = Path.of("target", "chromium");

    @TempDir
    Path tmp;

    /** The page's checks, as one JSON value. */
    private static final String PROBE = """
            (() => {
              const box = e => { const r = e.getBoundingClientRect(); return {w: r.width, h: r.height, x: r.x, y: r.y}; };
              const table = document.querySelector('table');
              const svg = document.querySelector('svg');
              const overflowing = [...document.querySelectorAll('td, th')]
                  .filter(c => c.scrollWidth > c.clientWidth + 1 || c.scrollHeight > c.clientHeight + 1)
                  .map(c => c.textContent);
              const s = svg.getBoundingClientRect();
              const outside = [...svg.querySelectorAll('text')].filter(t => {
                  const b = t.getBoundingClientRect();   // after transforms (the rotated axis label)
                  return b.width === 0 || b.left < s.left || b.top < s.top || b.right > s.right || b.bottom > s.bottom;
              }).map(t => t.textContent);
              const cell = document.querySelector('td');
              return {text: document.body.innerText, table: box(table), svg: box(svg), overflowing, outside,
                      scripts: document.scripts.length, bold: document.querySelectorAll('td b').length,
                      cellColor: getComputedStyle(cell).color, bodyBackground: getComputedStyle(document.body).backgroundColor,
                      scheme: matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light'};
            })()
            """;

    @Test
    void modelVersionsAndMetricsChartAsAPersonSeesThem() throws Exception {
        boolean ci = "true".equalsIgnoreCase(System.getenv("CI"));
        if (!Chromium.installed()) {
            if (ci) {
                throw new AssertionError(Chromium.BINARY + " is missing; .ci/run installs Debian's chromium package");
            }
            assumeTrue(false, Chromium.BINARY + " is not installed (apt-get install chromium); skipped outside CI");
        }
        TableView table = MlopsViews.modelVersions(Fixtures.versions());
        ChartView chart = MlopsViews.metricsChart(Fixtures.versions());
        Path page = tmp.resolve("versions.html");
        Files.writeString(page, MlopsViews.document("Model versions", table, chart), StandardCharsets.UTF_8);
        Files.createDirectories(OUT);

        for (String scheme : new String[] {"light", "dark"}) {
            Path profile = Files.createDirectory(tmp.resolve("profile-" + scheme));
            try (Chromium browser = Chromium.open(page, profile, tmp.resolve("chromium-" + scheme + ".log"))) {
                browser.call("Emulation.setEmulatedMedia", Map.of("features",
                        java.util.List.of(Map.of("name", "prefers-color-scheme", "value", scheme))));
                browser.awaitLoaded(page);
                JsonNode seen = browser.evaluate(PROBE);
                assertThat(seen.path("scheme").asText()).isEqualTo(scheme);

                String text = seen.path("text").asText();
                assertThat(text).contains("Model versions of abalone-p-<group>&co", "PendingManualApproval", "4.81", "6.37", "v4",
                        "0123456", "MSE below 6.0 on the test split", Fixtures.HOSTILE);
                assertThat(seen.path("scripts").asInt()).as("script elements (the comment's markup must stay text)").isZero();
                assertThat(seen.path("bold").asInt()).as("<b> elements from the comment").isZero();

                assertThat(seen.path("table").path("w").asDouble()).isGreaterThan(300);
                assertThat(seen.path("table").path("h").asDouble()).isGreaterThan(60);
                assertThat(seen.path("svg").path("w").asDouble()).isGreaterThan(300);
                assertThat(seen.path("svg").path("h").asDouble()).isGreaterThan(150);
                assertThat(seen.path("table").path("x").asDouble() + seen.path("table").path("w").asDouble())
                        .as("table's right edge inside the 1280 px window").isLessThanOrEqualTo(1280);
                assertThat(seen.path("overflowing")).as("cells whose text overflows them").isEmpty();
                assertThat(seen.path("outside")).as("chart labels outside the chart").isEmpty();

                // The table inherits the page's colours: light text on the dark scheme, dark text on the light one.
                double cell = luminance(seen.path("cellColor").asText());
                assertThat(scheme.equals("dark") ? cell > 0.6 : cell < 0.3).as("cell text " + seen.path("cellColor")
                        + " against body " + seen.path("bodyBackground")).isTrue();

                byte[] png = browser.screenshot();
                Files.write(OUT.resolve("versions-" + scheme + ".png"), png);
                BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
                assertThat(image.getWidth()).isGreaterThan(600);
                assertThat(distinctColours(image)).as("colours in the screenshot").isGreaterThan(20);
            }
        }
    }

    /** Relative luminance (0 black … 1 white) of a CSS {@code rgb(r, g, b)} colour. */
    private static double luminance(String css) {
        String[] p = css.replaceAll("[^0-9.,]", "").split(",");
        double r = Double.parseDouble(p[0]) / 255;
        double g = Double.parseDouble(p[1]) / 255;
        double b = Double.parseDouble(p[2]) / 255;
        return 0.2126 * r + 0.7152 * g + 0.0722 * b;
    }

    private static int distinctColours(BufferedImage image) {
        Set<Integer> colours = new HashSet<>();
        for (int y = 0; y < image.getHeight(); y += 2) {
            for (int x = 0; x < image.getWidth(); x += 2) {
                colours.add(image.getRGB(x, y));
            }
        }
        return colours.size();
    }
}
