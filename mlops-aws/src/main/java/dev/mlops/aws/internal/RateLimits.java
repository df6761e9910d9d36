package dev.mlops.aws.internal;

import dev.mlops.aws.AwsService;
import dev.mlops.exception.MlopsBackendException;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * One Resilience4j rate limiter per AWS service, shared by all of a backend's threads, so that bounded concurrency
 * never turns into a throttling storm. It paces every HTTP attempt, retries included, and makes a caller wait its
 * turn (up to {@link #MAX_WAIT}) rather than fail: the SDK's retry strategy stays the only retry layer.
 */
public final class RateLimits {
    /** How long a request waits for its turn before the call fails as retryable. */
    public static final Duration MAX_WAIT = Duration.ofMinutes(5);
    /** The period in which a rate's permits are handed out. */
    private static final Duration PERIOD = Duration.ofMillis(100);

    private final Map<AwsService, RateLimiter> limiters = new EnumMap<>(AwsService.class);

    /**
     * Creates the limiters.
     *
     * @param rates requests per second per service; services not named get their {@link AwsService#defaultRate()}
     */
    public RateLimits(Map<AwsService, Double> rates) {
        for (AwsService s : AwsService.values()) {
            double perSecond = rates.getOrDefault(s, s.defaultRate());
            int perPeriod = (int) Math.max(1, Math.round(perSecond * PERIOD.toMillis() / 1000.0));
            Duration period = Duration.ofNanos(Math.round(perPeriod * 1e9 / perSecond));
            limiters.put(s, RateLimiter.of("mlops-aws-" + s.modelName(), RateLimiterConfig.custom()
                    .limitForPeriod(perPeriod).limitRefreshPeriod(period).timeoutDuration(MAX_WAIT).build()));
        }
    }

    /**
     * The limiter of a service.
     *
     * @param service the service
     * @return its limiter
     */
    public RateLimiter limiter(AwsService service) {
        return limiters.get(service);
    }

    /**
     * The allowed requests per second of a service.
     *
     * @param service the service
     * @return the rate
     */
    public double rate(AwsService service) {
        RateLimiterConfig c = limiters.get(service).getRateLimiterConfig();
        return c.getLimitForPeriod() * 1e9 / c.getLimitRefreshPeriod().toNanos();
    }

    ExecutionInterceptor interceptor(AwsService service) {
        RateLimiter limiter = limiters.get(service);
        return new ExecutionInterceptor() {
            @Override
            public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
                if (!limiter.acquirePermission()) {
                    throw new MlopsBackendException("No turn for a request to " + service.modelName() + " within "
                            + MAX_WAIT + " under this backend's rate limit of " + rate(service)
                            + "/s: too many concurrent callers", null, Map.of("service", service.modelName()), true);
                }
            }
        };
    }
}
