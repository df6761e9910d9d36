package dev.mlops.jupyter.notebook;

import java.lang.reflect.Method;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import jdk.jshell.execution.DirectExecutionControl;
import jdk.jshell.spi.ExecutionControl;
import jdk.jshell.spi.ExecutionControlProvider;
import jdk.jshell.spi.ExecutionEnv;

/**
 * Runs snippets in this JVM, as IJava does, and keeps each snippet's value as an object (JShell itself only hands back
 * its {@code toString()}), so that the kernel can render the cell's last value through the base kernel's renderer.
 * JShell receives a key in place of the value; {@link #take(String)} returns the object.
 */
final class ResultKeepingExecutionControl extends DirectExecutionControl {
    private final Map<String, Object> results = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();

    @Override
    protected String invoke(Method doitMethod) throws Exception {
        Object value = doitMethod.invoke(null);
        String key = "result-" + ids.incrementAndGet();
        if (value != null) {
            results.put(key, value);
        }
        return key;
    }

    Object take(String key) {
        return key == null ? null : results.remove(key);
    }

    /** Hands JShell one instance, which the kernel keeps to take the values from. */
    static final class Provider implements ExecutionControlProvider {
        private final ResultKeepingExecutionControl control = new ResultKeepingExecutionControl();

        ResultKeepingExecutionControl control() {
            return control;
        }

        @Override
        public String name() {
            return "mlops-notebook";
        }

        @Override
        public ExecutionControl generate(ExecutionEnv env, Map<String, String> parameters) {
            return control;
        }
    }
}
