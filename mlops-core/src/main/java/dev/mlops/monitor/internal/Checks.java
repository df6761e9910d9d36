package dev.mlops.monitor.internal;

import dev.mlops.monitor.MonitoringReport;
import dev.mlops.monitor.Violation;
import dev.mlops.monitor.dataquality.Baseline;
import dev.mlops.monitor.dataquality.Constraints;
import dev.mlops.monitor.dataquality.Constraints.FeatureConstraint;
import dev.mlops.monitor.dataquality.Constraints.MonitoringConfig;
import dev.mlops.monitor.dataquality.FeatureStatistics;
import dev.mlops.monitor.dataquality.FeatureStatistics.CategoryCount;
import dev.mlops.monitor.dataquality.InferredType;
import dev.mlops.monitor.dataquality.Statistics;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Suggests constraints from statistics and evaluates the six data-quality checks of Model Monitor.
 */
public final class Checks {
    private Checks() {
    }

    /**
     * Suggests constraints from baseline statistics: each feature's type and completeness, non-negativity for
     * numbers, and a domain for String features whose values mostly repeat (deequ's categorical-range rule: at most
     * 10% of distinct values occur once, and every distinct value is known).
     *
     * @param stats the baseline statistics
     * @return the constraints
     */
    public static Constraints suggest(Statistics stats) {
        List<FeatureConstraint> out = new ArrayList<>();
        for (FeatureStatistics f : stats.features()) {
            double completeness = stats.itemCount() == 0 ? Double.NaN : f.completeness();
            Boolean nonNegative = f.numerical().map(n -> n.min() >= 0.0).orElse(null);
            List<String> domain = null;
            if (f.inferredType() == InferredType.String && f.categorical().isPresent()) {
                FeatureStatistics.Categorical c = f.categorical().get();
                long singles = c.buckets().stream().filter(b -> b.count() == 1).count();
                boolean complete = c.buckets().size() == (long) c.distinctCount() && !c.buckets().isEmpty();
                if (complete && singles <= 0.1 * c.distinctCount()) {
                    domain = c.buckets().stream().map(CategoryCount::value).toList();
                }
            }
            out.add(new FeatureConstraint(f.name(), f.inferredType(), completeness, nonNegative, domain, true));
        }
        return new Constraints(out, MonitoringConfig.suggested());
    }

    /**
     * Checks current statistics against a baseline.
     *
     * @param baseline the baseline
     * @param current statistics of the current data (with type counts)
     * @param inputIssues problems counted while reading the current data
     * @return the report
     */
    public static MonitoringReport<Statistics> check(Baseline baseline, Statistics current,
                                                     Map<String, Long> inputIssues) {
        Constraints constraints = baseline.constraints();
        MonitoringConfig cfg = constraints.monitoringConfig();
        List<Violation> violations = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        Map<String, Long> issues = new LinkedHashMap<>(inputIssues);
        if (current.itemCount() == 0) {
            notes.add("The current dataset has no rows; no constraint was evaluated.");
            issues.merge("emptyWindow", 1L, Long::sum);
            return new MonitoringReport<>(current, violations, issues, notes);
        }
        if (!cfg.evaluateConstraints()) {
            notes.add("monitoring_config.evaluate_constraints is Disabled; no constraint was evaluated.");
            return new MonitoringReport<>(current, violations, issues, notes);
        }
        boolean robust = !"Simple".equalsIgnoreCase(cfg.comparisonMethod())
                && !"linf_simple".equalsIgnoreCase(cfg.comparisonMethod());
        boolean chiSquared = "ChiSquared".equalsIgnoreCase(String.valueOf(cfg.categoricalDriftMethod()));
        if (chiSquared) {
            notes.add("categorical_drift_method ChiSquared is not supported; categorical drift was not evaluated.");
        }
        Set<String> known = new HashSet<>();
        long nonNumeric = 0;
        Map<String, FeatureStatistics> currentByName = new HashMap<>();
        current.features().forEach(f -> currentByName.put(f.name(), f));
        int baselineColumns = constraints.features().size();
        int currentColumns = current.features().size();
        for (FeatureConstraint c : constraints.features()) {
            known.add(c.name());
            FeatureStatistics cur = currentByName.get(c.name());
            if (cur == null) {
                violations.add(new Violation(c.name(), Violation.MISSING_COLUMN_CHECK,
                        ViolationTexts.missingColumn(c.name(), currentColumns, baselineColumns)));
                continue;
            }
            if (!c.evaluate()) {
                continue;
            }
            if (c.inferredType().isNumeric() && cur.typeCounts().isPresent()) {
                FeatureStatistics.TypeCounts tc = cur.typeCounts().get();
                nonNumeric += tc.booleans() + tc.strings();
                long total = tc.nonNull();
                if (total > 0) {
                    double observed = 100.0 * tc.matching(c.inferredType()) / total;
                    double expected = cfg.datatypeCheckThreshold() * 100.0;
                    if (observed < expected) {
                        violations.add(new Violation(c.name(), Violation.DATA_TYPE_CHECK,
                                ViolationTexts.dataType(c.inferredType().toString(), expected, observed)));
                    }
                }
            }
            if (!Double.isNaN(c.completeness()) && cur.completeness() < c.completeness()) {
                violations.add(new Violation(c.name(), Violation.COMPLETENESS_CHECK,
                        ViolationTexts.constraintValue(cur.completeness())));
            }
            Optional<FeatureStatistics> base = baseline.statistics().feature(c.name());
            if (cfg.performComparison() && base.isPresent()) {
                FeatureStatistics b = base.get();
                if (b.numerical().isPresent() && cur.numerical().isPresent()) {
                    double d = Drift.numerical(b.numerical().get().sketch(), cur.numerical().get().sketch(), robust);
                    if (d > cfg.comparisonThreshold()) {
                        violations.add(new Violation(c.name(), Violation.BASELINE_DRIFT_CHECK,
                                ViolationTexts.numericalDrift(d, cfg.comparisonThreshold())));
                    }
                } else if (!chiSquared && b.inferredType() == InferredType.String
                        && cur.inferredType() == InferredType.String && b.categorical().isPresent()
                        && cur.categorical().isPresent()) {
                    double d = Drift.categorical(b.categorical().get().buckets(), cur.categorical().get().buckets(),
                            robust);
                    double t = cfg.effectiveCategoricalThreshold();
                    if (d > t) {
                        violations.add(new Violation(c.name(), Violation.BASELINE_DRIFT_CHECK,
                                ViolationTexts.categoricalDrift(d, t)));
                    }
                }
            }
            if (c.domains().isPresent() && cur.categorical().isPresent() && cur.numPresent() > 0) {
                Set<String> domain = new HashSet<>(c.domains().get());
                long inside = cur.categorical().get().buckets().stream()
                        .filter(b -> domain.contains(b.value())).mapToLong(CategoryCount::count).sum();
                double fraction = (double) inside / cur.numPresent();
                if (fraction < cfg.domainContentThreshold()) {
                    violations.add(new Violation(c.name(), Violation.CATEGORICAL_VALUES_CHECK,
                            ViolationTexts.constraintValue(fraction)));
                }
            }
        }
        for (FeatureStatistics f : current.features()) {
            if (!known.contains(f.name())) {
                violations.add(new Violation(f.name(), Violation.EXTRA_COLUMN_CHECK,
                        ViolationTexts.extraColumn(f.name(), currentColumns, baselineColumns)));
            }
        }
        if (nonNumeric > 0) {
            issues.merge("nonNumericValuesInNumericColumns", nonNumeric, Long::sum);
        }
        return new MonitoringReport<>(current, violations, issues, notes);
    }
}
