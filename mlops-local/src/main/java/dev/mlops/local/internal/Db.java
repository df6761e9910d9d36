package dev.mlops.local.internal;

import dev.mlops.exception.MlopsBackendException;
import dev.mlops.spi.ChangeSignal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The embedded backend's state: one SQLite database per home directory, in WAL mode so that several processes
 * share it safely. Every change runs in a transaction that takes the write lock at its start
 * ({@code BEGIN IMMEDIATE}), so a process that is killed loses nothing it had committed and leaves nothing
 * half-written.
 */
public final class Db implements AutoCloseable {
    private static final String[] SCHEMA = {
        "CREATE TABLE IF NOT EXISTS projects(name TEXT PRIMARY KEY, id TEXT NOT NULL, template_id TEXT NOT NULL,"
                + " template_json TEXT NOT NULL, tags_json TEXT NOT NULL, created_at INTEGER NOT NULL, state TEXT NOT NULL,"
                + " revision INTEGER NOT NULL DEFAULT 0)",
        "CREATE TABLE IF NOT EXISTS repositories(project TEXT NOT NULL, role TEXT NOT NULL, name TEXT NOT NULL,"
                + " branch TEXT NOT NULL, path TEXT NOT NULL, last_seen_commit TEXT, PRIMARY KEY(project, role))",
        "CREATE TABLE IF NOT EXISTS events(seq INTEGER PRIMARY KEY AUTOINCREMENT, project TEXT NOT NULL,"
                + " time INTEGER NOT NULL, type TEXT NOT NULL, subject TEXT NOT NULL, message TEXT NOT NULL, detail_json TEXT NOT NULL)",
        "CREATE INDEX IF NOT EXISTS events_project ON events(project, seq)",
        "CREATE TABLE IF NOT EXISTS cursors(project TEXT NOT NULL, name TEXT NOT NULL, seq INTEGER NOT NULL,"
                + " PRIMARY KEY(project, name))",
        "CREATE TABLE IF NOT EXISTS leases(project TEXT PRIMARY KEY, owner TEXT NOT NULL, expires_at INTEGER NOT NULL)",
        "CREATE TABLE IF NOT EXISTS executions(id TEXT PRIMARY KEY, project TEXT NOT NULL, pipeline TEXT NOT NULL,"
                + " status TEXT NOT NULL, trigger_text TEXT NOT NULL, source_commit TEXT, created_seq INTEGER NOT NULL,"
                + " started_at INTEGER NOT NULL, ended_at INTEGER, stages_json TEXT NOT NULL, outputs_json TEXT NOT NULL)",
        "CREATE INDEX IF NOT EXISTS executions_pipeline ON executions(project, pipeline, created_seq)",
        "CREATE TABLE IF NOT EXISTS stage_logs(execution_id TEXT NOT NULL, stage TEXT NOT NULL, log TEXT NOT NULL,"
                + " PRIMARY KEY(execution_id, stage))",
        "CREATE TABLE IF NOT EXISTS approvals(token TEXT PRIMARY KEY, project TEXT NOT NULL, execution_id TEXT NOT NULL,"
                + " pipeline TEXT NOT NULL, gate TEXT NOT NULL, message TEXT NOT NULL, approvers_json TEXT NOT NULL,"
                + " status TEXT NOT NULL, created_at INTEGER NOT NULL, decided_at INTEGER, decided_by TEXT, comment TEXT)",
        "CREATE TABLE IF NOT EXISTS model_versions(project TEXT NOT NULL, grp TEXT NOT NULL, version INTEGER NOT NULL,"
                + " arn TEXT NOT NULL, status TEXT NOT NULL, metrics_json TEXT NOT NULL, lineage_json TEXT NOT NULL,"
                + " containers_json TEXT NOT NULL, created_at INTEGER NOT NULL, decided_by TEXT, comment TEXT,"
                + " history_json TEXT NOT NULL, PRIMARY KEY(grp, version))",
        "CREATE TABLE IF NOT EXISTS endpoints(name TEXT PRIMARY KEY, project TEXT NOT NULL, environment TEXT NOT NULL,"
                + " status TEXT NOT NULL, model_arn TEXT, config_json TEXT NOT NULL, port INTEGER, url TEXT,"
                + " updated_at INTEGER NOT NULL)",
        "CREATE TABLE IF NOT EXISTS ml_pipelines(name TEXT PRIMARY KEY, project TEXT NOT NULL, definition_json TEXT NOT NULL,"
                + " updated_at INTEGER NOT NULL)",
        "CREATE TABLE IF NOT EXISTS monitoring_schedules(name TEXT PRIMARY KEY, project TEXT NOT NULL, endpoint TEXT NOT NULL,"
                + " environment TEXT NOT NULL, type TEXT NOT NULL, expression TEXT NOT NULL, window_start TEXT, window_end TEXT,"
                + " settings_json TEXT NOT NULL, status TEXT NOT NULL, last_run_time INTEGER, created_at INTEGER NOT NULL,"
                + " updated_at INTEGER NOT NULL)",
        "CREATE TABLE IF NOT EXISTS monitoring_executions(id TEXT PRIMARY KEY, project TEXT NOT NULL, schedule TEXT NOT NULL,"
                + " endpoint TEXT NOT NULL, type TEXT NOT NULL, scheduled_time INTEGER NOT NULL, window_start INTEGER NOT NULL,"
                + " window_end INTEGER NOT NULL, status TEXT NOT NULL, failure_reason TEXT, exit_message TEXT,"
                + " violations INTEGER NOT NULL, records INTEGER NOT NULL, issues_json TEXT NOT NULL, report_dir TEXT,"
                + " created_at INTEGER NOT NULL, ended_at INTEGER)",
        "CREATE INDEX IF NOT EXISTS monitoring_executions_schedule ON monitoring_executions(project, schedule, created_at)",
        "CREATE TABLE IF NOT EXISTS start_tokens(project TEXT NOT NULL, token TEXT NOT NULL, execution_id TEXT NOT NULL,"
                + " PRIMARY KEY(project, token))",
        "CREATE TABLE IF NOT EXISTS event_cursors(project TEXT NOT NULL, name TEXT NOT NULL, cursor TEXT NOT NULL,"
                + " PRIMARY KEY(project, name))",
        "CREATE TABLE IF NOT EXISTS registrations(client_token TEXT PRIMARY KEY, arn TEXT NOT NULL)",
        "CREATE TABLE IF NOT EXISTS ml_steps(execution_id TEXT NOT NULL, step TEXT NOT NULL, type TEXT NOT NULL,"
                + " status TEXT NOT NULL, started_at INTEGER, ended_at INTEGER, detail TEXT NOT NULL,"
                + " PRIMARY KEY(execution_id, step))",
        "CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL)",
        "CREATE TABLE IF NOT EXISTS image_versions(project TEXT NOT NULL, image TEXT NOT NULL, version INTEGER NOT NULL,"
                + " arn TEXT NOT NULL, context_digest TEXT NOT NULL, image_digest TEXT NOT NULL, location TEXT NOT NULL,"
                + " built_with TEXT NOT NULL, source_commit TEXT, execution_id TEXT, created_at INTEGER NOT NULL,"
                + " PRIMARY KEY(project, image, version), UNIQUE(project, image, context_digest))",
    };

