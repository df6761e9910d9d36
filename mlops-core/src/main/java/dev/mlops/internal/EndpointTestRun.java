package dev.mlops.internal;

import dev.mlops.exception.MlopsClientException;
import dev.mlops.pipeline.EndpointTest;
import dev.mlops.pipeline.EndpointTestContext;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs a deploy repository's compiled {@link EndpointTest}s against one endpoint: the loop every host shares (the
 * embedded backend's child JVM, the AWS test build), each host supplying the {@link EndpointTestContext} that says how
 * a request reaches its endpoint ({@link EndpointTestContexts}). Classes that are not concrete endpoint tests are
 * passed over; each test runs on a fresh instance and its outcome is kept. Internal: not part of the public API.
 */
public final class EndpointTestRun {

    /**
     * How one endpoint test ended.
     *
     * @param name the test's class name
     * @param failure why it failed, or {@code null} if it passed
     * @param created whether an instance was made (a failure with {@code false} is a class that cannot be created)
     * @param seconds how long creating and running it took
     */
    public record Outcome(String name, Throwable failure, boolean created, double seconds) {
        /**
         * Whether the test passed.
         *
         * @return {@code true} if it ran without throwing
         */
        public boolean passed() {
            return failure == null;
        }
    }

    private EndpointTestRun() {
    }

    /**
     * Runs the endpoint tests among some classes, in order, writing a line to the context's log before and after each.
     *
     * @param loader the loader of the repository's compiled test classes
     * @param classNames the candidate classes (a name without a class is passed over)
     * @param context what each test is given
     * @param stopAtFailure whether to stop after the first failing test
     * @return one outcome per endpoint test run (the last one failed when stopped at a failure)
     */
    public static List<Outcome> run(ClassLoader loader, List<String> classNames, EndpointTestContext context,
            boolean stopAtFailure) {
        List<Outcome> outcomes = new ArrayList<>();
        for (String name : classNames) {
            Class<?> c;
            try {
                c = Class.forName(name, true, loader);
            } catch (ClassNotFoundException e) {
                continue; // a source file without a top-level class of its name
            }
            if (!EndpointTest.class.isAssignableFrom(c) || c.isInterface() || Modifier.isAbstract(c.getModifiers())) {
                continue;
            }
            Outcome outcome = runOne(name, c, context);
            outcomes.add(outcome);
            if (stopAtFailure && !outcome.passed()) {
                break;
            }
        }
        return outcomes;
    }

    private static Outcome runOne(String name, Class<?> c, EndpointTestContext context) {
        long start = System.nanoTime();
        context.log().println("running " + name + " against " + context.endpointName());
        EndpointTest test;
        try {
            test = (EndpointTest) c.getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            Throwable cause = e instanceof java.lang.reflect.InvocationTargetException i ? i.getCause() : e;
            MlopsClientException failure = new MlopsClientException("test " + name + ": cannot create " + name
                    + " (it needs a public no-argument constructor that does not throw): " + cause, cause,
                    Map.of("class", name));
            context.log().println(name + " failed: " + failure.getMessage());
            return new Outcome(name, failure, false, seconds(start));
        }
        try {
            test.run(context);
        } catch (Throwable e) {
            context.log().println(name + " failed: " + e);
            return new Outcome(name, e, true, seconds(start));
        }
        context.log().println(name + " passed");
        return new Outcome(name, null, true, seconds(start));
    }

    private static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }
}
