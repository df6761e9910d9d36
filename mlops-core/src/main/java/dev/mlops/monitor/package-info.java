/**
 * Model Monitor pieces shared by every monitor: {@link dev.mlops.monitor.MonitorJob}, the one runner of the four
 * monitors' baseline and monitoring jobs (inputs in, a {@link dev.mlops.monitor.MonitorJobResult} with the report
 * files out, the model given as a {@link dev.mlops.monitor.ScoringFunction}), {@link dev.mlops.monitor.Violation},
 * {@link dev.mlops.monitor.MonitoringReport} and {@link dev.mlops.monitor.MonitorJson}, which writes files in the
 * exact layout of SageMaker Model Monitor. Data capture lives in {@code dev.mlops.monitor.capture}, data quality in
 * {@code dev.mlops.monitor.dataquality}; {@code dev.mlops.monitor.internal} is not API.
 */
package dev.mlops.monitor;
