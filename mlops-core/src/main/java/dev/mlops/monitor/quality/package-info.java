/**
 * Model quality monitoring, file-compatible with SageMaker Model Monitor: compute regression, binary and
 * multiclass metrics from predictions joined with ground truth ({@link dev.mlops.monitor.quality.ModelQuality}),
 * write and read {@code statistics.json} ({@link dev.mlops.monitor.quality.ModelQualityReport}), suggest and check
 * {@code constraints.json} ({@link dev.mlops.monitor.quality.ModelQualityConstraints}).
 */
package dev.mlops.monitor.quality;
