/**
 * The local endpoint host: a Netty HTTP/1.1 server per endpoint that speaks the SageMaker inference
 * container contract ({@code GET /ping}, {@code POST /invocations}) on a loopback port, with atomic
 * blue/green model swaps and an invocation hook for data capture.
 *
 * <p>Internal to the embedded local backend; not a public API of the SDK.
 */
package dev.mlops.local.internal.serving;
