/**
 * Bias monitoring compatible with SageMaker Clarify: pre- and post-training bias metrics
 * ({@link dev.mlops.monitor.bias.Bias}), Clarify's {@code analysis.json} ({@link dev.mlops.monitor.bias.BiasReport})
 * and bias-drift violations against a baseline ({@link dev.mlops.monitor.bias.BiasDrift}).
 */
package dev.mlops.monitor.bias;
