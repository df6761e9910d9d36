package dev.mlops.monitor.bias;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Bias-drift constraints widened by their sampling error: windows drawn from the baseline's population do not flag,
 * where Clarify's rule against the baseline's own values flags about half the metrics; a real shift still does.
 */
class BiasConstraintsTest {
    private static final BiasConfig CONFIG = BiasConfig.builder().label("label").labelValues("1").facet("sex")
            .facetValues("F").predictedLabel("pred").build();

    /** Rows of a population where facet F is a third, positives are rarer in F and the model errs 20 % of the time. */
    private static BiasDataset sample(SplittableRandom r, int n, double flipFemalePositives) {
        List<List<String>> rows = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            boolean female = r.nextDouble() < 0.33;
            double x = r.nextGaussian() + (female ? -0.3 : 0.3);
            boolean label = r.nextDouble() < (female ? 0.3 : 0.45);
            boolean pred = r.nextDouble() < 0.8 == label;
            if (female && pred && r.nextDouble() < flipFemalePositives) {
                pred = false;
            }
            rows.add(List.of(female ? "F" : "M", Double.toString(x), label ? "1" : "0", pred ? "1" : "0"));
        }
        return BiasDataset.of(List.of("sex", "x", "label", "pred"), rows);
    }

    @Test
    void windowsFromTheBaselinesPopulationDoNotFlag_theBaselinesOwnValuesDo() {
        SplittableRandom r = new SplittableRandom(7);
        BiasDataset baselineTable = sample(r, 600, 0);
        BiasReport baseline = Bias.analyze(baselineTable, CONFIG);
        BiasReport constraints = BiasConstraints.suggest(baselineTable, CONFIG, baseline);
        int strict = 0;
        int widened = 0;
        for (int w = 0; w < 10; w++) {
            BiasReport window = Bias.analyze(sample(r, 800, 0), CONFIG);
            strict += postTraining(BiasDrift.check(baseline, window), window);
            widened += postTraining(BiasDrift.check(constraints, window), window);
        }
        // 13 post-training metrics a window: a coin toss each against the baseline's own values
        assertThat(strict).isGreaterThan(30);
        assertThat(widened).isLessThanOrEqualTo(1);
    }

    @Test
    void aRealShiftIsStillFlagged() {
        SplittableRandom r = new SplittableRandom(8);
        BiasDataset baselineTable = sample(r, 600, 0);
        BiasReport constraints = BiasConstraints.suggest(baselineTable, CONFIG, Bias.analyze(baselineTable, CONFIG));
        // the model now turns away 60 % of the positive predictions it made for facet F
        BiasReport shifted = Bias.analyze(sample(r, 800, 0.6), CONFIG);
        assertThat(BiasDrift.check(constraints, shifted)).extracting(BiasDriftViolation::metricName)
                .contains("DI", "RD");
    }

    @Test
    void constraintsKeepTheBaselinesSideOfTheIdealAndAreReproducible() {
        BiasDataset table = sample(new SplittableRandom(9), 400, 0);
        BiasReport baseline = Bias.analyze(table, CONFIG);
        BiasReport constraints = BiasConstraints.suggest(table, CONFIG, baseline);
        for (BiasMetric m : baseline.postTraining().get(0).metrics()) {
            if (!m.hasValue()) {
                continue;
            }
            double ideal = m.name().equals("DI") ? 1 : 0;
            double c = constraints.metric(m.name()).orElseThrow().value();
            assertThat(Math.abs(c - ideal)).as(m.name()).isGreaterThanOrEqualTo(Math.abs(m.value() - ideal));
            assertThat(Math.signum(c - ideal)).as(m.name()).isEqualTo(m.value() < ideal ? -1.0 : 1.0);
        }
        assertThat(BiasConstraints.suggest(table, CONFIG, baseline).toAnalysisJson())
                .isEqualTo(constraints.toAnalysisJson());
    }

    private static int postTraining(List<BiasDriftViolation> violations, BiasReport window) {
        List<String> post = window.postTraining().get(0).metrics().stream().map(BiasMetric::name).toList();
        return (int) violations.stream().filter(v -> post.contains(v.metricName())).count();
    }
}
