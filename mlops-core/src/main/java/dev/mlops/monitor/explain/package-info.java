/**
 * Feature attribution monitoring compatible with SageMaker Clarify: SHAP values
 * ({@link dev.mlops.monitor.explain.FeatureAttribution}), the explainability {@code analysis.json}
 * ({@link dev.mlops.monitor.explain.ExplainabilityReport}) and nDCG drift
 * ({@link dev.mlops.monitor.explain.FeatureAttributionDrift}).
 */
package dev.mlops.monitor.explain;
