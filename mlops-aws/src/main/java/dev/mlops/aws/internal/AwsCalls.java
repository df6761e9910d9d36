package dev.mlops.aws.internal;

import dev.mlops.aws.AwsService;
import dev.mlops.exception.MlopsBackendException;
import dev.mlops.exception.MlopsException;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import java.time.Duration;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Every SDK call of a backend's components: errors translated by {@link AwsErrors}, and a circuit breaker per service
 * for what the SDK does not do. The SDK retries each call (standard mode, with jitter); when calls still fail one after
 * another (a network cut, a regional outage), the breaker opens and further calls, such as the polls of a long wait,
 * fail at once with a retryable error instead of each waiting out its retries.
 */
public final class AwsCalls {
    private final AwsClients clients;
    private final Map<AwsService, CircuitBreaker> breakers = new EnumMap<>(AwsService.class);

    /**
     * Creates the calls of a backend.
     *
     * @param clients the backend's clients
     * @param openFor how long an open breaker refuses calls before it lets one through to try
     */
    public AwsCalls(AwsClients clients, Duration openFor) {
        this.clients = clients;
        CircuitBreakerConfig config = CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(6).minimumNumberOfCalls(6).failureRateThreshold(100)
                .waitDurationInOpenState(openFor).permittedNumberOfCallsInHalfOpenState(1)
                .automaticTransitionFromOpenToHalfOpenEnabled(false)
                // Only faults count: a missing resource or a refused request is an answer, not an outage.
                .recordException(t -> t instanceof MlopsException m && m.retryable())
                .build();
        for (AwsService s : AwsService.values()) {
            breakers.put(s, CircuitBreaker.of("mlops-aws-" + s.modelName(), config));
        }
    }

    /** @return the clients */
    public AwsClients clients() {
        return clients;
    }

    /**
     * Makes one call.
     *
     * @param service the service called
     * @param what what it does, as a phrase after "Could not"
     * @param call the SDK call
     * @param <T> its result
     * @return its result
     */
    public <T> T call(AwsService service, String what, Supplier<T> call) {
        return call(service, what, Map.of(), call);
    }

    /**
     * Makes one call.
     *
     * @param service the service called
     * @param what what it does, as a phrase after "Could not"
     * @param context structured details for a failure
     * @param call the SDK call
     * @param <T> its result
     * @return its result
     */
    public <T> T call(AwsService service, String what, Map<String, String> context, Supplier<T> call) {
        CircuitBreaker breaker = breakers.get(service);
        try {
            return breaker.executeSupplier(() -> {
                try {
                    return call.get();
                } catch (SdkException e) {
                    throw AwsErrors.translate(service, what, context, e);
                }
            });
        } catch (CallNotPermittedException e) {
            Map<String, String> ctx = new LinkedHashMap<>(context);
            ctx.put("service", service.modelName());
            ctx.put("circuit", "open");
            throw new MlopsBackendException("Could not " + what + ": the last " + 6 + " calls to " + service.modelName()
                    + " failed after the SDK's retries, so calls are held off for "
                    + breaker.getCircuitBreakerConfig().getWaitIntervalFunctionInOpenState().apply(1) + " ms; retry"
                    + " then (what was asked of AWS goes on there)", e, ctx, true);
        }
    }

    /**
     * The state of a service's breaker, for status views and tests.
     *
     * @param service the service
     * @return {@code CLOSED}, {@code OPEN} or {@code HALF_OPEN}
     */
    public String breakerState(AwsService service) {
        return breakers.get(service).getState().name();
    }
}
