package dev.mlops.local.internal;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes an older home self-contained when it is opened. Homes made before layout 2 stored absolute locations:
 * artifact URIs ({@code file:/…/artifacts/sha256/…}) in model versions' containers and lineage, repository paths,
 * monitoring report directories, and baseline paths in runs' exported configuration. Such a home, once copied or
 * moved, still pointed at the original's files, so deleting a project in the copy deleted the original's models.
 *
 * <p>This rewrites every location under the home it was written in (found from the stored paths themselves, so a
 * home copied or moved before it was migrated is recognised) to one relative to the home: artifact URIs become
 * {@code home:artifacts/sha256/…}, paths become relative. An artifact URI is only rewritten when this home holds
 * the file; one that points elsewhere is left as it is (it is still read, and never deleted). It runs once, in
 * one transaction, and records {@code layout = 2} in the {@code meta} table.
 */
final class HomeMigration {
    private static final Logger LOG = LoggerFactory.getLogger(HomeMigration.class);
    /** The layout with locations relative to the home. */
    static final int LAYOUT = 2;

    private HomeMigration() {
    }

    /**
     * Migrates the home if its layout is older than {@link #LAYOUT}.
     *
     * @param db the home's state store
     * @param home the home, absolute and normalized
     */
    static void migrate(Db db, Path home) {
        db.write(tx -> {
            List<String> layout = tx.query("SELECT value FROM meta WHERE key='layout'", rs -> rs.getString(1));
            if (!layout.isEmpty() && Integer.parseInt(layout.get(0)) >= LAYOUT) {
                return null;
            }
            int changed = run(tx, home);
            tx.update("INSERT INTO meta(key, value) VALUES('layout', ?) ON CONFLICT(key) DO UPDATE SET value=excluded.value",
                    Integer.toString(LAYOUT));
            if (changed > 0) {
                LOG.info("Home {} migrated to layout {}: {} stored location(s) made relative to the home", home, LAYOUT,
                        changed);
            }
            return null;
        });
    }

    private static int run(Db.Tx tx, Path home) throws SQLException {
        Set<Path> homes = new LinkedHashSet<>();
        homes.add(home);
        // where the rows were written: <home>/projects/<project>/repos/…, <home>/artifacts/sha256/…
        tx.query("SELECT project, path FROM repositories", rs -> {
            prefix(rs.getString(2), "projects/" + rs.getString(1) + "/repos").ifPresent(homes::add);
            return null;
        });
        List<String[]> versions = tx.query("SELECT grp, version, containers_json, lineage_json FROM model_versions",
                rs -> new String[] {rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)});
        for (String[] v : versions) {
            List<String> uris = new ArrayList<>(Json.stringMap(v[2]).values());
            uris.addAll(Json.stringMap(v[3]).values());
            for (String u : uris) {
                if (u.startsWith("file:")) {
                    prefix(filePath(u), "artifacts/sha256").ifPresent(homes::add);
                }
            }
        }
        int changed = 0;
        for (String[] v : versions) {
            Map<String, String> containers = Json.stringMap(v[2]);
            Map<String, String> lineage = Json.stringMap(v[3]);
            Map<String, String> c2 = new LinkedHashMap<>();
            containers.forEach((k, u) -> c2.put(k, artifactUri(u, homes, home)));
            Map<String, String> l2 = new LinkedHashMap<>();
            lineage.forEach((k, u) -> l2.put(k, k.equals("modelStatistics") || k.endsWith(".uri") ? artifactUri(u, homes, home) : u));
            if (!c2.equals(containers) || !l2.equals(lineage)) {
                tx.update("UPDATE model_versions SET containers_json=?, lineage_json=? WHERE grp=? AND version=?",
                        Json.write(c2), Json.write(l2), v[0], Integer.parseInt(v[1]));
                changed++;
            }
        }
        for (String[] r : tx.query("SELECT project, role, path FROM repositories",
                rs -> new String[] {rs.getString(1), rs.getString(2), rs.getString(3)})) {
            String rel = relative(r[2], homes, home, false);
            if (!rel.equals(r[2])) {
                changed += tx.update("UPDATE repositories SET path=? WHERE project=? AND role=?", rel, r[0], r[1]);
            }
        }
        for (String[] e : tx.query("SELECT id, report_dir FROM monitoring_executions WHERE report_dir IS NOT NULL",
                rs -> new String[] {rs.getString(1), rs.getString(2)})) {
            String rel = relative(e[1], homes, home, true);
            if (!rel.equals(e[1])) {
                changed += tx.update("UPDATE monitoring_executions SET report_dir=? WHERE id=?", rel, e[0]);
            }
        }
        // exported configurations name files in a run's work directory: point them into this home
        for (Path old : homes) {
            if (old.equals(home)) {
                continue;
            }
            String from = old + "/projects/";
            String to = home + "/projects/";
            changed += tx.update("UPDATE executions SET outputs_json=replace(outputs_json, ?, ?) WHERE instr(outputs_json, ?) > 0",
                    from, to, from);
        }
        return changed;
    }

    /** The home a stored path was written under: the part before {@code marker}, or empty. */
    private static java.util.Optional<Path> prefix(String stored, String marker) {
        if (stored == null) {
            return java.util.Optional.empty();
        }
        Path p = Path.of(stored);
        if (!p.isAbsolute()) {
            return java.util.Optional.empty();
        }
        Path m = Path.of(marker);
        for (int i = p.getNameCount() - m.getNameCount(); i >= 0; i--) {
            if (p.subpath(i, i + m.getNameCount()).equals(m)) {
                return java.util.Optional.of(i == 0 ? p.getRoot() : p.getRoot().resolve(p.subpath(0, i)));
            }
        }
        return java.util.Optional.empty();
    }

    private static String filePath(String fileUri) {
        try {
            return Path.of(URI.create(fileUri)).toString();
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** A {@code file:} artifact URI under one of the homes, as {@code home:…} if this home holds the file. */
    private static String artifactUri(String uri, Set<Path> homes, Path home) {
        if (uri == null || !uri.startsWith("file:")) {
            return uri;
        }
        String path = filePath(uri);
        if (path == null) {
            return uri;
        }
        String rel = relative(path, homes, home, true);
        return rel.equals(path) ? uri : LocalArtifactStore.HOME_SCHEME + rel;
    }

    /**
     * An absolute path under one of the homes, relative to it; unchanged if it is under none (or, when
     * {@code mustExist}, this home does not hold it).
     */
    private static String relative(String stored, Set<Path> homes, Path home, boolean mustExist) {
        Path p = Path.of(stored);
        if (!p.isAbsolute()) {
            return stored;
        }
        p = p.normalize();
        for (Path h : homes) {
            if (p.startsWith(h) && !p.equals(h)) {
                Path rel = h.relativize(p);
                if (!h.equals(home) && mustExist && !Files.exists(home.resolve(rel))) {
                    continue;
                }
                StringBuilder sb = new StringBuilder();
                for (int i = 0; i < rel.getNameCount(); i++) {
                    sb.append(i == 0 ? "" : "/").append(rel.getName(i));
                }
                return sb.toString();
            }
        }
        return stored;
    }
}
