package dev.mlops.testkit.memory;

import dev.mlops.event.EventCursor;
import dev.mlops.event.EventPage;
import dev.mlops.event.ProjectEvent;
import dev.mlops.event.ProjectEventType;
import dev.mlops.event.ProjectListener;
import dev.mlops.exception.MlopsBackendException;
import dev.mlops.exception.MlopsClientException;
import dev.mlops.exception.ValidationException;
import dev.mlops.spi.Ticker;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the in-memory backend's components share: the ticker, the simulated latency and read lag, the identity
 * decisions are recorded under, one lock over all state, the call counters, and the project event logs.
 *
 * <p>Every public component call goes through {@link #call(String, Supplier)}: it counts the call, sleeps the
 * latency on the ticker (outside the lock), lets the orchestrator catch up with the time that passed (progress is
 * computed lazily on calls, there are no background threads), runs the operation under the lock, and then hands
 * the events that became visible to the attached listeners on the calling thread.
 */
final class MemoryState {
    private static final Logger LOG = LoggerFactory.getLogger(MemoryState.class);
    private static final char[] ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789".toCharArray();

    /** The backend's name, as every component reports it. */
    static final String BACKEND = "memory";

    final Ticker ticker;
    final Duration latency;
    final long lagNanos;
    final String identity;
    private final Map<String, AtomicLong> calls = new ConcurrentHashMap<>();
    private final Object lock = new Object();
    private final Object deliveryLock = new Object();
    private volatile boolean closed;
    private Runnable advancer = () -> { };

    /** Events by project name, in the order they happened. */
    private final Map<String, List<Stored>> projectEvents = new LinkedHashMap<>();
    /** Events waiting to reach listeners, in order; delivered once visible. */
    private final ArrayDeque<Stored> undelivered = new ArrayDeque<>();
    /** Listeners by project name. */
    private final Map<String, List<ProjectListener>> listeners = new ConcurrentHashMap<>();
    private long eventSeq;

    /** A stored event and when readers see it. */
    record Stored(ProjectEvent event, long seq, long visibleAt) {
    }

    MemoryState(Ticker ticker, Duration latency, Duration readLag, String identity) {
        this.ticker = ticker;
        this.latency = latency;
        this.lagNanos = readLag.toNanos();
        this.identity = identity;
    }

    /** Sets what lets the orchestrator catch up before each call (called under the lock). */
    void advancer(Runnable advancer) {
        this.advancer = advancer;
    }

    // ---------------------------------------------------------------- calls

    /**
     * Runs one component operation as a remote call: counted, delayed by the latency, then run under the lock.
     *
     * @param operation e.g. {@code orchestrator.execution}
     * @param body the operation
     * @param <T> its result's type
     * @return its result
     */
    <T> T call(String operation, Supplier<T> body) {
        if (closed) {
            throw new MlopsClientException("The memory backend was closed; make another with InMemoryBackend.builder()",
                    null, Map.of("backend", BACKEND, "operation", operation));
        }
        calls.computeIfAbsent(operation, k -> new AtomicLong()).incrementAndGet();
        if (!latency.isZero()) {
            try {
                ticker.sleep(latency);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new MlopsBackendException("Interrupted while calling " + operation + " of the memory backend", e,
                        Map.of("operation", operation), true);
            }
        }
        T out;
        synchronized (lock) {
            advancer.run();
            out = body.get();
        }
        deliver();
        return out;
    }

    /**
     * Runs an operation under the lock without counting it: for the backend's own bookkeeping and tests.
     *
     * @param body the operation
     * @param <T> its result's type
     * @return its result
     */
    <T> T locked(Supplier<T> body) {
        synchronized (lock) {
            return body.get();
        }
    }

    /** @return the call counts so far, by operation, sorted */
    Map<String, Long> calls() {
        Map<String, Long> out = new TreeMap<>();
        calls.forEach((k, v) -> {
            if (v.get() > 0) {
                out.put(k, v.get());
            }
        });
        return Collections.unmodifiableMap(out);
    }

    void resetCalls() {
        calls.clear();
    }

    void close() {
        closed = true;
    }

    // ---------------------------------------------------------------- time and ids

    /** @return the ticker's monotonic reading */
    long now() {
        return ticker.nanoTime();
    }

    /** @return when a write made at a time becomes visible to readers */
    long visibleAt(long writtenAt) {
        return writtenAt + lagNanos;
    }

    /** @return the wall-clock instant of a monotonic reading */
    Instant instant(long nanos) {
        return ticker.now().minusNanos(ticker.nanoTime() - nanos);
    }

    /** @return a random identifier of lowercase letters and digits */
    static String randomId(int length) {
        char[] out = new char[length];
        for (int i = 0; i < length; i++) {
            out[i] = ALPHABET[ThreadLocalRandom.current().nextInt(ALPHABET.length)];
        }
        return new String(out);
    }

    // ---------------------------------------------------------------- opaque tokens

    /** Encodes a token (a page token, a cursor) so that callers cannot mistake it for a number or a name. */
    static String token(String kind, String value) {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((BACKEND + ":" + kind + ":" + value).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Reads a token made by {@link #token(String, String)}.
     *
     * @param field the field it came in, for the error
     * @param kind the kind it must be of
     * @param token the text
     * @return the value it carries
     * @throws ValidationException if it is not such a token
     */
    static String untoken(String field, String kind, String token) {
        String prefix = BACKEND + ":" + kind + ":";
        try {
            String text = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            if (text.startsWith(prefix)) {
                return text.substring(prefix.length());
            }
        } catch (IllegalArgumentException e) {
            // not base64: refused below
        }
        throw new ValidationException(field, token, "a " + kind + " token this memory backend made");
    }

    /** Reads a numeric token. */
    static long untokenLong(String field, String kind, String token) {
        String v = untoken(field, kind, token);
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new ValidationException(field, token, "a " + kind + " token this memory backend made");
        }
    }

    // ---------------------------------------------------------------- events

    /**
     * Appends an event to a project's log (under the lock), visible after the read lag.
     *
     * @param project the project's name
     * @param at when it happened, on the ticker
     * @return the event
     */
    ProjectEvent append(String project, long at, ProjectEventType type, String subject, String message,
            Map<String, String> detail) {
        long seq = ++eventSeq;
        ProjectEvent e = new ProjectEvent(Long.toString(seq), instant(at), project, type, subject, message, detail);
        Stored s = new Stored(e, seq, visibleAt(at));
        projectEvents.computeIfAbsent(project, k -> new ArrayList<>()).add(s);
        if (listeners.containsKey(project)) {
            undelivered.addLast(s);
        }
        return e;
    }

    /** A project's events after a cursor, as readers see them now (under the lock). */
    EventPage events(String project, EventCursor after, int limit) {
        if (limit < 1) {
            throw new ValidationException("ProjectStore.events.limit", limit, "at least 1");
        }
        long from = after.equals(EventCursor.START) ? 0 : untokenLong("EventCursor", "events", after.value());
        long now = now();
        List<ProjectEvent> out = new ArrayList<>();
        long last = from;
        for (Stored s : projectEvents.getOrDefault(project, List.of())) {
            if (s.seq() <= from) {
                continue;
            }
            if (s.visibleAt() > now || out.size() >= limit) {
                break;
            }
            out.add(s.event());
            last = s.seq();
        }
        return new EventPage(out, out.isEmpty() ? after : EventCursor.of(token("events", Long.toString(last))));
    }

    /** Forgets a project's events (under the lock). */
    void dropEvents(String project) {
        projectEvents.remove(project);
        undelivered.removeIf(s -> s.event().project().equals(project));
    }

    // ---------------------------------------------------------------- listeners

    void addListener(String project, ProjectListener listener) {
        listeners.computeIfAbsent(project, k -> new CopyOnWriteArrayList<>()).add(listener);
    }

    void removeListener(String project, ProjectListener listener) {
        List<ProjectListener> ls = listeners.get(project);
        if (ls != null) {
            ls.remove(listener);
        }
    }

    /** Hands the events that are visible by now to the listeners of their project, in order, on this thread. */
    private void deliver() {
        synchronized (deliveryLock) {
            while (true) {
                Stored next;
                synchronized (lock) {
                    next = undelivered.peekFirst();
                    if (next == null || next.visibleAt() > now()) {
                        return;
                    }
                    undelivered.pollFirst();
                }
                for (ProjectListener l : listeners.getOrDefault(next.event().project(), List.of())) {
                    try {
                        l.onEvent(next.event());
                    } catch (RuntimeException e) {
                        LOG.debug("A listener of project {} threw on event {}; dropped", next.event().project(),
                                next.event().id(), e);
                    }
                }
            }
        }
    }
}
