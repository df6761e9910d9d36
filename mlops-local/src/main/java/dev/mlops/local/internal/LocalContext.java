package dev.mlops.local.internal;

import dev.mlops.monitor.capture.CaptureRetention;
import dev.mlops.spi.ChangeSignal;
import dev.mlops.spi.WaitPolicy;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * What the embedded backend's components share: the home directory, the state store, settings, and the
 * identity of this process.
 */
public final class LocalContext {
    /** The name of the embedded backend, as its components report it. */
    public static final String BACKEND = "local";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final char[] ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789".toCharArray();

    private final Path home;
    private final Db db;
    private final String user;
    private final Duration pollInterval;
    private final Duration leaseDuration;
    private final Map<String, Integer> endpointPorts;
    private final String processId;
    private final Clock clock;
    private final CaptureRetention captureRetention;
    private final ChangeSignal signal = new ChangeSignal();

    /**
     * Creates the context.
     *
     * @param home the home directory
     * @param user the user recorded with decisions and commits
     * @param pollInterval how often the engine looks for work
     * @param leaseDuration how long a process may stay silent before another takes over
     * @param endpointPorts fixed ports by endpoint name
     */
    public LocalContext(Path home, String user, Duration pollInterval, Duration leaseDuration,
            Map<String, Integer> endpointPorts) {
        this(home, user, pollInterval, leaseDuration, endpointPorts, Clock.systemUTC());
    }

    /**
     * Creates the context with a clock for data capture and monitoring schedules.
     *
     * @param home the home directory
     * @param user the user recorded with decisions and commits
     * @param pollInterval how often the engine looks for work
     * @param leaseDuration how long a process may stay silent before another takes over
     * @param endpointPorts fixed ports by endpoint name
     * @param clock the time capture records carry and schedules fall due by
     */
    public LocalContext(Path home, String user, Duration pollInterval, Duration leaseDuration,
            Map<String, Integer> endpointPorts, Clock clock) {
        this(home, user, pollInterval, leaseDuration, endpointPorts, clock, CaptureRetention.defaults());
    }

    /**
     * Creates the context with a clock and the default retention of captured inferences.
     *
     * @param home the home directory
     * @param user the user recorded with decisions and commits
     * @param pollInterval how often the engine looks for work
     * @param leaseDuration how long a process may stay silent before another takes over
     * @param endpointPorts fixed ports by endpoint name
     * @param clock the time capture records carry and schedules fall due by
     * @param captureRetention how long and how much of each endpoint's captures are kept, unless its deploy
     *        configuration says otherwise
     */
    public LocalContext(Path home, String user, Duration pollInterval, Duration leaseDuration,
            Map<String, Integer> endpointPorts, Clock clock, CaptureRetention captureRetention) {
        this.clock = clock;
        this.captureRetention = captureRetention;
        this.home = home.toAbsolutePath().normalize();
        this.db = new Db(this.home, signal);
        HomeMigration.migrate(db, this.home);
        this.user = user;
        this.pollInterval = pollInterval;
        this.leaseDuration = leaseDuration;
        this.endpointPorts = Map.copyOf(endpointPorts);
        this.processId = ProcessHandle.current().pid() + "-" + randomId(8);
    }

    /** @return the home directory */
    Path home() {
        return home;
    }

    /** @return the state store */
    Db db() {
        return db;
    }

    /** @return the signal fired when this process commits a change worth waking waiters for */
    ChangeSignal signal() {
        return signal;
    }

    /** @return the wait policy of every embedded component: woken by this process's commits, polling for others' */
    WaitPolicy waitPolicy() {
        return WaitPolicy.eventDriven(signal, pollInterval);
    }

    /** @return the user recorded with decisions */
    String user() {
        return user;
    }

    /** @return how often the engine polls */
    Duration pollInterval() {
        return pollInterval;
    }

    /** @return the leadership lease */
    Duration leaseDuration() {
        return leaseDuration;
    }

    /** @return fixed endpoint ports */
    Map<String, Integer> endpointPorts() {
        return endpointPorts;
    }

    /** @return this process's identity in leases */
    String processId() {
        return processId;
    }

    /** @return the clock of data capture and monitoring schedules */
    Clock clock() {
        return clock;
    }

    /** @return the default retention of captured inferences */
    CaptureRetention captureRetention() {
        return captureRetention;
    }

    /** @return a project's directory */
    Path projectDir(String project) {
        return home.resolve("projects").resolve(project);
    }

    /** @return the content-addressed artifact directory */
    Path artifactDir() {
        return home.resolve("artifacts");
    }

    /**
     * A random identifier of lowercase letters and digits.
     *
     * @param length its length
     * @return the identifier
     */
    static String randomId(int length) {
        char[] out = new char[length];
        for (int i = 0; i < length; i++) {
            out[i] = ALPHABET[RANDOM.nextInt(ALPHABET.length)];
        }
        return new String(out);
    }

    void close() {
        db.close();
    }
}
