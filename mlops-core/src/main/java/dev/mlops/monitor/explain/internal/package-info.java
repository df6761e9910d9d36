/** Implementation details of feature attribution; not a public API and may change without notice. */
package dev.mlops.monitor.explain.internal;
