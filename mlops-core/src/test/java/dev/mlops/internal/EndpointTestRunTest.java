package dev.mlops.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.exception.MlopsClientException;
import dev.mlops.pipeline.EndpointTest;
import dev.mlops.pipeline.EndpointTestContext;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EndpointTestRunTest {
    static final List<String> CALLS = new ArrayList<>();

    public static class Passes implements EndpointTest {
        @Override
        public void run(EndpointTestContext context) {
            CALLS.add(context.invoke("text/csv", "1,2"));
        }
    }

    public static class Fails implements EndpointTest {
        @Override
        public void run(EndpointTestContext context) {
            throw new AssertionError("score out of range");
        }
    }

    public abstract static class Abstract implements EndpointTest {
    }

    public static class NotATest {
    }

    public static class NoDefaultConstructor implements EndpointTest {
        public NoDefaultConstructor(String unused) {
        }

        @Override
        public void run(EndpointTestContext context) {
        }
    }

    private final ByteArrayOutputStream log = new ByteArrayOutputStream();

    private EndpointTestContext context() {
        return EndpointTestContexts.of("proj-staging", URI.create("http://127.0.0.1:1/"),
                (type, accept, body) -> type + "|" + accept + "|" + body, Path.of(".").toAbsolutePath(), Map.of(),
                new PrintStream(log, true, StandardCharsets.UTF_8));
    }

    private static String name(Class<?> c) {
        return c.getName();
    }

    @Test
    void runsEveryConcreteEndpointTest_andPassesOverTheRest() {
        CALLS.clear();
        List<EndpointTestRun.Outcome> outcomes = EndpointTestRun.run(getClass().getClassLoader(), List.of(
                name(NotATest.class), "no.such.Class", name(Abstract.class), name(Passes.class), name(Fails.class),
                name(NoDefaultConstructor.class)), context(), false);

        assertThat(outcomes).extracting(EndpointTestRun.Outcome::name)
                .containsExactly(name(Passes.class), name(Fails.class), name(NoDefaultConstructor.class));
        assertThat(outcomes.get(0).passed()).isTrue();
        assertThat(CALLS).containsExactly("text/csv|text/csv|1,2");
        assertThat(outcomes.get(1).failure()).isInstanceOf(AssertionError.class).hasMessage("score out of range");
        assertThat(outcomes.get(1).created()).isTrue();
        assertThat(outcomes.get(2).created()).isFalse();
        assertThat(outcomes.get(2).failure()).isInstanceOf(MlopsClientException.class)
                .hasMessageContaining("cannot create " + name(NoDefaultConstructor.class))
                .hasMessageContaining("public no-argument constructor");
        assertThat(outcomes).allSatisfy(o -> assertThat(o.seconds()).isGreaterThanOrEqualTo(0));
        String text = log.toString(StandardCharsets.UTF_8);
        assertThat(text).contains("running " + name(Passes.class) + " against proj-staging", name(Passes.class)
                + " passed", name(Fails.class) + " failed: java.lang.AssertionError: score out of range");
    }

    @Test
    void stopsAtTheFirstFailure_whenAsked() {
        List<EndpointTestRun.Outcome> outcomes = EndpointTestRun.run(getClass().getClassLoader(), List.of(
                name(Fails.class), name(Passes.class)), context(), true);

        assertThat(outcomes).hasSize(1);
        assertThat(outcomes.get(0).passed()).isFalse();
    }
}
