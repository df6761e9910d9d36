/**
 * Test support for code on the SDK and for backend authors: {@link dev.mlops.testkit.FakeTicker}, fake time for
 * waits, and (in {@code dev.mlops.testkit.memory}) an in-memory remote-like backend. The compatibility kits are in
 * {@code dev.mlops.tck}.
 */
package dev.mlops.testkit;
