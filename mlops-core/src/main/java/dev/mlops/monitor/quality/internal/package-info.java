/** Implementation details of model-quality monitoring; not a public API and may change without notice. */
package dev.mlops.monitor.quality.internal;
