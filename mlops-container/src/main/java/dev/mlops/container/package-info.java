/**
 * What the SDK's container image runs: the entry points SageMaker starts inside it.
 */
package dev.mlops.container;
