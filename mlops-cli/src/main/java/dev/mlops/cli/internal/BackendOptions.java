package dev.mlops.cli.internal;

import dev.mlops.local.LocalBackend;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The options every project command shares that choose the backend composition (a picocli mixin).
 */
public final class BackendOptions {
    @Option(names = "--home", paramLabel = "DIR",
            description = "The embedded backend's home (default: -Dmlops.home, else $MLOPS_HOME, else ~/.mlops).")
    Path home;

    /** Creates the options with their defaults (picocli fills them). */
    public BackendOptions() {
    }

    /**
     * Opens the composition these options name.
     *
     * @return the connection; close it when the command ends
     */
    public Connection connect() {
        Path h = home != null ? home : LocalBackend.defaultHome();
        return new Connection(b -> b.home(h), List.of(), "local (home " + h + ")");
    }
}