    /** Columns added after the first release: added to an older home's tables when it is opened. */
    private static final String[][] ADDED_COLUMNS = {
        {"projects", "revision", "INTEGER NOT NULL DEFAULT 0"},
        {"leases", "epoch", "INTEGER NOT NULL DEFAULT 0"},
    };

    private final Connection connection;
    private final ReentrantLock lock = new ReentrantLock();
    private final Path file;
    private final ChangeSignal signal;

    /** A unit of work inside a transaction. */
    @FunctionalInterface
    public interface Work<T> {
        /**
         * Does the work.
         *
         * @param tx the transaction
         * @return a result
         * @throws SQLException on a database error (the transaction rolls back)
         */
        T apply(Tx tx) throws SQLException;
    }

    /**
     * Opens (creating if needed) the database in a home directory.
     *
     * @param home the home directory
     */
    public Db(Path home) {
        this(home, new ChangeSignal());
    }

    /**
     * Opens (creating if needed) the database in a home directory, signalling committed changes.
     *
     * @param home the home directory
     * @param signal fired after each commit that asked for it
     */
    public Db(Path home, ChangeSignal signal) {
        this.signal = signal;
        this.file = home.resolve("state.db");
        refuseUnusable(home, file);
        try {
            OwnerOnly.secureHome(home);
            connection = DriverManager.getConnection("jdbc:sqlite:" + file);
            try (Statement st = connection.createStatement()) {
                st.execute("PRAGMA busy_timeout=30000");
                st.execute("PRAGMA journal_mode=WAL");
                st.execute("PRAGMA synchronous=NORMAL");
                st.execute("PRAGMA foreign_keys=ON");
            }
            connection.setAutoCommit(true);
            keepReserve();
            write(tx -> {
                int app = tx.query("PRAGMA application_id", rs -> rs.getInt(1)).get(0);
                List<String> tables = tx.query("SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'",
                        rs -> rs.getString(1));
                if (app != APPLICATION_ID && !tables.isEmpty() && !tables.contains("projects")) {
                    throw new ForeignStore("it is an SQLite database of something else (tables " + tables + ")");
                }
                if (app != APPLICATION_ID) {
                    tx.update("PRAGMA application_id=" + APPLICATION_ID);   // marks a new store, or one of the first release
                }
                for (String ddl : SCHEMA) {
                    tx.update(ddl);
                }
                for (String[] c : ADDED_COLUMNS) {
                    boolean has = !tx.query("SELECT name FROM pragma_table_info(?) WHERE name=?", rs -> rs.getString(1),
                            c[0], c[1]).isEmpty();
                    if (!has) {
                        tx.update("ALTER TABLE " + c[0] + " ADD COLUMN " + c[1] + " " + c[2]);
                    }
                }
                return null;
            });
            // SQLite creates the WAL and shared-memory files with the database file's mode
            for (String name : new String[] {"state.db", "state.db-wal", "state.db-shm", "state.db-journal"}) {
                OwnerOnly.restrict(home.resolve(name));
            }
        } catch (MlopsBackendException e) {
            if (e.getCause() instanceof ForeignStore) {
                throw refusal(file, e.getCause().getMessage());
            }
            throw e;
        } catch (Exception e) {
            throw new MlopsBackendException("Cannot open the embedded backend's state store " + file + ": " + e.getMessage(),
                    e, Map.of("file", file.toString()), false);
        }
    }

