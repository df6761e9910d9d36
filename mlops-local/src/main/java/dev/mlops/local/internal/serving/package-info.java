/**
 * The local endpoint host: a Netty HTTP/1.1 server per endpoint that speaks the SageMaker inference
 * container contract ({@code GET /ping}, {@code POST /invocations}) on a loopback port, with atomic
 * blue/green model swaps and an invocation hook for data capture.
 *
 * <p>Formats, compared with SageMaker's built-in XGBoost container (algorithm mode): that container reads
 * {@code text/csv}, libsvm and recordio-protobuf, not JSON, and answers CSV predictions joined by commas (by
 * newlines in batch transform); its JSON output, under selectable inference, is
 * {@code {"predictions":[{"predicted_score":…}]}}. Here CSV answers carry one prediction per line (as batch
 * transform does, so multi-row answers line up with their rows), and JSON requests and answers follow
 * SageMaker's common JSON format for built-in algorithms: {@code {"instances":[…]}} in and
 * {@code {"predictions":[{"score":…}]}} out. An empty CSV field is a missing value (NaN), as in the container.
 *
 * <p>Internal to the embedded local backend; not a public API of the SDK.
 */
package dev.mlops.local.internal.serving;
