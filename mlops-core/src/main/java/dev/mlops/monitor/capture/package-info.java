/**
 * SageMaker data capture: {@link dev.mlops.monitor.capture.CaptureWriter} writes inference requests and responses
 * as JSON Lines in the service's layout, {@link dev.mlops.monitor.capture.CaptureFiles} reads them back in time order,
 * and {@link dev.mlops.monitor.capture.GroundTruthMerge} joins them with ground-truth labels.
 */
package dev.mlops.monitor.capture;
