/**
 * Model Monitor pieces shared by every monitor: {@link dev.mlops.monitor.Violation},
 * {@link dev.mlops.monitor.MonitoringReport} and {@link dev.mlops.monitor.MonitorJson}, which writes files in the
 * exact layout of SageMaker Model Monitor. Data capture lives in {@code dev.mlops.monitor.capture}, data quality in
 * {@code dev.mlops.monitor.dataquality}; {@code dev.mlops.monitor.internal} is not API.
 */
package dev.mlops.monitor;
