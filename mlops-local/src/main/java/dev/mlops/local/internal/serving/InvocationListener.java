package dev.mlops.local.internal.serving;

/**
 * Hook called after each successful {@code POST /invocations}, for data capture. Called before the response is
 * flushed, on the event-loop thread that scored a small request or on the scoring worker of a large one, so it
 * must be thread-safe, quick and must not block: hand the arrays to a queue. An exception it throws is logged
 * at DEBUG and does not fail the invocation. When no listener is set the server copies nothing.
 */
@FunctionalInterface
public interface InvocationListener {

    /**
     * One successful invocation.
     *
     * @param variant the production variant that answered
     * @param inferenceId the client's {@code X-Amzn-SageMaker-Inference-Id} if it sent one, else {@code null}
     *                    (SageMaker's capture records carry an {@code inferenceId} only when the caller set one)
     * @param contentType the request's media type, without parameters ({@code text/csv} or {@code application/json})
     * @param request the request body; a copy the listener may keep
     * @param accept the response's media type
     * @param response the response body; a copy the listener may keep
     * @param epochMillis when the invocation was received, milliseconds since the epoch
     */
    void onInvocation(String variant, String inferenceId, String contentType, byte[] request, String accept,
            byte[] response, long epochMillis);
}
