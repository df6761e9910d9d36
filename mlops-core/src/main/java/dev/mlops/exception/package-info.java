/**
 * The exception hierarchy: one unchecked root, {@link dev.mlops.exception.MlopsException}, split into
 * {@link dev.mlops.exception.MlopsClientException} (fix the call) and
 * {@link dev.mlops.exception.MlopsBackendException} (the backend failed; see {@code retryable()}).
 */
package dev.mlops.exception;