    /** Marks the embedded backend's stores ("MLOP"), so that another program's SQLite file is not taken for one. */
    private static final int APPLICATION_ID = 0x4D4C4F50;
    private static final byte[] SQLITE_HEADER = "SQLite format 3\0".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    /** A store that is not the embedded backend's, found while opening it. */
    private static final class ForeignStore extends java.sql.SQLException {
        private static final long serialVersionUID = 1L;

        ForeignStore(String why) {
            super(why);
        }
    }

    /**
     * Refuses a state file that would silently start an empty store over a home that has projects: a zero-length
     * file, a file that is not SQLite, or a missing file beside existing project directories.
     */
    private static void refuseUnusable(Path home, Path file) {
        try {
            if (Files.exists(file)) {
                long size = Files.size(file);
                if (size == 0) {
                    throw refusal(file, "it is empty (0 bytes), perhaps truncated by a full disk or a failed copy");
                }
                byte[] head = new byte[SQLITE_HEADER.length];
                try (java.io.InputStream in = Files.newInputStream(file)) {
                    int n = in.readNBytes(head, 0, head.length);
                    if (n < head.length || !java.util.Arrays.equals(head, SQLITE_HEADER)) {
                        throw refusal(file, "it is not an SQLite database");
                    }
                }
            } else if (Files.isDirectory(home.resolve("projects"))) {
                try (var dirs = Files.list(home.resolve("projects"))) {
                    if (dirs.findAny().isPresent()) {
                        throw refusal(file, "it is missing while " + home.resolve("projects") + " holds projects");
                    }
                }
            }
        } catch (java.io.IOException e) {
            throw new MlopsBackendException("Cannot read the embedded backend's state store " + file + ": " + e.getMessage(),
                    e, Map.of("file", file.toString()), false);
        }
    }

    private static MlopsBackendException refusal(Path file, String why) {
        return new MlopsBackendException("Refusing the state store " + file + ": " + why + ". Opening it would start an"
                + " empty store and orphan the home's repositories and artifacts; restore the file from a backup, or point"
                + " the backend at another home", null, Map.of("file", file.toString()), false);
    }

    /**
     * Runs work in a write transaction: all of it commits, or none.
     *
     * @param work the work
     * @param <T> the result type
     * @return the work's result
     */
    public <T> T write(Work<T> work) {
        return run(work, "BEGIN IMMEDIATE");
    }

    /**
     * Runs work in a read transaction (a consistent snapshot).
     *
     * @param work the work
     * @param <T> the result type
     * @return the work's result
     */
    public <T> T read(Work<T> work) {
        return run(work, "BEGIN DEFERRED");
    }

