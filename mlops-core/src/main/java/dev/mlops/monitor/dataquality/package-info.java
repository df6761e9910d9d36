/**
 * Data-quality monitoring compatible with SageMaker Model Monitor: {@link dev.mlops.monitor.dataquality.DataQuality}
 * suggests a {@link dev.mlops.monitor.dataquality.Baseline} ({@code statistics.json}, {@code constraints.json}) and
 * checks new data against it ({@code constraint_violations.json}).
 */
package dev.mlops.monitor.dataquality;
