/**
 * Internal machinery of the local pipeline's ML steps, such as the built-in XGBoost training algorithm.
 * Not part of the public API: processing scripts must not use it.
 */
package dev.mlops.local.internal.ml;
