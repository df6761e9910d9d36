/**
 * An in-memory backend that behaves like a remote one (latency per call, reads that lag writes, waits that back off,
 * progress seen only by polling), for tests and benchmarks of code on the SDK and of components composed with it.
 * Start with {@link dev.mlops.testkit.memory.InMemoryBackend#builder()}.
 */
package dev.mlops.testkit.memory;