    private <T> T run(Work<T> work, String begin) {
        try {
            return attempt(work, begin);
        } catch (MlopsBackendException e) {
            // A full disk: give back the reserve kept for this moment and try once more, so that the failure of the
            // step that filled the disk can still be recorded (a run must end Failed, not hang InProgress).
            if (DiskFull.is(e) && releaseReserve()) {
                return attempt(work, begin);
            }
            throw e;
        }
    }

    /** A few hundred KiB kept free in the home, released when the disk is full. */
    private static final int RESERVE_BYTES = 256 * 1024;

    private Path reserve() {
        return file.resolveSibling("state.reserve");
    }

    private void keepReserve() {
        Path r = reserve();
        try {
            if (!Files.exists(r) || Files.size(r) < RESERVE_BYTES) {
                Files.write(r, new byte[RESERVE_BYTES]);
            }
            OwnerOnly.restrict(r);
        } catch (java.io.IOException e) {
            // no room for it now: the store works without, only the last-resort retry is gone
            try {
                Files.deleteIfExists(r);
            } catch (java.io.IOException ignored) {
                // nothing more to do
            }
        }
    }

    private boolean releaseReserve() {
        try {
            return Files.deleteIfExists(reserve());
        } catch (java.io.IOException e) {
            return false;
        }
    }

    private <T> T attempt(Work<T> work, String begin) {
        lock.lock();
        try {
            try (Statement st = connection.createStatement()) {
                st.execute(begin);
            }
            boolean ok = false;
            try {
                Tx tx = new Tx();
                T result = work.apply(tx);
                try (Statement st = connection.createStatement()) {
                    st.execute("COMMIT");
                }
                ok = true;
                if (tx.signal) {
                    signal.changed();
                }
                return result;
            } finally {
                if (!ok) {
                    try (Statement st = connection.createStatement()) {
                        st.execute("ROLLBACK");
                    } catch (SQLException ignored) {
                        // the original failure is what matters
                    }
                }
            }
        } catch (SQLException e) {
            boolean busy = e.getMessage() != null && e.getMessage().contains("SQLITE_BUSY");
            if (DiskFull.is(e)) {
                throw new MlopsBackendException("No space left on the device holding the state store " + file + ": "
                        + e.getMessage(), e, Map.of("file", file.toString()), false);
            }
            throw new MlopsBackendException("State store " + file + " failed: " + e.getMessage(), e,
                    Map.of("file", file.toString()), busy);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        lock.lock();
        try {
            connection.close();
        } catch (SQLException e) {
            // closing a database we are done with; nothing to recover
        } finally {
            lock.unlock();
        }
    }

    /** Statements within one transaction. */
    public final class Tx {
        private boolean signal;

        private Tx() {
        }

        /** Wakes this process's pollers once the transaction commits (see {@link ChangeSignal}). */
        public void signalOnCommit() {
            signal = true;
        }

        /**
         * Runs an update.
         *
         * @param sql the statement with {@code ?} placeholders
         * @param args the arguments
         * @return rows changed
         * @throws SQLException on error
         */
        public int update(String sql, Object... args) throws SQLException {
            try (PreparedStatement ps = prepare(sql, args)) {
                return ps.executeUpdate();
            }
        }

        /**
         * Runs an insert and returns the generated row id.
         *
         * @param sql the statement
         * @param args the arguments
         * @return the row id
         * @throws SQLException on error
         */
        public long insert(String sql, Object... args) throws SQLException {
            try (PreparedStatement ps = prepare(sql, args)) {
                ps.executeUpdate();
            }
            try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery("SELECT last_insert_rowid()")) {
                rs.next();
                return rs.getLong(1);
            }
        }

        /**
         * Runs a query, mapping each row.
         *
         * @param sql the query
         * @param mapper maps a row
         * @param args the arguments
         * @param <T> the row type
         * @return the rows
         * @throws SQLException on error
         */
        public <T> List<T> query(String sql, RowMapper<T> mapper, Object... args) throws SQLException {
            try (PreparedStatement ps = prepare(sql, args); ResultSet rs = ps.executeQuery()) {
                List<T> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(mapper.map(rs));
                }
                return out;
            }
        }

        private PreparedStatement prepare(String sql, Object... args) throws SQLException {
            PreparedStatement ps = connection.prepareStatement(sql);
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            return ps;
        }
    }

    /** Maps a result row. */
    @FunctionalInterface
    public interface RowMapper<T> {
        /**
         * Maps the current row.
         *
         * @param rs the result set
         * @return the value
         * @throws SQLException on error
         */
        T map(ResultSet rs) throws SQLException;
    }
}
